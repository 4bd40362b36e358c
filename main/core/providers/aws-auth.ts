/**
 * Core's side of the AWS credential modes Bedrock and Claude Platform on AWS share: the settings
 * entries, the state from the SSO cache / credential chain, the monitoring of a credential command,
 * the watched files, `aws sso login`, and the bundle steps.
 */
import type { AuthState } from '../../../common/auth-state';
import { badProfile, env, shellWord, type PlanEntry } from '../claude-settings/plan-entries';
import { awsFilesFor, bedrockChainState, bedrockSsoState } from '../expiry/aws';
import { awsCredentialCommand } from '../expiry/aws-export';
import type { Env } from '../paths';
import type { Monitoring, SignInCommand } from './types';

/** What an AWS-authenticated profile has. */
export interface AwsAuthed {
  readonly id: string;
  readonly region: string;
  readonly authMode: string;
  readonly awsProfile?: string | undefined;
  readonly credentialExport?: string | undefined;
}

/** AWS_REGION, then AWS_PROFILE (and awsAuthRefresh for SSO). `what` names the provider in errors. */
export function awsProfileEntries(p: AwsAuthed, what: string): PlanEntry[] {
  const out: PlanEntry[] = [env('AWS_REGION', p.region)];
  if (p.awsProfile) out.push(env('AWS_PROFILE', p.awsProfile));
  if (p.authMode === 'sso') {
    if (!p.awsProfile) throw badProfile(`An SSO ${what} profile needs an AWS profile name (--aws-profile).`);
    out.push({ path: ['awsAuthRefresh'], value: `aws sso login --profile ${shellWord(p.awsProfile)}` });
  }
  return out;
}

/** awsCredentialExport for a credential-command profile. */
export function awsExportEntries(p: AwsAuthed, what: string): PlanEntry[] {
  if (p.authMode !== 'credential-export') return [];
  if (!p.credentialExport) throw badProfile(`A credential-export ${what} profile needs its command.`);
  return [{ path: ['awsCredentialExport'], value: p.credentialExport }];
}

/** The state of SSO, credential-command and chain profiles (undefined for another mode). */
export function awsOfflineState(p: AwsAuthed, e: Env, now: number): AuthState | undefined {
  if (p.authMode === 'sso' && p.awsProfile) return bedrockSsoState(p.id, p.awsProfile, e, now);
  if (p.authMode === 'credential-export')
    return {
      profileId: p.id,
      lastCheckedAt: now,
      status: 'unknown',
      detail: {
        kind: 'not-checked',
        message: 'the credential export command has not been run yet (the tray runs it, or `claude-auth-tray refresh`)',
      },
      next: 'refresh',
    };
  if (p.authMode === 'aws-profile' || p.authMode === 'sso') return bedrockChainState(p.id, p.awsProfile, e, now);
  return undefined;
}

/** Run like Claude Code (or its AWS SDK) runs it: at once, then a little before the credentials expire. */
export function awsMonitoring(p: AwsAuthed, e: Env): Extract<Monitoring, { how: 'credential-command' | 'files' }> {
  const command = awsCredentialCommand(p, e);
  return command ? { how: 'credential-command', command } : { how: 'files' };
}

export function awsWatchedFiles(p: AwsAuthed, e: Env): string[] {
  return p.authMode === 'aws-profile' || p.authMode === 'sso' ? awsFilesFor(p.awsProfile, e) : [];
}

export function awsSsoSignIn(p: { readonly awsProfile?: string | undefined }): SignInCommand | undefined {
  return p.awsProfile ? { bin: 'aws', args: ['sso', 'login', '--profile', p.awsProfile] } : undefined;
}

/** What each person runs to get AWS credentials for `service` (bundle steps), then `last`. */
export function awsSteps(p: AwsAuthed, last: readonly string[], service: string): string[] | undefined {
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
      `Check that it prints {"Credentials":{"AccessKeyId",…,"Expiration"}} (as \`aws sts get-session-token --output json\` does): ${p.credentialExport ?? '<command>'}`,
      ...last,
    ];
  }
  if (p.authMode === 'aws-profile')
    return [
      'Install the AWS CLI v2.',
      `aws configure --profile ${p.awsProfile ?? 'default'}   (credentials with access to ${service} in ${p.region})`,
      ...last,
    ];
  return undefined;
}

/**
 * An AWS region's shape (issue 17: input is checked where it enters): us-east-1, eu-central-1,
 * ap-southeast-2, us-gov-west-1, cn-north-1. Only new and changed profiles are checked
 * (validateProfile), so a stored profile never stops profiles.json from loading.
 */
export const AWS_REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The rules Bedrock and Claude Platform on AWS share beyond the schema: the region, the command. */
export function awsValidate(p: AwsAuthed): string | undefined {
  if (!AWS_REGION_RE.test(p.region)) return 'Invalid profile: region: not an AWS region; give one such as us-east-1.';
  return p.authMode === 'credential-export' && !p.credentialExport
    ? 'Invalid profile: credentialExport: a credential-export profile needs its command.'
    : undefined;
}
