import type { Clock, TimerHandle } from '../clock';
import { FileWatcher } from '../file-watch';
import { nextResetAt } from './usage-views';
import { readUsageRecords, usageFile, type UsageRecord } from './usage-record';

/** Longest single wait (timers far in the future are re-armed). */
const MAX_WAIT_MS = 6 * 3600_000;

/**
 * Follows the usage records the status line writes (a folder watch, no polling) and wakes up when a
 * window resets, so the tray shows the reset and the notification policy can say so.
 */
export class UsageMonitor {
  private watcher: FileWatcher | undefined;
  private timer: TimerHandle | undefined;
  private cached: UsageRecord[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {}

  /** Idempotent: the app may start again after a failed start. */
  start(): void {
    if (this.watcher) return;
    this.cached = readUsageRecords(this.dataDir);
    this.watcher = new FileWatcher([usageFile(this.dataDir, undefined)], () => this.changed(true), this.clock);
    this.arm();
  }

  /** The latest readings (read from disk when not started: a one-off snapshot). */
  records(): readonly UsageRecord[] {
    return this.watcher ? this.cached : readUsageRecords(this.dataDir);
  }

  /** `fromFile`: a watch event, which other files of the folder cause too: told only when a reading changed. */
  private changed(fromFile = false): void {
    const next = readUsageRecords(this.dataDir);
    const same = fromFile && JSON.stringify(next) === JSON.stringify(this.cached);
    this.cached = next;
    this.arm();
    if (!same) this.onChange();
  }

  private arm(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const at = nextResetAt(this.cached, now);
    if (at === undefined) return;
    this.timer = this.clock.setTimeout(() => this.changed(), Math.min(at - now + 1_000, MAX_WAIT_MS));
  }

  stop(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
