/** Issue 15, item 3: usage and spend in the tray model, with reset times and the age of a stale reading. */
import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { ageText, resetClock, usageWindowText } from '../../common/usage-text';
import { trayMenuModel, type TrayItem } from '../../main/core/tray-menu-model';
import { nextResetAt, usageOfProfile } from '../../main/core/usage/usage-views';
import type { UsageRecord } from '../../main/core/usage/usage-record';
import { authState, KEY } from '../support/profile-fixtures';

const H = 3600_000;
const NOW = new Date(2026, 5, 1, 12, 0).getTime(); // local time: the tray shows local clock times
const SUB: Profile = { id: 'sub-1', name: 'Personal', createdAt: '2026-01-01T00:00:00.000Z', kind: 'claude-ai' };
const labels = (items: readonly TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '—' : i.label));

describe('usage text', () => {
  it('reads "62 % · resets 14:30", a weekday beyond a day, and "reset since" once past', () => {
    expect(usageWindowText({ usedPercent: 61.6, resetsAt: NOW + 2.5 * H }, NOW)).toBe('62 % · resets 14:30');
    expect(resetClock(new Date(2026, 5, 4, 9, 5).getTime(), NOW)).toBe('Thu 09:05');
    expect(usageWindowText({ usedPercent: 90, resetsAt: NOW - 1 }, NOW)).toBe('90 % · reset since');
    expect(usageWindowText({ usedPercent: 3 }, NOW)).toBe('3 %');
    expect([ageText(4 * 60_000), ageText(3 * H), ageText(72 * H)]).toEqual(['4 min', '3 h', '3 days']);
  });
});

describe('usage in the tray', () => {
  const records: UsageRecord[] = [
    {
      version: 1,
      seenAt: NOW - 5 * 60_000,
      fiveHour: { usedPercent: 62, resetsAt: NOW + 2.5 * H },
      sevenDay: { usedPercent: 18, resetsAt: new Date(2026, 5, 5, 9, 0).getTime() },
    },
    {
      version: 1,
      storageDir: '/home/u/.work-login',
      seenAt: NOW - 3 * H,
      fiveHour: { usedPercent: 97, resetsAt: NOW - H },
    },
  ];
  const work: Profile = { ...SUB, id: 'work-1', name: 'Work', ...({ storageDir: '/home/u/.work-login' } as object) };

  it('each Claude.ai account shows its own 5-hour and weekly use; a stale one says how old it is', () => {
    const views: ProfileView[] = [SUB, work, KEY].map((p, i) => {
      const usage = usageOfProfile(p, records);
      return { profile: p, active: i === 0, state: authState(p.id, {}, NOW), ...(usage ? { usage } : {}) };
    });
    const m = trayMenuModel({ profiles: views, refreshing: false, startAtLogin: false, now: NOW });
    const l = labels(m.items);
    const at = l.indexOf('Personal — default login'); // accounts are listed by who they are (issue 14)
    expect(at).toBeGreaterThan(0);
    expect(l.slice(at + 1, at + 3)).toEqual(['    5-hour 62 % · resets 14:30', '    weekly 18 % · resets Fri 09:00']);
    const w = l.indexOf('Work');
    expect(l.slice(w + 1, w + 3)).toEqual(['    5-hour 97 % · reset since', '    seen 3 h ago']);
    expect(l[l.indexOf('Work key (Anthropic API key)') + 1]).not.toMatch(/5-hour/);
    expect(nextResetAt(records, NOW)).toBe(NOW + 2.5 * H);
  });

  it("an API-key profile of an Admin-key organisation shows the organisation's spend", () => {
    const v: ProfileView = {
      profile: KEY,
      active: true,
      state: authState(KEY.id, {}, NOW),
      spend: { todayUsd: 1.234, monthUsd: 45.6, fetchedAt: NOW - 20 * 60_000, adminProfileId: 'admin-1' },
    };
    const l = labels(trayMenuModel({ profiles: [v], refreshing: false, startAtLogin: false, now: NOW }).items);
    expect(l).toContain('    organisation spend: today $1.23 · this month $45.60');
    const old = { ...v, spend: { ...v.spend!, fetchedAt: NOW - 5 * H } };
    expect(
      labels(trayMenuModel({ profiles: [old], refreshing: false, startAtLogin: false, now: NOW }).items),
    ).toContain('    organisation spend: today $1.23 · this month $45.60 (5 h ago)');
  });
});
