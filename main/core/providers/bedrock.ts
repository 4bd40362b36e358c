import { consentedSecret, env, modelEntries } from '../claude-settings/plan-entries';
import { uncheckableKeyState } from '../key-state';
import {
  awsExportEntries,
  awsMonitoring,
  awsOfflineState,
  awsProfileEntries,
  awsSsoSignIn,
  awsSteps,
  awsWatchedFiles,
  awsValidate,
} from './aws-auth';
import { viaCloudProvider } from './claude-code-check';
import type { CoreProvider } from './types';

export const bedrockCore = {
  kind: 'bedrock',
  activation: (p, input) => [
    env('CLAUDE_CODE_USE_BEDROCK', '1'),
    ...awsProfileEntries(p, 'Bedrock'),
    ...(p.authMode === 'api-key' ? [consentedSecret(p, 'AWS_BEARER_TOKEN_BEDROCK', input.plaintextSecret)] : []),
    ...awsExportEntries(p, 'Bedrock'),
    ...modelEntries(p.models),
  ],
  offlineState: (p, { store, env: e, now }) =>
    awsOfflineState(p, e, now) ??
    uncheckableKeyState(p.id, store, now, 'Bedrock API key', 'written to settings.json with your consent'),
  monitoring: awsMonitoring,
  watchedFiles: awsWatchedFiles,
  signIn: awsSsoSignIn,
  loginDraft: (d, base) => ({
    ...base,
    kind: 'bedrock',
    region: 'us-east-1',
    authMode: 'aws-profile',
    ...(d.awsProfile ? { awsProfile: d.awsProfile } : {}),
  }),
  claudeCode: viaCloudProvider('bedrock'),
  endpointHost: (p) => `bedrock-runtime.${p.region}.amazonaws.com`,
  validate: awsValidate,
  bundle: {
    steps: (p, last) =>
      awsSteps(p, last, 'Amazon Bedrock') ?? [
        'Create a Bedrock API key in the AWS console (Amazon Bedrock → API keys).',
        ...last,
        'Edit the profile and paste the key (it is stored in your keychain).',
      ],
    command: (p) => p.credentialExport,
  },
} as const satisfies CoreProvider<'bedrock'>;
