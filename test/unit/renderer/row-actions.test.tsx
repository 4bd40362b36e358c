// @vitest-environment jsdom
/**
 * Row actions (window audit): with one button per row (a Doctor fix, a pin's Remove, an invite's
 * Revoke), a second row's button clicked while the first row's action ran did nothing and said
 * nothing. Now the running row's button is busy (aria-busy, a short "…ing…" text) and every row's
 * button is aria-disabled (it keeps the focus), until the action ends; then they work again and the
 * focus goes to the next row's button, not the page's body.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectPins } from '../../../renderer/components/project-pins';
import { DoctorScreen } from '../../../renderer/screens/doctor-screen';
import { TeamScreen } from '../../../renderer/screens/team-screen';
import { ADMIN } from '../../support/profile-fixtures';
import { CLAUDE_WORK, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

/** A promise the test settles. */
function gate<T>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

const busy = (b: HTMLElement): boolean => b.getAttribute('aria-busy') === 'true';
const off = (b: HTMLElement): boolean =>
  b.getAttribute('aria-disabled') === 'true' || (b as HTMLButtonElement).disabled;

describe('a row action under way is shown on every row', () => {
  it('Doctor: the running fix is busy, the other fix is disabled, and a click on it is not lost unseen', async () => {
    const finding = (file: string) => ({
      kind: 'plaintext-in-settings',
      severity: 'warning' as const,
      file,
      variable: 'ANTHROPIC_API_KEY',
      message: `ANTHROPIC_API_KEY is stored in plain text in ${file}.`,
      fix: 'Move it into the keychain.',
      fixable: true,
    });
    let left = [finding('/a/.claude/settings.json'), finding('/b/.claude/settings.json')];
    const fix = gate<{ profileId: string; message: string }>();
    const api = installApi({
      'doctor:run': () => left,
      'doctor:fix': (arg) => {
        left = left.filter((f) => f.file !== (arg as { file: string }).file);
        return fix.promise;
      },
    });
    render(<DoctorScreen go={() => undefined} />);
    const [first, second] = await screen.findAllByRole('button', { name: /Move this key into the keychain/ });
    await userEvent.click(first!);
    await waitFor(() => expect(busy(first!)).toBe(true));
    expect(first!.textContent).toContain('Moving…');
    expect(document.activeElement).toBe(first);
    expect(off(second!)).toBe(true);
    expect(busy(second!)).toBe(false);
    await userEvent.click(second!);
    expect(api.calls.filter((c) => c.channel === 'doctor:fix')).toHaveLength(1);
    fix.open({ profileId: 'imported-1', message: 'Moved the key into the keychain.' });
    await screen.findByText('Moved the key into the keychain.');
    await waitFor(() => expect(screen.getAllByRole('button', { name: /Move this key/ })).toHaveLength(1));
    const rest = screen.getByRole('button', { name: /Move this key into the keychain/ });
    expect(off(rest)).toBe(false);
    expect(busy(rest)).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(rest));
  });

  it('pins: Remove pin of one folder makes every Remove pin busy or disabled, then the focus goes on', async () => {
    const s = snapshot({
      profiles: [{ profile: CLAUDE_WORK, active: false, state: state('work-1') }],
      pins: [
        { dir: '/src/one', profileId: 'work-1' },
        { dir: '/src/two', profileId: 'work-1' },
      ],
    });
    const done = gate<unknown>();
    const api = installApi({ 'pins:remove': () => done.promise });
    let current = s;
    const { rerender } = render(<ProjectPins snapshot={current} onSnapshot={(n) => (current = n)} />);
    const one = screen.getByRole('button', { name: 'Remove pin /src/one' });
    const two = screen.getByRole('button', { name: 'Remove pin /src/two' });
    await userEvent.click(one);
    await waitFor(() => expect(busy(one)).toBe(true));
    expect(one.textContent).toContain('Removing…');
    expect(one.getAttribute('aria-label')).toBe('Remove pin /src/one: Removing…');
    expect(document.activeElement).toBe(one);
    expect(off(two)).toBe(true);
    await userEvent.click(two);
    expect(api.calls.filter((c) => c.channel === 'pins:remove')).toHaveLength(1);
    done.open({ ...s, pins: [{ dir: '/src/two', profileId: 'work-1' }] });
    await waitFor(() => expect(current.pins).toHaveLength(1));
    rerender(<ProjectPins snapshot={current} onSnapshot={(n) => (current = n)} />);
    const left = screen.getByRole('button', { name: 'Remove pin /src/two' });
    await waitFor(() => expect(off(left)).toBe(false));
    await waitFor(() => expect(document.activeElement).toBe(left));
  });

  it('team: Revoke of one invite makes the other Revoke disabled; it was clickable and did nothing', async () => {
    let invites = [
      { id: 'i1', email: 'a@example.com', role: 'developer', status: 'pending' },
      { id: 'i2', email: 'b@example.com', role: 'developer', status: 'pending' },
    ];
    const done = gate<null>();
    const api = installApi({
      'team:list': () => ({ members: [], invites }),
      'team:revoke': (arg) => {
        invites = invites.filter((i) => i.id !== (arg as { inviteId: string }).inviteId);
        return done.promise;
      },
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: ADMIN, active: false, state: state('admin-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Show members and invites' }));
    const a = await screen.findByRole('button', { name: 'Revoke the invite of a@example.com' });
    const b = screen.getByRole('button', { name: 'Revoke the invite of b@example.com' });
    await userEvent.click(a);
    await waitFor(() => expect(busy(a)).toBe(true));
    expect(a.textContent).toContain('Revoking…');
    expect(off(b)).toBe(true);
    await userEvent.click(b);
    expect(api.calls.filter((c) => c.channel === 'team:revoke')).toHaveLength(1);
    done.open(null);
    await waitFor(() => expect(screen.queryByText(/a@example.com/)).toBeNull());
    const rest = screen.getByRole('button', { name: 'Revoke the invite of b@example.com' });
    expect(off(rest)).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(rest));
  });
});
