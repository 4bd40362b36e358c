import type { Clock, TimerHandle } from './clock';

export interface RefreshOutcome {
  readonly ok: boolean;
  /** When the next refresh is due (success: fetchedAt + TTL - early margin). Undefined: nothing due. */
  readonly nextDueAt?: number;
  /** A server asked us to wait (429 Retry-After): used instead of backoff when longer. */
  readonly retryAfterMs?: number;
}

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly refresh: (profileId: string, reason: RefreshReason) => Promise<RefreshOutcome>;
  /** Backoff after the first failure; doubles per consecutive failure up to capMs. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** 0..1 source for jitter (tests pass a fixed one). */
  readonly random?: () => number;
  readonly onError?: (profileId: string, e: unknown) => void;
}

export type RefreshReason = 'due' | 'manual' | 'unauthorized' | 'startup' | 'file-changed';

interface Entry {
  dueAt?: number;
  failures: number;
  inflight?: Promise<RefreshOutcome>;
}

export const DEFAULT_BACKOFF_BASE_MS = 5_000;
export const DEFAULT_BACKOFF_CAP_MS = 10 * 60_000;

/** How long before fetchedAt + TTL to refresh: 10 % of the TTL, at most a minute. */
export function earlyMarginMs(ttlMs: number): number {
  return Math.min(60_000, Math.floor(ttlMs * 0.1));
}

/** Exponential backoff with jitter: base·2^(n-1), capped, then scaled into [½, 1]. */
export function backoffMs(failures: number, base: number, cap: number, random: () => number): number {
  const exp = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return Math.round(exp * (0.5 + random() / 2));
}

/**
 * One scheduler for all profiles: a single timer armed for the earliest due refresh (none when
 * nothing is due), single-flight per profile (every concurrent trigger shares one run), exponential
 * backoff with jitter on failure, and a clean stop.
 */
export class RefreshScheduler {
  private readonly entries = new Map<string, Entry>();
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private stopped = false;
  private readonly base: number;
  private readonly cap: number;
  private readonly random: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.base = opts.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.cap = opts.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS;
    this.random = opts.random ?? Math.random;
  }

  /** Sets (or clears, with undefined) when a profile is next due. */
  schedule(profileId: string, dueAt: number | undefined): void {
    if (this.stopped) return;
    const e = this.entry(profileId);
    e.dueAt = dueAt;
    this.arm();
  }

  remove(profileId: string): void {
    this.entries.delete(profileId);
    this.arm();
  }

  /** Runs a refresh now, or joins the one already running for this profile. */
  trigger(profileId: string, reason: RefreshReason = 'manual'): Promise<RefreshOutcome> {
    const e = this.entry(profileId);
    if (e.inflight) return e.inflight;
    const run = (async (): Promise<RefreshOutcome> => {
      let outcome: RefreshOutcome;
      try {
        outcome = await this.opts.refresh(profileId, reason);
      } catch (err) {
        this.opts.onError?.(profileId, err);
        outcome = { ok: false };
      }
      if (this.stopped || !this.entries.has(profileId)) return outcome;
      if (outcome.ok) {
        e.failures = 0;
        e.dueAt = outcome.nextDueAt;
      } else {
        e.failures++;
        const wait = Math.max(backoffMs(e.failures, this.base, this.cap, this.random), outcome.retryAfterMs ?? 0);
        e.dueAt = this.opts.clock.now() + wait;
      }
      return outcome;
    })();
    e.inflight = run;
    void run.finally(() => {
      e.inflight = undefined;
      this.arm();
    });
    return run;
  }

  failures(profileId: string): number {
    return this.entries.get(profileId)?.failures ?? 0;
  }

  dueAt(profileId: string): number | undefined {
    return this.entries.get(profileId)?.dueAt;
  }

  /** True when a timer is armed (tests: no timer when nothing is due). */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.entries.clear();
  }

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { failures: 0 };
      this.entries.set(id, e);
    }
    return e;
  }

  private arm(): void {
    if (this.stopped) return;
    let earliest: number | undefined;
    for (const e of this.entries.values()) {
      if (e.inflight || e.dueAt === undefined) continue;
      if (earliest === undefined || e.dueAt < earliest) earliest = e.dueAt;
    }
    if (earliest === this.timerAt && this.timer) return;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
    if (earliest === undefined) return;
    this.timerAt = earliest;
    this.timer = this.opts.clock.setTimeout(() => this.fire(), Math.max(0, earliest - this.opts.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = undefined;
    const now = this.opts.clock.now();
    for (const [id, e] of this.entries) {
      if (!e.inflight && e.dueAt !== undefined && e.dueAt <= now) {
        e.dueAt = undefined;
        void this.trigger(id, 'due');
      }
    }
    this.arm();
  }
}
