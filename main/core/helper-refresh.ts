import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../common/errors';
import { cachedKeyText, parseCachedKey } from './helper-cache';
import { runHelper, type HelperResult } from './helper-runner';
import { tryLock } from './file-lock';
import { replaceFile, tempBeside } from './replace-file';

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

/**
 * When the key a refresh stored was fetched (its fetchedAt, as text; no secret), written as the key
 * goes to the keychain and always before the lock is released. A refresh that finds it saying the key
 * is not usable takes the lock at once and, when it still says the same under the lock, runs the
 * command without reading the keychain first (issue 16, see refreshHelperKey).
 *
 * The stamp is a symbolic link whose target is that text (it points at nothing): made under a temp
 * name and renamed over the stamp, read with one readlink. A small file renamed over an existing one
 * made ext4 allocate and start writing its data at the rename (auto_da_alloc), ≈0.25–0.45 ms of a cold
 * helper run; a link has no data. Where a link cannot be made (symlink fails: Windows without
 * Developer Mode, exFAT, some SMB mounts) it is a regular file of the digits and a newline, renamed
 * over the name (replace-file.ts), as before the link and as an older version still writes it: both
 * forms read as the stamp. Anything else at the name — other text, a link to something else, a folder
 * — reads as no stamp: the keychain path, as without one; nothing is ever written through it.
 */
export function helperStampFile(dataDir: string, id: string): string {
  return path.join(dataDir, 'locks', `helper-${id}.fetched`);
}

/** Where a stamp file is read (a regular file, never through a link, never blocking on a FIFO). */
const FILE_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The stamp's text (the digits) when it is one, else undefined: no stamp, or something else there. A
 * link to digits, or a regular file of digits and a newline: the stamp of a version before the link
 * (and where links cannot be made, writeStamp) means exactly the same, written under the lock on every
 * refresh, so versions that share a data folder stay single-flight.
 */
function readStamp(file: string): string | undefined {
  try {
    const text = fs.readlinkSync(file);
    return /^\d+$/.test(text) ? text : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') return undefined; // EINVAL: not a link
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, FILE_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > 32) return undefined;
    const buf = Buffer.alloc(33);
    const text = buf.toString('latin1', 0, fs.readSync(fd, buf, 0, 33, 0));
    return /^\d+\n$/.test(text) ? text.slice(0, -1) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeStamp(file: string, fetchedAt: number): void {
  const tmp = tempBeside(file);
  let linked = false;
  try {
    fs.symlinkSync(String(fetchedAt), tmp);
    linked = true;
    fs.renameSync(tmp, file); // replaces whatever is at the name, never writes through it
    return;
  } catch {
    // No links here (EPERM: Windows without Developer Mode, exFAT, some SMB mounts): the file stamp,
    // which readStamp reads as the same.
    if (!linked && replaceFile(file, `${fetchedAt}\n`)) return;
  }
  // Without a stamp the next refresh reads the keychain first, as it always did.
  for (const f of [tmp, file]) {
    try {
      fs.unlinkSync(f);
    } catch {
      // none there
    }
  }
}

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
  const runAndStore = async (): Promise<{ key: string; fetchedAt: number; ranHelper: true; result: HelperResult }> => {
    const result = await runHelper(profile.command, { timeoutMs, ...(opts.env ? { env: opts.env } : {}) });
    if (!result.ok) throw result.error;
    const fetchedAt = now();
    const stored = store.set(profile.id, cachedKeyText({ key: result.key, fetchedAt }));
    // Written while the keychain works on the key (issue 16): a stamp ahead of the keychain (the
    // write failed, or this process was killed) says the key is usable, and such a stamp only ever
    // sends a refresh to the keychain first, as without a stamp.
    writeStamp(stampFile, fetchedAt);
    await stored;
    return { key: result.key, fetchedAt, ranHelper: true, result };
  };
  const stamp = readStamp(stampFile);
  if (stamp !== undefined && !isUsable({ fetchedAt: Number(stamp) })) {
    const release = tryLock(lockFile, timeoutMs + 10_000);
    if (release) {
      try {
        if (readStamp(stampFile) === stamp) return await runAndStore();
        // A refresh landed between the two looks: its key is read below.
      } finally {
        release();
      }
    }
  }
  for (;;) {
    const cached = parseCachedKey(await store.get(profile.id));
    if (cached && isUsable(cached)) return { key: cached.key, fetchedAt: cached.fetchedAt, ranHelper: false };
    const release = tryLock(lockFile, timeoutMs + 10_000);
    if (release) {
      try {
        const again = parseCachedKey(await store.get(profile.id));
        if (again && isUsable(again)) return { key: again.key, fetchedAt: again.fetchedAt, ranHelper: false };
        return await runAndStore();
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
