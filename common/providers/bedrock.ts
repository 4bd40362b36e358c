import { HAIKU_MODEL_FIELD, inModes, modelsOf, opt, plaintextConsent } from './shared';
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
  nameHint: 'e.g. Bedrock prod',
  traits: { activatable: true, session: true, shareable: true },
  needsSecret: inModes('api-key'),
  envSecret: (p) => (p.authMode === 'api-key' ? BEDROCK_KEY : undefined),
  renewsItself: inModes('credential-export'),
  command: 'credential command',
  canSignIn: inModes('sso'),
  loginPanel: (p) => p.authMode !== 'api-key' && p.authMode !== 'credential-export',
  authModes: [
    { value: 'aws-profile', label: 'AWS profile (default credential chain)' },
    { value: 'sso', label: 'AWS SSO (IAM Identity Center)' },
    { value: 'credential-export', label: 'Credential command (awsCredentialExport)' },
    { value: 'api-key', label: 'Bedrock API key' },
  ],
  fields: [
    { key: 'region', flag: 'region', type: 'text', required: true, label: 'AWS region', placeholder: 'us-east-1' },
    { key: 'authMode', flag: 'auth-mode', type: 'mode', label: 'How to authenticate' },
    {
      key: 'credentialExport',
      flag: 'credential-export',
      type: 'text',
      required: true,
      modes: ['credential-export'],
      label: 'Command that prints AWS credentials',
      placeholder: 'aws configure export-credentials --profile prod',
      hint: 'It must print {"Credentials":{"AccessKeyId",…,"Expiration"}}. Claude Code runs it, and again 5 minutes before the credentials expire; this app runs it to show when.',
    },
    {
      key: 'awsProfile',
      flag: 'aws-profile',
      type: 'text',
      modes: ['aws-profile', 'sso'],
      choices: 'aws-profiles',
      label: 'AWS profile',
      hintByMode: { sso: 'Claude Code runs “aws sso login” for this profile when the session has expired.' },
    },
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
    fromOptions: (o, fail) => {
      const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      if (o.sso && !str('aws-profile')) fail('option --sso needs --aws-profile <p>');
      const modes = (['sso', 'key-stdin', 'credential-export'] as const).filter((m) => o[m] !== undefined);
      if (modes.length > 1) fail(`options --${modes[0]} and --${modes[1]} exclude each other`);
      const exportCommand = str('credential-export');
      if (o['credential-export'] !== undefined && !exportCommand) fail('option --credential-export needs a command');
      const authMode = o['key-stdin'] ? 'api-key' : o.sso ? 'sso' : exportCommand ? 'credential-export' : 'aws-profile';
      if (authMode === 'api-key' && !o['allow-plaintext-secret']) throw plaintextConsent(BEDROCK_KEY.variable);
      return { authMode, ...(authMode === 'api-key' ? { allowPlaintextSecret: true } : {}) };
    },
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
