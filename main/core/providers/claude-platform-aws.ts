import { env, modelEntries } from '../claude-settings/plan-entries';
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

const NAME = 'Claude Platform on AWS';

/**
 * Claude Platform on AWS (claude-code-auth.md, verified against Claude Code 2.1.197): requests go to
 * /v1/messages, SigV4-signed (service aws-external-anthropic) with the AWS credentials Claude Code
 * finds, plus an anthropic-workspace-id header. The AWS side is Bedrock's (aws-auth.ts).
 */
export const claudePlatformAwsCore = {
  kind: 'claude-platform-aws',
  activation: (p) => [
    env('CLAUDE_CODE_USE_ANTHROPIC_AWS', '1'),
    env('ANTHROPIC_AWS_WORKSPACE_ID', p.workspaceId),
    ...awsProfileEntries(p, NAME),
    ...awsExportEntries(p, NAME),
    ...(p.baseUrl ? [env('ANTHROPIC_AWS_BASE_URL', p.baseUrl)] : []),
    ...modelEntries(p.models),
  ],
  // Every mode of this provider is an AWS one; the fallback is never reached.
  offlineState: (p, { env: e, now }) =>
    awsOfflineState(p, e, now) ?? {
      profileId: p.id,
      lastCheckedAt: now,
      status: 'unknown',
      detail: { kind: 'not-checked', message: 'unknown AWS credential mode' },
      next: 'none',
    },
  monitoring: awsMonitoring,
  watchedFiles: awsWatchedFiles,
  signIn: awsSsoSignIn,
  loginDraft: (d, base) => ({
    ...base,
    kind: 'claude-platform-aws',
    workspaceId: 'draft',
    region: 'us-east-1',
    authMode: 'aws-profile',
    ...(d.awsProfile ? { awsProfile: d.awsProfile } : {}),
  }),
  // `claude auth status` says "apiProvider": "anthropicAws" (seen with Claude Code 2.1.197; the compat suite pins it).
  claudeCode: viaCloudProvider('anthropicAws'),
  validate: awsValidate,
  bundle: {
    steps: (p, last) => awsSteps(p, last, NAME) ?? [...last],
    command: (p) => p.credentialExport,
  },
} as const satisfies CoreProvider<'claude-platform-aws'>;
