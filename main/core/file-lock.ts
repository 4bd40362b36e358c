import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../common/errors';
import { readLinkOrFile } from './replace-file';

export interface LockOptions {
  /** How long to wait for another holder. */
  readonly timeoutMs?: number;
  /** A lock older than this whose holder is gone is taken over. */
  readonly staleMs?: number;
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

/**
 * Removes a file that may be gone already. unlinkSync, not rmSync({ force }): in Node 20 the first
 * rmSync loads a JavaScript rimraf (≈0.5 ms of a `use`; issue 16) for what is one unlink here.
 */
export function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

let counter = 0;
const EMPTY_LOCK_MS = 2_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes drafts a killed process left beside the lock (named `<lock>.<pid>.<n>.draft`). */
function sweepDrafts(lockFile: string): void {
  const dir = path.dirname(lockFile);
  const prefix = `${path.basename(lockFile)}.`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.draft')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) removeFile(path.join(dir, name));
  }
}

/** What a lock file says about its holder: its text and whether that holder may still be at work. */
function inspect(lockFile: string, staleMs: number): { text: string; alive: boolean } | undefined {
  try {
    // A link lock's target or a lock file's text, never through a link; anything else at the name (a
    // FIFO, a folder) throws: a lock nobody can prove stale (the wait ends in lock-timeout).
    const text = readLinkOrFile(lockFile).text;
    const pid = Number(text.split('\n')[0]);
    const age = Date.now() - fs.lstatSync(lockFile).mtimeMs;
    // A lock with no pid in it (left by a version that wrote it in two steps, or by a copy tool) names
    // no holder to ask; a live holder would have written its pid within microseconds.
    if (!Number.isInteger(pid) || pid <= 0) return { text, alive: age < Math.min(staleMs, EMPTY_LOCK_MS) };
    return { text, alive: pidAlive(pid) && age < staleMs };
  } catch {
    return undefined; // vanished while we looked: try again
  }
}

/**
 * Creates lockFile holding `text`, all at once: the text goes to a private file first and is then
 * hard-linked into place, so no reader ever sees an empty lock (a holder killed between creating the
 * file and writing its pid would otherwise leave a lock nobody can prove stale). Returns false when the
 * lock exists. Filesystems without hard links fall back to an exclusive create.
 */
function createWhole(lockFile: string, text: string): boolean {
  const draft = `${lockFile}.${process.pid}.${++counter}.draft`;
  fs.writeFileSync(draft, text, { mode: 0o600 });
  try {
    fs.linkSync(draft, lockFile);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
    try {
      fs.writeFileSync(lockFile, text, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    removeFile(draft);
  }
}

/**
 * A link lock: a symbolic link whose target is the holder's text, made whole by one call (no draft
 * file, no hard link, no sweep); its folder made when missing. undefined where links cannot be made
 * (EPERM, exFAT, some SMB mounts, a target the file system refuses): then the file lock.
 */
function createLink(lockFile: string, text: string): boolean | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.symlinkSync(text, lockFile);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'ENOENT' || attempt > 0) return undefined;
      fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
    }
  }
  return undefined;
}

/**
 * Tries once to take the lock; returns a release function or undefined. `asLink` (the apiKeyHelper's
 * per-profile lock, taken on every cold run; issue 16): the lock is a symbolic link whose target is the
 * holder's text, one system call where the file lock makes, links and removes a draft and sweeps the
 * folder (≈0.3 ms of CPU in a short process); read with readlink, never followed. Both forms are read
 * by every holder (the text is the same), so a link lock and a file lock of the same name exclude each
 * other; a version before link locks reads a link lock as held (its read finds no file behind it) and
 * waits, as for any holder, though it cannot take over a stale one (a newer version does).
 */
export function tryLock(lockFile: string, staleMs = 120_000, asLink = false): (() => void) | undefined {
  const mine = `${process.pid}\n${Date.now()}-${++counter}\n`;
  // Not on Windows: a link there needs a privilege most users lack (and its target is a path).
  let taken = asLink && process.platform !== 'win32' ? createLink(lockFile, mine) : undefined;
  if (taken === undefined) {
    fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
    taken = createWhole(lockFile, mine);
    if (taken) sweepDrafts(lockFile);
  }
  if (!taken) {
    const seen = inspect(lockFile, staleMs);
    if (!seen || seen.alive) return undefined;
    // A crashed holder: take over by renaming its file away (atomic; only one taker wins).
    const grave = `${lockFile}.stale.${process.pid}.${++counter}`;
    try {
      fs.renameSync(lockFile, grave);
    } catch {
      return undefined;
    }
    // Between our look and the rename another process may have taken over and locked anew:
    // if what we moved is not the dead holder's file, put it back untouched and wait our turn.
    const moved = readLinkOrFile(grave).text;
    if (moved !== seen.text) {
      try {
        // A link lock is put back as a new link of the same text: link(2) on a symbolic link makes a
        // link to the link on Linux but follows it on macOS and the BSDs (to no file: a lock lost).
        if (fs.lstatSync(grave).isSymbolicLink()) fs.symlinkSync(moved, lockFile);
        else fs.linkSync(grave, lockFile);
      } catch {
        // Someone holds a newer lock already; theirs stands.
      }
      removeFile(grave);
      return undefined;
    }
    removeFile(grave);
    return tryLock(lockFile, staleMs, asLink);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Remove only our own lock (a holder that overran staleMs may have been taken over).
    try {
      if (readLinkOrFile(lockFile).text === mine) removeFile(lockFile);
    } catch {
      // already gone
    }
  };
}

/** Runs fn while holding an exclusive lock file (between processes: CLI calls, the tray). */
export function withFileLock<T>(lockFile: string, fn: () => T, opts: LockOptions = {}): T {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let wait = 5;
  for (;;) {
    const release = tryLock(lockFile, opts.staleMs);
    if (release) {
      try {
        return fn();
      } finally {
        release();
      }
    }
    if (Date.now() > deadline) {
      throw new AppError({
        kind: 'lock-timeout',
        message: `Another Claude Auth Tray process is holding ${path.basename(lockFile)}.`,
        nextStep: `Try again in a moment; if it persists, delete ${lockFile}.`,
      });
    }
    sleepSync(wait);
    wait = Math.min(wait * 2, 100);
  }
}
