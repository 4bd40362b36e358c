import { describe, expect, it } from 'vitest';
import { backoffMs, earlyMarginMs, RefreshScheduler, type RefreshOutcome } from '../../main/core/scheduler';
import { FakeClock, flush } from '../support/fake-clock';

function setup(outcomes: (id: string) => RefreshOutcome | Promise<RefreshOutcome>, random = () => 1) {
  const clock = new FakeClock();
  const runs: { id: string; at: number }[] = [];
  const s = new RefreshScheduler({
    clock,
    random,
    refresh: async (id) => {
      runs.push({ id, at: clock.now() });
      return outcomes(id);
    },
  });
  return { clock, runs, s };
}

describe('RefreshScheduler on a fake clock', () => {
  it('arms no timer when nothing is due, and one timer for many profiles', async () => {
    const { clock, s } = setup(() => ({ ok: true }));
    expect(clock.pending).toBe(0);
    s.schedule('a', undefined);
    expect(s.armed).toBe(false);
    expect(clock.pending).toBe(0);
    s.schedule('a', clock.now() + 5000);
    s.schedule('b', clock.now() + 1000);
    s.schedule('c', clock.now() + 9000);
    expect(clock.pending).toBe(1);
    expect(clock.nextAt).toBe(clock.now() + 1000);
  });

  it('refreshes a little before fetchedAt + TTL, then again one TTL later', async () => {
    const ttl = 300_000;
    const { clock, runs, s } = setup(() => ({ ok: true, nextDueAt: clock.now() + ttl - earlyMarginMs(ttl) }));
    const t0 = clock.now();
    s.schedule('h', t0 + ttl - earlyMarginMs(ttl));
    await clock.advance(ttl);
    expect(runs.map((r) => r.at - t0)).toEqual([270_000]);
    await clock.advance(ttl);
    expect(runs.map((r) => r.at - t0)).toEqual([270_000, 540_000]);
    expect(earlyMarginMs(300_000)).toBe(30_000);
    expect(earlyMarginMs(3_600_000)).toBe(60_000);
  });

  it('backs off exponentially on failure, with jitter, up to the cap, and resets on success', async () => {
    let fail = true;
    const { clock, runs, s } = setup(() => (fail ? { ok: false } : { ok: true }));
    const t0 = clock.now();
    s.schedule('h', t0);
    await clock.advance(60 * 60_000);
    const gaps = runs.slice(1).map((r, i) => r.at - runs[i]!.at);
    expect(gaps.slice(0, 8)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000]);
    expect(Math.max(...gaps)).toBe(600_000);
    expect(s.failures('h')).toBe(runs.length);
    fail = false;
    await s.trigger('h');
    expect(s.failures('h')).toBe(0);
    expect(s.armed).toBe(false);
  });

  it('jitter keeps each wait within [½, 1] of the exponential step', () => {
    expect(backoffMs(1, 5000, 600_000, () => 0)).toBe(2500);
    expect(backoffMs(3, 5000, 600_000, () => 0.5)).toBe(15_000);
    expect(backoffMs(30, 5000, 600_000, () => 1)).toBe(600_000);
  });

  it('honours a Retry-After longer than the backoff', async () => {
    const { clock, runs, s } = setup(() => ({ ok: false, retryAfterMs: 120_000 }));
    const t0 = clock.now();
    s.schedule('k', t0);
    await clock.advance(130_000);
    expect(runs.map((r) => r.at - t0)).toEqual([0, 120_000]);
  });

  it('1,000 concurrent triggers share exactly one run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { runs, s } = setup(async () => {
      await gate;
      return { ok: true };
    });
    const all = Array.from({ length: 1000 }, () => s.trigger('h', 'unauthorized'));
    release();
    const outcomes = await Promise.all(all);
    expect(runs).toHaveLength(1);
    expect(new Set(outcomes).size).toBe(1);
  });

  it('stops cleanly: no timer, and due work no longer runs', async () => {
    const { clock, runs, s } = setup(() => ({ ok: true, nextDueAt: clock.now() + 1000 }));
    s.schedule('a', clock.now() + 1000);
    s.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    await flush();
    expect(runs).toHaveLength(0);
  });
});
