import { always, never, opt } from './shared';
import type { ProviderSpec } from './types';

/** An Anthropic API key in the keychain, served to Claude Code by this app's apiKeyHelper. */
export const anthropicApiKey = {
  kind: 'anthropic-api-key',
  label: 'Anthropic API key',
  nameHint: 'e.g. Work key',
  traits: {
    activatable: true,
    session: false,
    shareable: false,
    helperServes: 'keychain-key',
    anthropicBaseUrl: true,
    billing: 'per-token',
  },
  needsSecret: always,
  renewsItself: never,
  canSignIn: never,
  secret: {
    label: 'API key',
    prefix: 'sk-ant-',
    otherwise: 'That does not look like an Anthropic API key (they start with sk-ant-).',
  },
  fields: [{ key: 'baseUrl', flag: 'base-url', type: 'url' }],
  form: 'api-key',
  cli: {
    flags: ['key-stdin'],
    usage: ['anthropic-api-key [--base-url <url>] [--key-stdin]'],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({ name: i.name, kind: 'anthropic-api-key', ...opt('baseUrl', i.baseUrl) }),
} as const satisfies ProviderSpec<'anthropic-api-key'>;
