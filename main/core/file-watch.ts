import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock, TimerHandle } from './clock';

export interface FileWatchOptions {
  /** Where fs.watch fails on a folder: call back this often instead (and try the watch again). */
  readonly fallbackPollMs?: number;
  /** fs.watch (tests: one that fails, as it does past the inotify limit). */
  readonly watch?: (dir: string, o: { persistent: boolean }, l: () => void) => fs.FSWatcher;
}

/**
 * Watches files that other programs replace (credentials, SSO cache, ADC) with fs.watch on their
 * folder — a rename-over-write replaces the inode a file watch would hold — and calls back once per
 * burst of changes (debounced). A folder that does not exist yet is watched through its nearest
 * existing parent, then re-armed. No polling — unless asked for a fallback (fallbackPollMs): where
 * fs.watch fails on a folder (inotify limit, some network file systems), the owner's callback then
 * runs every fallbackPollMs instead, and the watch is tried again each time.
 */
export class FileWatcher {
  private watchers: fs.FSWatcher[] = [];
  private pending: TimerHandle | undefined;
  private poll: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly files: readonly string[],
    private readonly onChange: () => void,
    private readonly clock: Clock,
    private readonly debounceMs = 150,
    private readonly opts: FileWatchOptions = {},
  ) {
    this.arm();
  }

  private arm(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const dirs = new Set<string>();
    for (const f of this.files) {
      let d = path.dirname(path.resolve(f));
      while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
      dirs.add(d);
    }
    let failed = false;
    for (const d of dirs) {
      try {
        const w = (this.opts.watch ?? fs.watch)(d, { persistent: false }, () => this.changed());
        w.on('error', () => this.changed());
        this.watchers.push(w);
      } catch {
        // unwatchable (permissions): the state is still recomputed at its next due time
        failed = true;
      }
    }
    if (this.poll) this.clock.clearTimeout(this.poll);
    this.poll = undefined;
    if (failed && this.opts.fallbackPollMs !== undefined) {
      this.poll = this.clock.setTimeout(() => {
        this.poll = undefined;
        this.changed();
      }, this.opts.fallbackPollMs);
    }
  }

  /** Open folder watches (0 after dispose). */
  get watching(): number {
    return this.watchers.length;
  }

  private changed(): void {
    if (this.disposed) return;
    if (this.pending) this.clock.clearTimeout(this.pending);
    this.pending = this.clock.setTimeout(() => {
      this.pending = undefined;
      if (this.disposed) return;
      this.arm(); // folders may have appeared
      this.onChange();
    }, this.debounceMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending) this.clock.clearTimeout(this.pending);
    if (this.poll) this.clock.clearTimeout(this.poll);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
