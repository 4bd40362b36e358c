/**
 * What `claude-auth-tray api-key` serves per kind, without loading the registry: the helper is the
 * hottest path (Claude Code runs it for every session), and the registry's specs would more than
 * double its bundle (issue 16). The registry stays the source of truth: each provider's
 * `traits.helperServes`; test/unit/helper-serves.test.ts fails when this table differs from it.
 * Kinds absent here serve nothing.
 */
export const HELPER_SERVES: Readonly<Record<string, 'keychain-key' | 'helper-key'>> = {
  'anthropic-api-key': 'keychain-key',
  gateway: 'keychain-key',
  'api-key-helper': 'helper-key',
};

/** The table's answer for a raw `kind` value from profiles.json (it may be anything). */
export function helperServes(kind: unknown): 'keychain-key' | 'helper-key' | undefined {
  return typeof kind === 'string' && Object.hasOwn(HELPER_SERVES, kind) ? HELPER_SERVES[kind] : undefined;
}
