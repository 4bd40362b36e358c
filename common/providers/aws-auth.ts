/**
 * The AWS credential modes Bedrock and Claude Platform on AWS share: the default chain / a profile
 * ('aws-profile'), AWS SSO ('sso', adds awsAuthRefresh) and a credential command
 * ('credential-export', awsCredentialExport). Bedrock adds its own API key ('api-key').
 */
import { plaintextConsent } from './shared';
import type { AuthModeDescriptor, CliOptions, EnvSecret, FieldDescriptor, FlatInput, ModeOf } from './types';

export const AWS_PROFILE_MODE: AuthModeDescriptor = {
  value: 'aws-profile',
  label: 'AWS profile (default credential chain)',
};
export const AWS_SSO_MODE: AuthModeDescriptor = { value: 'sso', label: 'AWS SSO (IAM Identity Center)' };
export const AWS_COMMAND_MODE: AuthModeDescriptor = {
  value: 'credential-export',
  label: 'Credential command (awsCredentialExport)',
};

export const AWS_REGION_FIELD: FieldDescriptor = {
  key: 'region',
  flag: 'region',
  type: 'text',
  required: true,
  label: 'AWS region',
  placeholder: 'us-east-1',
};

/** The auth-mode choice, the credential command and the AWS profile, in the form's order. */
export const AWS_AUTH_FIELDS: readonly FieldDescriptor[] = [
  { key: 'authMode', flag: 'auth-mode', type: 'mode', label: 'How to authenticate' },
  {
    key: 'credentialExport',
    flag: 'credential-export',
    type: 'text',
    required: true,
    modes: ['credential-export'],
    label: 'Command that prints AWS credentials',
    placeholder: 'aws sts get-session-token --profile prod --output json',
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
];

/** The provider's own login (the AWS profile's, or its SSO session) is shown for these modes. */
export const awsLoginPanel = (p: ModeOf): boolean => p.authMode !== 'api-key' && p.authMode !== 'credential-export';

/**
 * The CLI's AWS mode flags: --sso needs --aws-profile, the modes exclude each other, and a Bedrock
 * API key (--key-stdin, when the provider has one) needs --allow-plaintext-secret.
 */
export function awsModeFromOptions(
  o: CliOptions,
  fail: (message: string) => never,
  apiKey?: EnvSecret,
): Partial<FlatInput> {
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  if (o.sso && !str('aws-profile')) fail('option --sso needs --aws-profile <p>');
  const modes = (['sso', 'key-stdin', 'credential-export'] as const).filter((m) => o[m] !== undefined);
  if (modes.length > 1) fail(`options --${modes[0]} and --${modes[1]} exclude each other`);
  const exportCommand = str('credential-export');
  if (o['credential-export'] !== undefined && !exportCommand) fail('option --credential-export needs a command');
  const authMode = o['key-stdin'] ? 'api-key' : o.sso ? 'sso' : exportCommand ? 'credential-export' : 'aws-profile';
  if (authMode === 'api-key' && apiKey && !o['allow-plaintext-secret']) throw plaintextConsent(apiKey.variable);
  return { authMode, ...(authMode === 'api-key' ? { allowPlaintextSecret: true } : {}) };
}
