import {
  AWS_AUTH_FIELDS,
  AWS_COMMAND_MODE,
  AWS_PROFILE_MODE,
  AWS_REGION_FIELD,
  AWS_SSO_MODE,
  awsLoginPanel,
  awsModeFromOptions,
} from './aws-auth';
import { HAIKU_MODEL_FIELD, inModes, MODEL_FIELD, modelsOf, never, opt } from './shared';
import type { ProviderSpec } from './types';

const AUTH_MODES = ['aws-profile', 'sso', 'credential-export'] as const;

/**
 * Claude Platform on AWS: CLAUDE_CODE_USE_ANTHROPIC_AWS with a workspace (ANTHROPIC_AWS_WORKSPACE_ID,
 * required), an AWS region and AWS credentials in one of Bedrock's modes: the credential chain / a
 * profile, AWS SSO, or a credential command.
 */
export const claudePlatformAws = {
  kind: 'claude-platform-aws',
  label: 'Claude Platform on AWS',
  shortLabel: 'Claude Platform on AWS',
  nameHint: 'e.g. Claude on AWS',
  traits: { activatable: true, session: true, shareable: true },
  needsSecret: never,
  renewsItself: inModes('credential-export'),
  command: 'credential command',
  canSignIn: inModes('sso'),
  loginPanel: awsLoginPanel,
  authModes: [AWS_PROFILE_MODE, AWS_SSO_MODE, AWS_COMMAND_MODE],
  fields: [
    {
      key: 'workspaceId',
      flag: 'workspace-id',
      type: 'text',
      required: true,
      label: 'Workspace id',
      placeholder: 'wrkspc_…',
      hint: 'The Claude Platform workspace the requests are billed to (ANTHROPIC_AWS_WORKSPACE_ID).',
    },
    AWS_REGION_FIELD,
    ...AWS_AUTH_FIELDS,
    {
      key: 'baseUrl',
      flag: 'base-url',
      type: 'url',
      label: 'Base URL (optional)',
      hint: 'ANTHROPIC_AWS_BASE_URL, for a gateway; empty means the platform’s own endpoint.',
    },
    MODEL_FIELD,
    HAIKU_MODEL_FIELD,
  ],
  form: 'fields',
  cli: {
    flags: ['sso'],
    usage: [
      'claude-platform-aws --workspace-id <id> --region <r> [--aws-profile <p>] [--sso] [--base-url <url>]',
      '        [--credential-export <cmd>] [--model <id>] [--haiku-model <id>]',
    ],
    fromOptions: (o, fail) => awsModeFromOptions(o, fail),
  },
  fromFlat: (i) => {
    const authMode = AUTH_MODES.find((m) => m === i.authMode) ?? 'aws-profile';
    return {
      name: i.name,
      kind: 'claude-platform-aws',
      workspaceId: i.workspaceId ?? '',
      region: i.region ?? '',
      authMode,
      ...opt('awsProfile', i.awsProfile),
      ...opt('credentialExport', authMode === 'credential-export' ? i.credentialExport : undefined),
      ...opt('baseUrl', i.baseUrl),
      ...modelsOf(i),
    };
  },
} as const satisfies ProviderSpec<'claude-platform-aws'>;
