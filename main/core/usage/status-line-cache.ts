/**
 * The status line's cache (issue 15: wrapping the user's line must add no visible delay). The shell
 * line of statusLineCommand prints our text from this file instead of waiting for Node: one line per
 * session key, `<key>\t<text>`, where the key is what the session's environment and input say that
 * changes who pays (see sessionKey) — never a secret, only whether a key variable is set. It is
 * current while it is newer than profiles.json (`[ cache -nt profiles.json ]`, nanoseconds in dash
 * 0.5.12 and bash; at worst a coarse clock reads as "not newer", which only costs the slow path):
 * every writer renders from the profiles.json it read and removes the cache again when that file
 * changed meanwhile, so a cache newer than profiles.json was rendered from it. Anything else — no
 * cache, an older one, no line for this key — runs our Node command synchronously (correct, slower),
 * which writes the line for next time. The limits come from the account's usage record, so they are
 * one refresh behind: the detached recorder (`statusline --record`) records each reading and
 * renders again.
 *
 * Hot path (the status-line bundle): no schema library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sanitizeForTerminal } from '../../../common/terminal-text';
import { USAGE_STALE_MS, usageWindowText } from '../../../common/usage-text';
import { writeFileAtomic } from '../atomic-write';
import { tryLock } from '../file-lock';
import { readUsageRecords, usageFor, type UsageReading, type UsageRecord } from './usage-record';
import { CLOUD_ENV, whoPays, type RawProfile } from './who-pays';

export const STATUS_CACHE_FILE = 'statusline-cache.txt';
export const STATUS_CACHE_LOCK = 'statusline-cache.lock';
/** Lines kept in the cache (each session key is one; old ones drop out). */
const MAX_KEYS = 16;

/** The session variables that change who pays, in key order: the login folder, then the cloud switches. */
export const KEY_VARS: readonly string[] = ['CLAUDE_SECURESTORAGE_CONFIG_DIR', ...CLOUD_ENV.map(([v]) => v)];
/** Only whether these are set goes into a key (never their values: they are secrets). */
const SECRET_VARS = [
  ['ANTHROPIC_API_KEY', 'k'],
  ['ANTHROPIC_AUTH_TOKEN', 't'],
] as const;
/** The marker of an input that carries limits, as the shell tests it (a `case` pattern, no JSON parser). */
export const LIMITS_MARKER = '"rate_limits":{"';

export const statusCachePath = (dataDir: string): string => path.join(dataDir, STATUS_CACHE_FILE);

/** A key has no separator, tab or line break inside a value (those sessions just take the slow path). */
const keySafe = (v: string): boolean => !/[|\t\n\r]/.test(v);

/**
 * The session key: `<login folder>|<cloud switches…>|<k if ANTHROPIC_API_KEY set><t if ANTHROPIC_AUTH_TOKEN>|<L if limits>`.
 * The shell line builds the same string (keyShellExpr); undefined when a value cannot be keyed.
 */
export function sessionKey(env: NodeJS.ProcessEnv, inputText: string): string | undefined {
  const vals = KEY_VARS.map((v) => env[v] ?? '');
  if (!vals.every(keySafe)) return undefined;
  const secrets = SECRET_VARS.map(([v, c]) => (env[v] ? c : '')).join('');
  return [...vals, secrets, inputText.includes(LIMITS_MARKER) ? 'L' : ''].join('|');
}

/** The POSIX sh that sets `k` to sessionKey() (the input in `$i`). */
export function keyShellExpr(): string {
  const vals = KEY_VARS.map((v) => `$${v}`);
  const secrets = SECRET_VARS.map(([v, c]) => `\${${v}:+${c}}`).join('');
  return `k="${[...vals, secrets].join('|')}|"; case $i in *'${LIMITS_MARKER}'*) k=\${k}L;; esac`;
}

/** The environment and limit flag a key stands for (values that only need to be set come back as "1"). */
export function keyEnv(key: string): { env: NodeJS.ProcessEnv; hasLimits: boolean } | undefined {
  const parts = key.split('|');
  if (parts.length !== KEY_VARS.length + 2) return undefined;
  const env: NodeJS.ProcessEnv = {};
  KEY_VARS.forEach((v, n) => {
    if (parts[n]) env[v] = parts[n];
  });
  const secrets = parts[KEY_VARS.length]!;
  for (const [v, c] of SECRET_VARS) if (secrets.includes(c)) env[v] = '1';
  const flag = parts[KEY_VARS.length + 1];
  if (flag !== '' && flag !== 'L') return undefined;
  return { env, hasLimits: flag === 'L' };
}

/** The key of a plain session (no login folder, no cloud, no key variable), with and without limits. */
const PLAIN_KEYS = [`${'|'.repeat(KEY_VARS.length + 1)}L`, '|'.repeat(KEY_VARS.length + 1)];

export function readRawProfiles(profilesFile: string): { active?: string; profiles: RawProfile[] } {
  try {
    const f = JSON.parse(fs.readFileSync(profilesFile, 'utf8').replace(/^\uFEFF/, '')) as {
      activeProfileId?: unknown;
      profiles?: unknown;
    };
    return {
      ...(typeof f.activeProfileId === 'string' ? { active: f.activeProfileId } : {}),
      profiles: Array.isArray(f.profiles) ? (f.profiles as RawProfile[]) : [],
    };
  } catch {
    return { profiles: [] };
  }
}

export function limitsText(r: UsageReading | undefined, now: number): string[] {
  if (!r) return [];
  return [
    ...(r.fiveHour ? [`5h ${usageWindowText(r.fiveHour, now)}`] : []),
    ...(r.sevenDay ? [`week ${usageWindowText(r.sevenDay, now)}`] : []),
  ];
}

/**
 * Our line: profile · payer · limits · warning, made safe for Claude Code's TUI as a whole (a name
 * from profiles.json reaches the warning too, and an unknown kind the payer). One line, no control
 * character, no escape sequence.
 */
export function lineText(
  f: { active?: string; profiles: readonly RawProfile[] },
  env: NodeJS.ProcessEnv,
  hasLimits: boolean,
  limits: readonly string[],
): string {
  const w = whoPays(f.profiles, f.active, env, hasLimits);
  return sanitizeForTerminal(
    [w.name ?? '', w.payer, ...limits, ...(w.warning ? [`⚠ ${w.warning}`] : [])].filter(Boolean).join(' · '),
  );
}

/**
 * The cached text for a key: the limits from the account's latest record. None for a session with
 * limits whose account has no reading from the last USAGE_STALE_MS (the first line of a session, a
 * switch to an account not seen lately): that line takes the slow path once and shows the reading it
 * was given, instead of none or an old one.
 */
export function cachedText(
  f: { active?: string; profiles: readonly RawProfile[] },
  records: readonly UsageRecord[],
  key: string,
  now: number,
): string | undefined {
  const k = keyEnv(key);
  if (!k) return undefined;
  let limits: string[] = [];
  if (k.hasLimits) {
    const rec = usageFor(records, k.env.CLAUDE_SECURESTORAGE_CONFIG_DIR || undefined);
    limits = limitsText(rec, now);
    if (!rec || limits.length === 0 || now - rec.seenAt > USAGE_STALE_MS) return undefined;
  }
  return lineText(f, k.env, k.hasLimits, limits);
}

/** The keys in a cache file, in order (unreadable: none). */
export function cacheKeys(dataDir: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(statusCachePath(dataDir), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(0, l.indexOf('\t')));
}

interface Stamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeNs: bigint;
}
function stampOf(file: string): Stamp | undefined {
  try {
    const s = fs.statSync(file, { bigint: true });
    return { ino: Number(s.ino), size: Number(s.size), mtimeNs: s.mtimeNs };
  } catch {
    return undefined;
  }
}
const sameStamp = (a: Stamp | undefined, b: Stamp | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs);

/**
 * Renders the cache for `first` (the keys a caller just saw) and every key it already holds, from
 * profiles.json as it is now; the caller holds the cache lock. If profiles.json changes while we
 * render, the cache is removed instead (the slow path renders it again), so a cache newer than
 * profiles.json never holds text from an older one.
 */
export function writeStatusCache(dataDir: string, first: readonly string[], now = Date.now()): void {
  const profilesFile = path.join(dataDir, 'profiles.json');
  const before = stampOf(profilesFile);
  const f = readRawProfiles(profilesFile);
  const keys = [...new Set([...first, ...cacheKeys(dataDir), ...PLAIN_KEYS])].slice(0, MAX_KEYS);
  const records = readUsageRecords(dataDir);
  const lines: string[] = [];
  for (const key of keys) {
    const text = cachedText(f, records, key, now);
    if (text) lines.push(`${key}\t${text}\n`);
  }
  const file = statusCachePath(dataDir);
  writeFileAtomic(file, lines.join(''), { durable: false, followLinks: false });
  // The cache's mtime is the rendered profiles.json's plus 1 ms, not the clock: a profiles.json
  // renamed into place after our second look carries its temp file's (earlier) write time, which
  // can be older than our write yet newer than the file we read — `-nt` must then say "stale".
  if (before) fs.utimesSync(file, new Date(), Number(before.mtimeNs / 1000n) / 1e6 + 0.001); // 1 ms: finer is lost to the double that utimes takes
  if (!sameStamp(before, stampOf(profilesFile))) fs.rmSync(file, { force: true });
}

/**
 * Runs fn under the cache lock, waiting at most waitMs for another holder; false when it could not.
 * The lock is only among cache writers (the recorder, switches): never on the status line's path.
 */
export function withStatusCacheLock(dataDir: string, fn: () => void, waitMs = 1_000): boolean {
  const lockFile = path.join(dataDir, STATUS_CACHE_LOCK);
  const until = Date.now() + waitMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    const release = tryLock(lockFile, 10_000);
    if (release) {
      try {
        fn();
      } finally {
        release();
      }
      return true;
    }
    if (Date.now() >= until) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  }
}

/** `statusLine` of app-settings.json in dataDir, read raw: on only when literally true. */
export function statusLineOnIn(dataDir: string): boolean {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, 'app-settings.json'), 'utf8'));
    return typeof v === 'object' && v !== null && (v as Record<string, unknown>).statusLine === true;
  } catch {
    return false;
  }
}
