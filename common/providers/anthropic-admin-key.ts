import { always, never, opt } from './shared';
import type { ProviderSpec } from './types';

/** An Admin API key (sk-ant-admin…): team management only, never given to Claude Code (issue 8). */
export const anthropicAdminKey = {
  kind: 'anthropic-admin-key',
  label: 'Anthropic Admin key (team management)',
  nameHint: 'e.g. Org admin',
  traits: { activatable: false, session: false, shareable: false, adminKey: true, anthropicBaseUrl: true },
  needsSecret: always,
  renewsItself: never,
  canSignIn: never,
  secret: {
    label: 'Admin key',
    prefix: 'sk-ant-admin',
    otherwise: 'That is not an Admin key (Admin keys start with sk-ant-admin).',
    otherwiseNext:
      'An API key is added as an Anthropic API key profile (claude-auth-tray add anthropic-api-key, or Add profile → Anthropic API key).',
  },
  fields: [{ key: 'baseUrl', flag: 'base-url', type: 'url' }],
  form: 'api-key',
  cli: {
    flags: ['key-stdin'],
    usage: ['anthropic-admin-key [--key-stdin] [--base-url <url>]   (team management; never used by Claude Code)'],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({ name: i.name, kind: 'anthropic-admin-key', ...opt('baseUrl', i.baseUrl) }),
} as const satisfies ProviderSpec<'anthropic-admin-key'>;
