import * as path from 'node:path';
import { AppError } from '../../common/errors';
import { cachedKeyText, parseCachedKey } from './helper-cache';
import { runHelper, type HelperResult } from './helper-runner';
import { tryLock } from './file-lock';
import { confirmedKey, helperStampFile, readStamp, writeStamp } from './helper-stamp';

/**
 * The keychain as a refresh uses it: a SecretStore, or reads and writes that answer later (the
 * api-key helper's direct Secret Service path, which never loads the native module; issue 16).
 */
export interface RefreshKeychain {
  get(account: string): string | undefined | Promise<string | undefined>;
  set(account: string, secret: string): void | Promise<void>;
}

export interface HelperProfileLike {
  readonly id: string;
  readonly command: string;
  readonly timeoutMs?: number | undefined;
}

export function helperLockFile(dataDir: string, id: string): string {
  return path.join(dataDir, 'locks', `helper-${id}.lock`);
}

export { helperStampFile } from './helper-stamp';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a helper profile's command and stores a good key in the keychain, holding a per-profile lock
 * file so that concurrent callers in other processes (several `claude` sessions, the tray) never run
 * the helper twice: a caller that finds the lock taken waits and then uses what the holder stored.
 * `isUsable` decides whether a cached key (fetched by someone else meanwhile) can be used instead.
 *
 * The stamp (helperStampFile) lets a refresh that is due anyway skip the keychain: when it says the
 * cached key is not usable, the lock is taken at once and, if the stamp still says the same under the
 * lock (no refresh landed since it was read: every refresh writes it before it lets go of the lock),
 * the command runs without reading the keychain first. The apiKeyHelper's cold path so starts the
 * user's command while its keychain connection is still being set up (issue 16). A stamp behind the
 * keychain (a key stored by something that keeps no stamp, such as an older version) costs one more run
 * of the command under the lock, never a second concurrent one; no stamp, or one that says the key is
 * usable (also one ahead of the keychain: a write that failed), is the keychain path below as before.
 */
export async function refreshHelperKey(
  store: RefreshKeychain,
  dataDir: string,
  profile: HelperProfileLike,
  isUsable: (c: { readonly fetchedAt: number }) => boolean,
  opts: { env?: NodeJS.ProcessEnv; now?: () => number } = {},
): Promise<{ key: string; fetchedAt: number; ranHelper: boolean; result?: HelperResult }> {
  const now = opts.now ?? Date.now;
  const lockFile = helperLockFile(dataDir, profile.id);
  const stampFile = helperStampFile(dataDir, profile.id);
  const timeoutMs = profile.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs + 10_000;
  /**
   * Runs the command under the lock; `stored` is the keychain's item as read under that lock (the
   * stamp path asks for it while the command runs). A key equal to the stored one is not written again
   * (issue 16: gnome-keyring's SetSecret re-encrypts, rewrites and fsyncs its file): the stamp then
   * confirms that item (helper-stamp.ts). The two keys are compared in memory and nowhere else.
   */
  const runAndStore = async (
    stored: () => string | undefined | Promise<string | undefined>,
  ): Promise<{ key: string; fetchedAt: number; ranHelper: true; result: HelperResult }> => {
    const running = runHelper(profile.command, { timeoutMs, ...(opts.env ? { env: opts.env } : {}) });
    // Asked once the command has started (a store that answers synchronously then reads meanwhile).
    const held = (async () => {
      try {
        return parseCachedKey(await stored());
      } catch {
        return undefined; // unreadable: written as before, and the write reports the failure
      }
    })();
    const result = await running;
    if (!result.ok) throw result.error;
    const fetchedAt = now();
    const prev = await held;
    if (prev && prev.key === result.key && fetchedAt > prev.fetchedAt) {
      writeStamp(stampFile, `${fetchedAt}-${prev.fetchedAt}`);
      return { key: result.key, fetchedAt, ranHelper: true, result };
    }
    const written = store.set(profile.id, cachedKeyText({ key: result.key, fetchedAt }));
    // Written while the keychain works on the key (issue 16): a stamp ahead of the keychain (the
    // write failed, or this process was killed) says the key is usable, and such a stamp only ever
    // sends a refresh to the keychain first, as without a stamp.
    writeStamp(stampFile, `${fetchedAt}`);
    await written;
    return { key: result.key, fetchedAt, ranHelper: true, result };
  };
  const stamp = readStamp(stampFile);
  if (stamp !== undefined && !isUsable({ fetchedAt: stamp.at })) {
    const release = tryLock(lockFile, timeoutMs + 10_000, true);
    if (release) {
      try {
        if (readStamp(stampFile)?.text === stamp.text) return await runAndStore(() => store.get(profile.id));
        // A refresh landed between the two looks: its key is read below.
      } finally {
        release();
      }
    }
  }
  for (;;) {
    const cached = confirmedKey(parseCachedKey(await store.get(profile.id)), stamp, now());
    if (cached && isUsable(cached)) return { key: cached.key, fetchedAt: cached.fetchedAt, ranHelper: false };
    const release = tryLock(lockFile, timeoutMs + 10_000, true);
    if (release) {
      try {
        const raw = await store.get(profile.id);
        const again = confirmedKey(parseCachedKey(raw), readStamp(stampFile), now());
        if (again && isUsable(again)) return { key: again.key, fetchedAt: again.fetchedAt, ranHelper: false };
        return await runAndStore(() => raw);
      } finally {
        release();
      }
    }
    if (Date.now() > deadline) {
      throw new AppError({
        kind: 'lock-timeout',
        message: 'Another process has been running this key helper for too long.',
        nextStep: `Try again; if it persists, delete ${lockFile}.`,
      });
    }
    await sleep(25);
  }
}
