import * as path from 'node:path';
import { AppError } from '../../common/errors';
import { cachedKeyText, parseCachedKey, type CachedKey } from './helper-cache';
import { runHelper, type HelperResult } from './helper-runner';
import { tryLock } from './file-lock';

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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a helper profile's command and stores a good key in the keychain, holding a per-profile lock
 * file so that concurrent callers in other processes (several `claude` sessions, the tray) never run
 * the helper twice: a caller that finds the lock taken waits and then uses what the holder stored.
 * `isUsable` decides whether a cached key (fetched by someone else meanwhile) can be used instead.
 */
export async function refreshHelperKey(
  store: RefreshKeychain,
  dataDir: string,
  profile: HelperProfileLike,
  isUsable: (c: CachedKey) => boolean,
  opts: { env?: NodeJS.ProcessEnv; now?: () => number } = {},
): Promise<{ key: string; fetchedAt: number; ranHelper: boolean; result?: HelperResult }> {
  const now = opts.now ?? Date.now;
  const lockFile = helperLockFile(dataDir, profile.id);
  const timeoutMs = profile.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs + 10_000;
  for (;;) {
    const cached = parseCachedKey(await store.get(profile.id));
    if (cached && isUsable(cached)) return { key: cached.key, fetchedAt: cached.fetchedAt, ranHelper: false };
    const release = tryLock(lockFile, timeoutMs + 10_000);
    if (release) {
      try {
        const again = parseCachedKey(await store.get(profile.id));
        if (again && isUsable(again)) return { key: again.key, fetchedAt: again.fetchedAt, ranHelper: false };
        const result = await runHelper(profile.command, { timeoutMs, ...(opts.env ? { env: opts.env } : {}) });
        if (!result.ok) throw result.error;
        const fetchedAt = now();
        await store.set(profile.id, cachedKeyText({ key: result.key, fetchedAt }));
        return { key: result.key, fetchedAt, ranHelper: true, result };
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
