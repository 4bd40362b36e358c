import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../common/errors';

export interface LockOptions {
  /** How long to wait for another holder. */
  readonly timeoutMs?: number;
  /** A lock older than this whose holder is gone is taken over. */
  readonly staleMs?: number;
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

function holderAlive(lockFile: string, staleMs: number): boolean {
  try {
    const [pidText] = fs.readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(pidText);
    const age = Date.now() - fs.statSync(lockFile).mtimeMs;
    if (!Number.isInteger(pid) || pid <= 0) return age < staleMs;
    try {
      process.kill(pid, 0);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    return age < staleMs;
  } catch {
    return false; // vanished while we looked: try again
  }
}

/** Tries once to take the lock; returns a release function or undefined. */
export function tryLock(lockFile: string, staleMs = 120_000): (() => void) | undefined {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(lockFile, 'wx', 0o600);
    fs.writeSync(fd, `${process.pid}\n`);
    fs.closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (holderAlive(lockFile, staleMs)) return undefined;
    // A crashed holder: take over by renaming its file away (atomic; only one taker wins).
    const grave = `${lockFile}.stale.${process.pid}`;
    try {
      fs.renameSync(lockFile, grave);
      fs.rmSync(grave, { force: true });
    } catch {
      return undefined;
    }
    return tryLock(lockFile, staleMs);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.rmSync(lockFile, { force: true });
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
