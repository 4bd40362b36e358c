// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../common/profile';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

const at = '2026-01-01T00:00:00Z';
const work: Profile = {
  id: 'work-1',
  name: 'Work',
  createdAt: at,
  kind: 'claude-ai',
  storageDir: '/data/accounts/acct-1',
  email: 'me@corp.example',
  subscriptionType: 'team',
  organization: 'Corp',
};
const home: Profile = {
  ...work,
  id: 'home-1',
  name: 'Home',
  storageDir: '/data/accounts/acct-2',
  email: 'me@home.example',
  subscriptionType: 'max',
};
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

  it("shows each account's identity and state; Sign out for a signed-in account, Sign in for one that needs it, none for the default login", async () => {
    const api = installApi({
      'accounts:sign-out': () => s,
      'signin:start': () => ({ started: true, command: 'claude auth login', message: 'Started `claude auth login`.' }),
    });
    render(<ProfilesScreen snapshot={s} onSnapshot={() => undefined} go={() => undefined} />);
    const w = screen.getByRole('listitem', { name: /Work/ });
    expect(w.textContent).toContain('me@corp.example · Team · Corp · login kept in /data/accounts/acct-1');
    const h = screen.getByRole('listitem', { name: /Home/ });
    expect(h.textContent).toContain('Claude Code could not renew this login');
    expect(within(h).queryByRole('button', { name: 'Sign out of Home' })).toBeNull();
    const d = screen.getByRole('listitem', { name: /^Default/ });
    expect(d.textContent).toContain('default login (~/.claude)');
    expect(within(d).queryByRole('button', { name: /Sign (in|out)/ })).toBeNull();

    await userEvent.click(within(w).getByRole('button', { name: 'Sign out of Work' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:sign-out', arg: 'work-1' }));
    await userEvent.click(within(h).getByRole('button', { name: 'Sign in to Home' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'signin:start', arg: 'home-1' }));
    expect(await within(h).findByText('Started `claude auth login`.')).toBeTruthy();
  });

  it('lists project pins; Remove pin sends that folder', async () => {
    const api = installApi({ 'pins:remove': () => ({ ...s, pins: [] }) });
    const got: unknown[] = [];
    render(<ProfilesScreen snapshot={s} onSnapshot={(x) => got.push(x)} go={() => undefined} />);
    const pin = screen.getByRole('listitem', { name: 'Pin /src/side' });
    expect(pin.textContent).toContain('/src/side → Home');
    await userEvent.click(within(pin).getByRole('button', { name: 'Remove pin /src/side' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'pins:remove', arg: '/src/side' }));
    await waitFor(() => expect(got).toHaveLength(1));
  });

  it('Add a Claude.ai account sends the name and shows the new list', async () => {
    const api = installApi({ 'accounts:add': () => ({ profile: work, active: false, state: state('work-1') }) });
    const got: unknown[] = [];
    render(<ProfilesScreen snapshot={s} onSnapshot={(x) => got.push(x)} go={() => undefined} />);
    const section = screen.getByRole('region', { name: 'Add a Claude.ai account' });
    await userEvent.type(within(section).getByRole('textbox', { name: 'Name' }), 'Work 2');
    await userEvent.click(within(section).getByRole('button', { name: 'Sign in with Claude' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:add', arg: { name: 'Work 2' } }));
    await waitFor(() => expect(got).toHaveLength(1));
  });
});
