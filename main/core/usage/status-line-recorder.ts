/**
 * The detached recorder behind the fast status line (issue 15): `statusline --record`, started by the
 * shell line once the user's line is done (before it prints), with stdin/stdout/stderr on /dev/null (Claude Code waits for the line's
 * pipes to close, never for this). It records the reading for the session's account and renders the
 * cache again, so the next refresh shows it (one refresh behind).
 *
 * Single flight: every recorder first drops its reading as a file of its own in `statusline-pending/`
 * (named by when its process started, so the newest reading sorts last), then tries the cache lock
 * once. The holder records every pending reading in order and renders once; a recorder that finds
 * the lock taken just exits — its reading is already waiting for the holder. After releasing, the
 * holder looks again (a reading dropped between its last look and its release found the lock still
 * taken), so the last reading is never lost; an intermediate one may be overwritten by a newer one,
 * which is fine. "Newer" is first what the readings say (usage-record.ts `contentOrder`), then their
 * times: a process start as Node sees it, which can swap two recorders started in a row.
 * Each recorder lives for one Node start plus a few file writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { statusCachePath, statusLineOnIn, withStatusCacheLock, writeStatusCache } from './status-line-cache';
import { recordUsage, type UsageReading } from './usage-record';

export const PENDING_DIR = 'statusline-pending';

interface Pending {
  readonly key?: string;
  readonly storageDir?: string;
  readonly reading?: UsageReading;
  readonly at: number;
}

const NAME = /^(\d+(?:\.\d+)?)-(\d+)\.json$/;

export function dropPending(dataDir: string, p: Pending): void {
  const dir = path.join(dataDir, PENDING_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path.join(dir, `${p.at.toFixed(3)}-${process.pid}.json`), JSON.stringify(p), { durable: false });
}

function pendingFiles(dataDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(dataDir, PENDING_DIR))
      .filter((n) => NAME.test(n))
      .sort((a, b) => Number(NAME.exec(a)![1]) - Number(NAME.exec(b)![1]));
  } catch {
    return [];
  }
}

/**
 * Records every pending reading (oldest first) and renders the cache, their keys and `first` first
 * (the status line on) or removes it (off); under the lock.
 */
function drain(dataDir: string, first: readonly string[]): void {
  const keys: string[] = [];
  for (let round = 0; round < 20; round++) {
    const names = pendingFiles(dataDir);
    if (names.length === 0) break;
    for (const n of names) {
      const file = path.join(dataDir, PENDING_DIR, n);
      try {
        const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Pending;
        if (p.reading) recordUsage(dataDir, p.storageDir, p.reading, p.at);
        if (p.key) keys.unshift(p.key); // newest first
      } catch {
        // unreadable: dropped
      }
      fs.rmSync(file, { force: true });
    }
  }
  // Only while the status line is on, read here under the lock: a recorder still running when `off`
  // removed the cache (off saves the setting first, then drains under this lock) must not write it
  // again — it removes it instead. Its reading above still counts for the tray.
  if (statusLineOnIn(dataDir)) writeStatusCache(dataDir, [...first, ...keys]);
  else fs.rmSync(statusCachePath(dataDir), { force: true });
}

/**
 * Takes the cache lock (waiting at most waitMs the first time), records what is pending and renders
 * the cache; looks again after releasing (a reading dropped meanwhile found the lock taken). False
 * when another holder had it: that holder finds our pending reading.
 */
export function drainPending(dataDir: string, first: readonly string[] = [], waitMs = 0): boolean {
  // Until nothing is pending or another holder has the lock (it looks again after its release too).
  // Not "five rounds": under a burst of refreshes every round found a new reading, and the holder
  // that gave up after its fifth left the last one pending — the one a recorder had dropped while
  // the lock was still taken (a fresh-clone CI run, session 6). Each round records what it finds,
  // and readings come no faster than Claude Code refreshes; the bound only guards against a loop.
  for (let tries = 0; tries < 1_000; tries++) {
    if (!withStatusCacheLock(dataDir, () => drain(dataDir, first), tries === 0 ? waitMs : 0)) return tries > 0;
    if (pendingFiles(dataDir).length === 0) return true;
  }
  return true;
}

/** One recorder run: drop the reading, then drain if we can take the lock (else the holder will). */
export function recordDetached(dataDir: string, p: Pending): void {
  dropPending(dataDir, p);
  drainPending(dataDir);
}

/**
 * After a switch or any write of profiles.json (use, the tray, edits, `statusline on`): renders the
 * cache again so the next status line already names the new profile (and records what recorders left
 * pending). Best effort — when it cannot (lock busy, a write error), profiles.json is newer than the
 * cache and the next line takes the slow path, which is correct anyway.
 */
export function refreshStatusCache(dataDir: string, opts: { force?: boolean } = {}): void {
  try {
    if (!opts.force && !statusLineOnIn(dataDir)) return;
    drainPending(dataDir, [], 1_000);
  } catch {
    // see above: the slow path covers it
  }
}
