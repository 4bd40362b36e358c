import {
  AWS_AUTH_FIELDS,
  AWS_COMMAND_MODE,
  AWS_PROFILE_MODE,
  AWS_REGION_FIELD,
  AWS_SSO_MODE,
  awsLoginPanel,
  awsModeFromOptions,
} from './aws-auth';
import { HAIKU_MODEL_FIELD, inModes, modelsOf, opt } from './shared';
import type { ProviderSpec } from './types';

const BEDROCK_KEY = { variable: 'AWS_BEARER_TOKEN_BEDROCK', what: 'Bedrock API key' } as const;
const AUTH_MODES = ['aws-profile', 'sso', 'api-key', 'credential-export'] as const;

/**
 * Amazon Bedrock: the AWS credential chain / a profile ('aws-profile'), AWS SSO ('sso', adds
 * awsAuthRefresh), a Bedrock API key ('api-key', AWS_BEARER_TOKEN_BEDROCK) or a credential command
 * ('credential-export', awsCredentialExport).
 */
export const bedrock = {
  kind: 'bedrock',
  label: 'Amazon Bedrock',
  shortLabel: 'Bedrock',
  nameHint: 'e.g. Bedrock prod',
  traits: { activatable: true, session: true, shareable: true },
  needsSecret: inModes('api-key'),
  envSecret: (p) => (p.authMode === 'api-key' ? BEDROCK_KEY : undefined),
  renewsItself: inModes('credential-export'),
  command: 'credential command',
  canSignIn: inModes('sso'),
  loginPanel: awsLoginPanel,
  authModes: [AWS_PROFILE_MODE, AWS_SSO_MODE, AWS_COMMAND_MODE, { value: 'api-key', label: 'Bedrock API key' }],
  fields: [
    AWS_REGION_FIELD,
    ...AWS_AUTH_FIELDS,
    { key: 'allowPlaintextSecret', flag: 'allow-plaintext-secret', type: 'env-secret', modes: ['api-key'] },
    {
      key: 'model',
      flag: 'model',
      type: 'text',
      label: 'Model (optional)',
      placeholder: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    },
    HAIKU_MODEL_FIELD,
  ],
  form: 'fields',
  cli: {
    flags: ['sso', 'key-stdin', 'allow-plaintext-secret'],
    usage: [
      'bedrock --region <r> [--aws-profile <p>] [--sso] [--model <id>] [--haiku-model <id>]',
      '        [--key-stdin --allow-plaintext-secret]   (Bedrock API key, written to settings.json)',
      '        [--credential-export <cmd>]   (awsCredentialExport: a command printing {"Credentials":{…}})',
    ],
    fromOptions: (o, fail) => awsModeFromOptions(o, fail, BEDROCK_KEY),
  },
  fromFlat: (i) => {
    const authMode = AUTH_MODES.find((m) => m === i.authMode) ?? 'aws-profile';
    return {
      name: i.name,
      kind: 'bedrock',
      region: i.region ?? '',
      authMode,
      ...opt('awsProfile', i.awsProfile),
      ...opt('credentialExport', authMode === 'credential-export' ? i.credentialExport : undefined),
      ...(authMode === 'api-key' ? { allowPlaintextSecret: Boolean(i.allowPlaintextSecret) } : {}),
      ...modelsOf(i),
    };
  },
} as const satisfies ProviderSpec<'bedrock'>;
