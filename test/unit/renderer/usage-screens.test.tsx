// @vitest-environment jsdom
/** Issue 15, item 3 in the window: each account's use with reset times, spend, and the status-line switch. */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../common/profile';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { SettingsScreen } from '../../../renderer/screens/settings-screen';
import { installApi, KEY, NOW, snapshot, state } from './fake-api';

afterEach(cleanup);
const noop = (): void => undefined;
const SUB: Profile = { id: 'sub-1', name: 'Personal', createdAt: '2026-01-01T00:00:00.000Z', kind: 'claude-ai' };

describe('usage in the window', () => {
  it("shows a Claude.ai account's 5-hour and weekly use with reset times, its age when stale, and an org's spend", () => {
    installApi({});
    const reset = new Date(NOW);
    reset.setHours(reset.getHours() + 2, 30, 0, 0);
    const s = snapshot({
      profiles: [
        {
          profile: SUB,
          active: true,
          state: state('sub-1'),
          usage: { fiveHour: { usedPercent: 62, resetsAt: reset.getTime() }, seenAt: NOW - 3 * 3600_000 },
        },
        {
          profile: KEY,
          active: false,
          state: state('work-1'),
          spend: { todayUsd: 1.5, monthUsd: 20, fetchedAt: NOW - 60_000, adminProfileId: 'admin-1' },
        },
      ],
    });
    const first = render(<ProfilesScreen snapshot={s} profileId="sub-1" onSnapshot={noop} go={noop} />);
    const sub = screen.getByRole('region', { name: 'Personal' });
    const hh = String(reset.getHours()).padStart(2, '0');
    expect(within(sub).getByLabelText('Subscription use').textContent).toBe(
      `5-hour 62 % · resets ${hh}:30 · seen 3 h ago`,
    );
    first.unmount();
    render(<ProfilesScreen snapshot={s} profileId="work-1" onSnapshot={noop} go={noop} />);
    const key = screen.getByRole('region', { name: 'Work key' });
    expect(key.textContent).toContain('organisation spend: today $1.50 · this month $20.00');
  });

  it('Settings: the status-line switch and the usage thresholds apply at once', async () => {
    const api = installApi({ 'settings:set': (x: unknown) => x });
    render(<SettingsScreen snapshot={snapshot()} />);
    await userEvent.click(
      screen.getByLabelText("Show who pays and the subscription limits in Claude Code's status line"),
    );
    const field = screen.getByLabelText(/Warn at this much/);
    await userEvent.clear(field);
    await userEvent.type(field, '95, 70');
    await userEvent.tab(); // a text row applies when it is left
    await waitFor(() =>
      expect(api.calls.filter((c) => c.channel === 'settings:set').at(-1)?.arg).toMatchObject({
        statusLine: true,
        usageThresholdsPct: [70, 95],
      }),
    );
    await userEvent.clear(field);
    await userEvent.type(field, '120');
    expect(screen.getByRole('alert').textContent).toContain('whole percentages from 1 to 100');
  });
});
