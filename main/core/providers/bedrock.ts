import { bedrockProfile } from '../../../common/profile';
import {
  badProfile,
  consentedSecret,
  env,
  modelEntries,
  shellWord,
  type PlanEntry,
} from '../claude-settings/plan-entries';
import { awsFilesFor, bedrockChainState, bedrockSsoState } from '../expiry/aws';
import { bedrockCredentialCommand } from '../expiry/aws-export';
import { keychainKeyState } from '../key-state';
import { viaCloudProvider } from './claude-code-check';
import type { CoreProvider } from './types';

export const bedrockCore = {
  kind: 'bedrock',
  activation: (p, input) => {
    const out: PlanEntry[] = [env('CLAUDE_CODE_USE_BEDROCK', '1'), env('AWS_REGION', p.region)];
    if (p.awsProfile) out.push(env('AWS_PROFILE', p.awsProfile));
    if (p.authMode === 'sso') {
      if (!p.awsProfile) throw badProfile('An SSO Bedrock profile needs an AWS profile name (--aws-profile).');
      out.push({ path: ['awsAuthRefresh'], value: `aws sso login --profile ${shellWord(p.awsProfile)}` });
    }
    if (p.authMode === 'api-key') out.push(consentedSecret(p, 'AWS_BEARER_TOKEN_BEDROCK', input.plaintextSecret));
    if (p.authMode === 'credential-export') {
      if (!p.credentialExport) throw badProfile('A credential-export Bedrock profile needs its command.');
      out.push({ path: ['awsCredentialExport'], value: p.credentialExport });
    }
    return [...out, ...modelEntries(p.models)];
  },
  offlineState: (p, { store, env: e, now }) => {
    if (p.authMode === 'sso' && p.awsProfile) return bedrockSsoState(p.id, p.awsProfile, e, now);
    if (p.authMode === 'credential-export')
      return {
        profileId: p.id,
        lastCheckedAt: now,
        status: 'unknown',
        detail: {
          kind: 'not-checked',
          message:
            'the credential export command has not been run yet (the tray runs it, or `claude-auth-tray refresh`)',
        },
        next: 'refresh',
      };
    if (p.authMode === 'api-key')
      return keychainKeyState(p.id, store, now, 'Bedrock API key', 'written to settings.json with your consent');
    return bedrockChainState(p.id, p.awsProfile, e, now);
  },
  monitoring: (p, e) => {
    // Run like Claude Code (or its AWS SDK) runs it: at once, then a little before the credentials expire.
    const command = bedrockCredentialCommand(p, e);
    return command ? { how: 'credential-command', command } : { how: 'files' };
  },
  watchedFiles: (p, e) =>
    p.authMode !== 'api-key' && p.authMode !== 'credential-export' ? awsFilesFor(p.awsProfile, e) : [],
  signIn: (p) => (p.awsProfile ? { bin: 'aws', args: ['sso', 'login', '--profile', p.awsProfile] } : undefined),
  loginDraft: (d, base) => ({
    ...base,
    kind: 'bedrock',
    region: 'us-east-1',
    authMode: 'aws-profile',
    ...(d.awsProfile ? { awsProfile: d.awsProfile } : {}),
  }),
  claudeCode: viaCloudProvider('bedrock'),
  validate: (p) =>
    p.authMode === 'credential-export' && !p.credentialExport
      ? 'Invalid profile: credentialExport: a credential-export profile needs its command.'
      : undefined,
  bundle: {
    schema: bedrockProfile.omit({ id: true, createdAt: true, allowPlaintextSecret: true }),
    steps: (p, last) => {
      if (p.authMode === 'sso') {
        return [
          'Install the AWS CLI v2.',
          `aws configure sso --profile ${p.awsProfile ?? '<profile>'}   (use the start URL and account your admin gave you)`,
          `aws sso login --profile ${p.awsProfile ?? '<profile>'}`,
          ...last,
        ];
      }
      if (p.authMode === 'credential-export') {
        return [
          'Install what the credential command needs (your admin knows), and sign in to it.',
          `Check that it prints credentials: ${p.credentialExport ?? '<command>'}`,
          ...last,
        ];
      }
      if (p.authMode === 'api-key') {
        return [
          'Create a Bedrock API key in the AWS console (Amazon Bedrock → API keys).',
          ...last,
          'Edit the profile and paste the key (it is stored in your keychain).',
        ];
      }
      return [
        'Install the AWS CLI v2.',
        `aws configure --profile ${p.awsProfile ?? 'default'}   (credentials with access to Amazon Bedrock in ${p.region})`,
        ...last,
      ];
    },
    command: (p) => p.credentialExport,
  },
} as const satisfies CoreProvider<'bedrock'>;
