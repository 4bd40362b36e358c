import { always, never, opt } from './shared';
import type { ProviderSpec } from './types';

/** The user's own apiKeyHelper command, run by this app on Claude Code's TTL and cached in the keychain. */
export const apiKeyHelper = {
  kind: 'api-key-helper',
  label: 'API key helper',
  nameHint: 'e.g. Vault key',
  traits: {
    activatable: true,
    session: false,
    shareable: false,
    helperServes: 'helper-key',
    anthropicBaseUrl: true,
    billing: 'per-token',
    keyInCache: true,
  },
  // Its keychain item is its key cache, filled by the helper.
  needsSecret: never,
  renewsItself: always,
  command: 'key helper',
  canSignIn: never,
  fields: [
    { key: 'command', flag: 'command', type: 'text', required: true },
    { key: 'ttlMs', flag: 'ttl-ms', type: 'ms' },
    { key: 'timeoutMs', flag: 'timeout-ms', type: 'ms' },
    { key: 'baseUrl', flag: 'base-url', type: 'url' },
  ],
  form: 'helper',
  cli: {
    flags: [],
    usage: ['api-key-helper --command <cmd> [--ttl-ms <n>] [--timeout-ms <n>] [--base-url <url>]'],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({
    name: i.name,
    kind: 'api-key-helper',
    command: i.command ?? '',
    ...opt('baseUrl', i.baseUrl),
    ...opt('ttlMs', i.ttlMs),
    ...opt('timeoutMs', i.timeoutMs),
  }),
} as const satisfies ProviderSpec<'api-key-helper'>;
