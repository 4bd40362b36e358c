/**
 * Issue 15, item 4: usage notifications at 80 % and 95 % of the 5-hour or weekly window, once per
 * threshold per window, and once when a high window resets — a timeline on the fake clock through
 * the NotificationCenter (persisted sent set, restart in the middle), like the expiry notices.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../common/app-settings';
import type { Snapshot } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import type { UsageView } from '../../common/usage';
import { NotificationCenter } from '../../main/core/notification-center';
import { usageNotices } from '../../main/core/usage/usage-notices';
import { FakeClock } from '../support/fake-clock';
import { authState } from '../support/profile-fixtures';

const H = 3600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 2, 2, 8); // a Monday, 08:00 UTC
const SUB: Profile = { id: 'sub-1', name: 'Personal', createdAt: '2026-01-01T00:00:00.000Z', kind: 'claude-ai' };

describe('usageNotices (table)', () => {
  const reading = (fivePct: number, weekPct = 10): UsageView => ({
    fiveHour: { usedPercent: fivePct, resetsAt: T0 + 2 * H },
    sevenDay: { usedPercent: weekPct, resetsAt: T0 + 5 * 24 * H },
    seenAt: T0,
  });
  const run = (usage: UsageView | undefined, sent: ReadonlySet<string> = new Set(), thresholdsPct = [80, 95]) =>
    usageNotices({ profile: { id: 'sub-1', name: 'Personal', muted: false }, usage, sent, now: T0, thresholdsPct });

  it.each([
    ['below every threshold', 79.9, []],
    ['at 80 %', 80, ['Personal: 80 % of the 5-hour limit used']],
    ['first seen at 97 %: only the highest', 97, ['Personal: 97 % of the 5-hour limit used']],
  ])('%s', (_n, pct, want) => {
    expect(run(reading(pct)).notices.map((n) => n.title)).toEqual(want);
  });

  it('the weekly window counts on its own; no reading, no notice', () => {
    expect(run(reading(10, 96)).notices.map((n) => n.title)).toEqual(['Personal: 96 % of the weekly limit used']);
    expect(run(undefined).notices).toEqual([]);
  });

  it('configurable thresholds; a muted account is marked but not shown; names are cleaned', () => {
    expect(run(reading(55), new Set(), [50, 90]).notices.map((n) => n.body)).toEqual(['It resets at 10:00.']);
    const muted = usageNotices({
      profile: { id: 'sub-1', name: 'Personal', muted: true },
      usage: reading(90),
      sent: new Set(),
      now: T0,
      thresholdsPct: [80, 95],
    });
    expect(muted.notices).toEqual([]);
    expect(muted.sent.size).toBe(1);
    const evil = usageNotices({
      profile: { id: 'sub-1', name: 'Evil\u001b[2J\u202ename', muted: false },
      usage: reading(90),
      sent: new Set(),
      now: T0,
      thresholdsPct: [80],
    });
    expect(evil.notices[0]?.title).toBe('Evilname: 90 % of the 5-hour limit used');
  });

  it('a reset time that moves by a few seconds is the same window: no second notice', () => {
    const first = run(reading(85));
    const moved: UsageView = { ...reading(88), fiveHour: { usedPercent: 88, resetsAt: T0 + 2 * H + 7_000 } };
    expect(run(moved, first.sent).notices).toEqual([]);
  });
});

describe('NotificationCenter: usage over a day on the fake clock, restarted in the middle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-usage-notify-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fires each threshold once per window, the reset once, and the next window again', async () => {
    const clock = new FakeClock(T0);
    const env = { CLAUDE_AUTH_TRAY_HOME: dir, HOME: dir, TZ: 'UTC' };
    const shown: { at: string; title: string }[] = [];
    const make = () =>
      new NotificationCenter(
        env,
        clock,
        { show: (n) => shown.push({ at: `${(clock.now() - T0) / M}m`, title: n.title }) },
        () => 0,
        () => undefined,
      );
    let center = make();
    let usage: UsageView | undefined;
    const snap = (): Snapshot => ({
      profiles: [
        { profile: SUB, active: true, state: authState('sub-1', {}, clock.now()), ...(usage ? { usage } : {}) },
      ],
      activeProfileId: 'sub-1',
      warnings: [],
      settings: DEFAULT_APP_SETTINGS,
      claudeInstalled: true,
    });
    // The status line reports every few minutes; the window ends at T0 + 3 h.
    const windowEnd = T0 + 3 * H;
    const see = (pct: number, end = windowEnd): void => {
      usage = {
        fiveHour: { usedPercent: pct, resetsAt: end },
        sevenDay: { usedPercent: 40, resetsAt: T0 + 6 * 24 * H },
        seenAt: clock.now(),
      };
      center.update(snap());
    };
    for (const pct of [40, 60, 79, 81, 83, 90]) {
      see(pct);
      await clock.advance(10 * M);
    }
    center = make(); // a restart: the sent set comes back from disk
    for (const pct of [94, 96, 97, 99, 100, 100]) {
      see(pct);
      await clock.advance(10 * M);
    }
    // The window ends; the tray re-evaluates at its reset time with the last (stale) reading.
    await clock.advance(windowEnd - clock.now() + M);
    center.update(snap());
    center.update(snap());
    // The next window: high again later, notified again.
    const next = windowEnd + 5 * H;
    for (const pct of [5, 50, 82]) {
      see(pct, next);
      await clock.advance(30 * M);
    }
    expect(shown).toEqual([
      { at: '30m', title: 'Personal: 81 % of the 5-hour limit used' },
      { at: '70m', title: 'Personal: 96 % of the 5-hour limit used' },
      { at: '181m', title: 'Personal: the 5-hour limit has reset' },
      { at: '241m', title: 'Personal: 82 % of the 5-hour limit used' },
    ]);
  });
});
