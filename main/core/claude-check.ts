import * as fs from 'node:fs';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { claudeAuthStatus, findClaude, type ClaudeAuthStatus } from './claude-auth-status';
import { settingsLocations } from './doctor';
import { findOnPathAsync } from './find-on-path';
import { nodeCrypto } from './lazy-crypto';
import { checkRecordPath } from './claude-check-start';
import { appDataDir, type Env } from './paths';

/**
 * The last `claude auth status` verdict, shared by `use` (which starts the check in the background,
 * so the ≈330 ms of Claude Code's start never hold a switch; issue 16), `status` and the tray.
 * A verdict counts only for the state it was taken in (see checkFingerprint) and only for a while.
 * Holds no secret: Claude Code's answer names sources ("ANTHROPIC_API_KEY"), never values, and the
 * fingerprint is a hash over file contents and which variables are set.
 */
export interface CheckRecord {
  readonly version: 1;
  /** pid of a background check still running (cleared when it has written its verdict). */
  readonly running?: number;
  readonly startedAt?: number;
  readonly fingerprint?: string;
  /** The profile that was active when Claude Code was asked. */
  readonly profileId?: string;
  readonly checkedAt?: number;
  /** null: `claude` said nothing parseable. */
  readonly result?: ClaudeAuthStatus | null;
}

export { checkRecordPath, startBackgroundCheck } from './claude-check-start';

/** What --check says when there is no Claude Code to ask (issue 17). */
export const CLAUDE_NOT_INSTALLED =
  'Claude Code is not installed (no `claude` on PATH), so it could not be asked: install it with `npm install -g @anthropic-ai/claude-code`.';

/** How long a verdict of an unchanged state is reused by `status` (Claude Code's login can change too). */
export const VERDICT_MAX_AGE_MS = 60_000;
/** How long `status` waits for a background check that is still running. */
const WAIT_MS = 20_000;

/** Variables that change what Claude Code uses; only whether each is set goes into the fingerprint. */
const ENV_NAMES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CONFIG_DIR',
  'HOME',
] as const;

/**
 * What Claude Code's answer depends on, as one hash: the active profile, the settings files it reads
 * for this folder (user, project, local), the folder, the `claude` it runs, and which credential
 * variables are set. A verdict with another fingerprint is about another state and is not shown.
 */
export function checkFingerprint(activeProfileId: string | undefined, env: Env, cwd: string): string {
  return fingerprintOf(
    activeProfileId,
    env,
    cwd,
    findClaude(env),
    settingsLocations(env, cwd).map((loc) => {
      try {
        return [loc.file, readFileIfExists(loc.file)];
      } catch {
        return [loc.file, '(unreadable)'];
      }
    }),
  );
}

/** checkFingerprint without blocking the thread (the tray's main process, issue 13): the same hash. */
export async function checkFingerprintAsync(
  activeProfileId: string | undefined,
  env: Env,
  cwd: string,
  claudeBin: string | undefined,
): Promise<string> {
  const texts = await Promise.all(
    settingsLocations(env, cwd).map(async (loc): Promise<[string, string | undefined]> => {
      try {
        return [loc.file, await fs.promises.readFile(loc.file, 'utf8')];
      } catch (e) {
        return [loc.file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : '(unreadable)'];
      }
    }),
  );
  return fingerprintOf(activeProfileId, env, cwd, claudeBin, texts);
}

/** `claude` as findClaude finds it, without blocking the thread. */
export async function findClaudeAsync(env: Env): Promise<string | undefined> {
  return env.CLAUDE_AUTH_TRAY_CLAUDE_BIN || (await findOnPathAsync('claude', env));
}

function fingerprintOf(
  activeProfileId: string | undefined,
  env: Env,
  cwd: string,
  claudeBin: string | undefined,
  settings: readonly (readonly [string, string | undefined])[],
): string {
  const h = nodeCrypto().createHash('sha256');
  h.update(`profile\0${activeProfileId ?? ''}\0cwd\0${cwd}\0claude\0${claudeBin ?? ''}\0`);
  for (const [file, text] of settings)
    h.update(`${file}\0${text === undefined ? '-' : nodeCrypto().createHash('sha256').update(text).digest('hex')}\0`);
  for (const n of ENV_NAMES)
    h.update(`${n}\0${env[n] ? (n === 'HOME' || n === 'CLAUDE_CONFIG_DIR' ? env[n] : '1') : ''}\0`);
  return h.digest('hex').slice(0, 32);
}

export function readCheckRecord(env: Env = process.env): CheckRecord | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(checkRecordPath(env), 'utf8')) as CheckRecord;
    return v && v.version === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(env: Env, r: CheckRecord): void {
  // Never creates the app folder: a check that outlives its folder (removed meanwhile) leaves nothing.
  if (!fs.existsSync(appDataDir(env))) return;
  try {
    // Not fsynced: a record lost in a crash only means asking again (issue 16: `use` writes one).
    writeFileAtomic(checkRecordPath(env), JSON.stringify(r) + '\n', { newFileMode: 0o600, durable: false });
  } catch {
    // a lost record only means the next `status` asks Claude Code itself
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resolves once process `pid` has ended, or after `maxMs` (a pid that never ends, or was reused):
 * the background check started by `use` before its switch waits for that `use` (claude-check-start.ts).
 */
export async function untilEnded(pid: number, maxMs = 10_000): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  const until = Date.now() + maxMs;
  while (alive(pid) && !zombie(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

/** A process that has ended but was not reaped yet by its parent (Linux: state Z or X in /proc). */
function zombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/** Asks Claude Code now and records the verdict with the state it was asked in. */
export async function runRecordedCheck(
  activeProfileId: () => string | undefined,
  env: Env = process.env,
  cwd = process.cwd(),
  signal?: AbortSignal,
): Promise<{ result: ClaudeAuthStatus | undefined; checkedAt: number } | undefined> {
  const bin = findClaude(env);
  if (!bin) return undefined;
  return recorded(activeProfileId, env, cwd, bin, async (id) => checkFingerprint(id, env, cwd), signal);
}

/**
 * runRecordedCheck for the tray (issue 13: no synchronous I/O on Electron's main thread): the PATH
 * scan and the settings files are read asynchronously; the CLI keeps the synchronous one.
 */
export async function runRecordedCheckAsync(
  activeProfileId: () => string | undefined,
  env: Env = process.env,
  cwd = process.cwd(),
  signal?: AbortSignal,
): Promise<{ result: ClaudeAuthStatus | undefined; checkedAt: number } | undefined> {
  const bin = await findClaudeAsync(env);
  if (!bin) return undefined;
  return recorded(activeProfileId, env, cwd, bin, (id) => checkFingerprintAsync(id, env, cwd, bin), signal);
}

async function recorded(
  activeProfileId: () => string | undefined,
  env: Env,
  cwd: string,
  bin: string,
  fingerprintFor: (id: string | undefined) => Promise<string>,
  signal: AbortSignal | undefined,
): Promise<{ result: ClaudeAuthStatus | undefined; checkedAt: number } | undefined> {
  const profileId = activeProfileId();
  const fingerprint = await fingerprintFor(profileId);
  const result = await claudeAuthStatus(env, cwd, undefined, signal, bin);
  if (signal?.aborted) return undefined;
  const checkedAt = Date.now();
  if ((await fingerprintFor(activeProfileId())) === fingerprint)
    writeRecord(env, {
      version: 1,
      fingerprint,
      ...(profileId ? { profileId } : {}),
      checkedAt,
      result: result ?? null,
    });
  return { result, checkedAt };
}

/**
 * The recorded verdict for the current state: waits for a background check that still runs, reuses
 * a verdict of this very state younger than VERDICT_MAX_AGE_MS, else asks Claude Code itself (and
 * records that). Undefined when Claude Code is not installed.
 */
export async function currentVerdict(
  activeProfileId: () => string | undefined,
  env: Env = process.env,
  cwd = process.cwd(),
  now: () => number = Date.now,
): Promise<{ result: ClaudeAuthStatus | undefined; checkedAt: number; recorded: boolean } | undefined> {
  if (!findClaude(env)) return undefined;
  const until = now() + WAIT_MS;
  let rec = readCheckRecord(env);
  while (rec?.running !== undefined && alive(rec.running) && now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    rec = readCheckRecord(env);
  }
  if (
    rec?.fingerprint !== undefined &&
    rec.checkedAt !== undefined &&
    now() - rec.checkedAt < VERDICT_MAX_AGE_MS &&
    rec.checkedAt <= now() + 1_000 &&
    rec.fingerprint === checkFingerprint(activeProfileId(), env, cwd)
  ) {
    return { result: rec.result ?? undefined, checkedAt: rec.checkedAt, recorded: true };
  }
  const live = await runRecordedCheck(activeProfileId, env, cwd);
  return live && { ...live, recorded: false };
}
