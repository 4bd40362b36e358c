// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../common/profile';
import { App } from '../../../renderer/app';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { CLAUDE_HOME, CLAUDE_WORK, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

const at = '2026-01-01T00:00:00Z';
const work = CLAUDE_WORK;
const home = CLAUDE_HOME;
const def: Profile = { id: 'def-1', name: 'Default', createdAt: at, kind: 'claude-ai' };
const revoked = state('home-1', {
  status: 'expired',
  detail: { kind: 'revoked', message: 'Claude Code could not renew this login (its refresh token was refused)' },
  next: 'sign-in',
});

describe('Profiles screen: Claude.ai accounts and project pins', () => {
  const s = snapshot({
    profiles: [
      { profile: work, active: true, state: state('work-1') },
      { profile: home, active: false, state: revoked },
      { profile: def, active: false, state: state('def-1') },
    ],
    activeProfileId: 'work-1',
    pins: [{ dir: '/src/side', profileId: 'home-1' }],
  });

  const detail = (id: string, onSnapshot: (x: unknown) => void = () => undefined): HTMLElement => {
    cleanup();
    render(<ProfilesScreen snapshot={s} profileId={id} onSnapshot={onSnapshot} go={() => undefined} />);
    return screen.getByRole('region', { name: s.profiles.find((v) => v.profile.id === id)!.profile.name });
  };

  it("shows each account's identity and state; Sign out for a signed-in account, Sign in for one that needs it, none for the default login", async () => {
    const api = installApi({
      'accounts:sign-out': () => s,
      'signin:start': () => ({ started: true, command: 'claude auth login', message: 'Started `claude auth login`.' }),
    });
    let h = detail('home-1');
    expect(h.textContent).toContain('Claude Code could not renew this login');
    expect(within(h).queryByRole('button', { name: 'Sign out of Home' })).toBeNull();
    const d = detail('def-1');
    expect(d.textContent).toContain('default login (~/.claude)');
    expect(within(d).queryByRole('button', { name: /Sign (in|out)/ })).toBeNull();

    const w = detail('work-1');
    expect(w.textContent).toContain('me@corp.example · Team · Corp · login kept in /data/accounts/acct-1');
    await userEvent.click(within(w).getByRole('button', { name: 'Sign out of Work' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:sign-out', arg: 'work-1' }));
    h = detail('home-1');
    await userEvent.click(within(h).getByRole('button', { name: 'Sign in to Home' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'signin:start', arg: 'home-1' }));
    expect(await within(h).findByText('Started `claude auth login`.')).toBeTruthy();
    // One sign-in button: the account line's (the detail does not add a second one).
    expect(within(h).getAllByRole('button', { name: /Sign in/ })).toHaveLength(1);
  });

  it('lists the projects pinned to a profile in its detail; Remove pin sends that folder', async () => {
    const api = installApi({ 'pins:remove': () => ({ ...s, pins: [] }) });
    const got: unknown[] = [];
    expect(within(detail('work-1')).queryByRole('listitem', { name: 'Pin /src/side' })).toBeNull();
    const pin = within(detail('home-1', (x) => got.push(x))).getByRole('listitem', { name: 'Pin /src/side' });
    expect(pin.textContent).toContain('/src/side → Home');
    await userEvent.click(within(pin).getByRole('button', { name: 'Remove pin /src/side' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'pins:remove', arg: '/src/side' }));
    await waitFor(() => expect(got).toHaveLength(1));
  });

  it('Add account in the sidebar: sends the name, then shows the new account', async () => {
    const work2: Profile = { ...work, id: 'work-2', name: 'Work 2', storageDir: '/data/accounts/acct-3' };
    const after = { ...s, profiles: [...s.profiles, { profile: work2, active: false, state: state('work-2') }] };
    let added = false;
    const api = installApi({
      'accounts:add': () => ((added = true), { profile: work2, active: false, state: state('work-2') }),
      'app:snapshot': () => (added ? after : s),
    });
    render(<App />);
    const sidebar = await screen.findByRole('navigation');
    await userEvent.click(within(sidebar).getByRole('button', { name: 'Add account' }));
    const section = screen.getByRole('region', { name: 'Add a Claude.ai account' });
    await userEvent.type(within(section).getByRole('textbox', { name: 'Name' }), 'Work 2');
    await userEvent.click(within(section).getByRole('button', { name: 'Sign in with Claude' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:add', arg: { name: 'Work 2' } }));
    expect(await screen.findByRole('region', { name: 'Work 2' })).toBeTruthy();
    const item = within(sidebar).getByRole('button', { name: 'Work 2: OK, me@corp.example' });
    expect(item.getAttribute('aria-current')).toBe('page');
    // Accounts are told apart by who they are.
    expect(item.textContent).toContain('OK · me@corp.example');
  });
});
