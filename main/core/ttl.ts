import { readFileIfExists } from './atomic-write';
import { userSettingsPath, type Env } from './paths';

/** Claude Code's own default for apiKeyHelper (5 minutes), so the two caches stay in step. */
export const DEFAULT_HELPER_TTL_MS = 300_000;
export const TTL_ENV = 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS';

export type TtlSource = 'profile' | 'settings-env' | 'environment' | 'default';

function parseMs(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

/** The `env` block of Claude Code's user settings, or {} when missing or unreadable. */
export function settingsEnvBlock(env: Env = process.env, settingsText?: string): Readonly<Record<string, unknown>> {
  try {
    const text = settingsText ?? readFileIfExists(userSettingsPath(env));
    if (!text) return {};
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as { env?: unknown }; // a BOM is allowed

    return json.env && typeof json.env === 'object' ? (json.env as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * CLAUDE_CODE_API_KEY_HELPER_TTL_MS from the settings `env` block, or undefined. The apiKeyHelper hot
 * path calls this on every run: a file that does not mention the variable at all (almost every
 * file) is not parsed (issue 16: +7 % at 1 MB). A file that does, or that has a \\u escape
 * anywhere, is parsed as before.
 */
export function settingsTtlValue(env: Env = process.env): unknown {
  let text: string | undefined;
  try {
    text = readFileIfExists(userSettingsPath(env));
  } catch {
    return undefined;
  }
  // A key spelled with \u escapes is the same key to JSON.parse: such a file is parsed too.
  if (!text || (!text.includes(TTL_ENV) && !text.includes('\\u'))) return undefined;
  return settingsEnvBlock(env, text)[TTL_ENV];
}

/**
 * The helper TTL: the profile's own setting, else CLAUDE_CODE_API_KEY_HELPER_TTL_MS — from the
 * settings `env` block first (Claude Code lets it override the shell), then the environment —
 * else 300,000 ms.
 */
export function resolveHelperTtl(
  profileTtlMs: number | undefined,
  env: Env = process.env,
  settingsTtl: () => unknown = () => settingsTtlValue(env),
): { ms: number; source: TtlSource } {
  if (profileTtlMs !== undefined && profileTtlMs > 0) return { ms: profileTtlMs, source: 'profile' };
  const fromSettings = parseMs(settingsTtl());
  if (fromSettings !== undefined) return { ms: fromSettings, source: 'settings-env' };
  const fromEnv = parseMs(env[TTL_ENV]);
  if (fromEnv !== undefined) return { ms: fromEnv, source: 'environment' };
  return { ms: DEFAULT_HELPER_TTL_MS, source: 'default' };
}
