// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
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

  it("Sign in shows Claude Code's page and the code field for that account only; the code is sent once and the field empties; Cancel stops the login", async () => {
    const api = installApi({
      'signin:start': () => ({ started: true, command: 'claude auth login', message: 'Finish the sign-in there.' }),
      'accounts:login-code': () => ({ sent: true }),
      'accounts:login-cancel': () => s,
    });
    render(<ProfilesScreen snapshot={s} onSnapshot={() => undefined} go={() => undefined} />);
    const h = screen.getByRole('listitem', { name: /Home/ });
    await userEvent.click(within(h).getByRole('button', { name: 'Sign in to Home' }));
    act(() =>
      api.emit({
        ...s,
        accountLogin: {
          target: 'home-1',
          state: 'waiting',
          asksCode: true,
          url: 'https://claude.com/cai/oauth/authorize?x=1',
        },
      }),
    );
    const group = await within(h).findByRole('group', { name: 'Sign-in of Home' });
    expect(
      within(screen.getByRole('listitem', { name: /Work/ })).queryByRole('textbox', { name: 'Code from Claude.ai' }),
    ).toBeNull();
    expect((within(group).getByRole('textbox', { name: 'Sign-in page' }) as HTMLInputElement).value).toBe(
      'https://claude.com/cai/oauth/authorize?x=1',
    );
    const field = within(group).getByRole('textbox', { name: 'Code from Claude.ai' }) as HTMLInputElement;
    await userEvent.type(field, ' abc#def ');
    await userEvent.click(within(group).getByRole('button', { name: 'Send code' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:login-code', arg: { code: 'abc#def' } }));
    expect(field.value).toBe('');
    act(() =>
      api.emit({
        ...s,
        accountLogin: {
          target: 'home-1',
          state: 'waiting',
          asksCode: true,
          message: 'Claude Code did not accept that code: copy the whole code and paste it again.',
        },
      }),
    );
    expect((await within(group).findByRole('alert')).textContent).toContain('did not accept that code');
    await userEvent.click(within(group).getByRole('button', { name: 'Cancel sign-in' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:login-cancel', arg: undefined }));
    act(() =>
      api.emit({
        ...s,
        accountLogin: {
          target: 'home-1',
          state: 'failed',
          asksCode: false,
          message: 'Claude Code did not finish the sign-in (stopped). Try again.',
        },
      }),
    );
    expect((await within(h).findByRole('alert')).textContent).toContain('did not finish the sign-in');
    expect(within(h).getByRole('button', { name: 'Sign in to Home' })).toBeTruthy();
  });

  it('Pin to a project… asks the main process (no folder from the window) and shows what it did; Cancel in the dialog says nothing', async () => {
    let cancelled = true;
    const api = installApi({
      'pins:add': () =>
        cancelled
          ? { cancelled: true, snapshot: s }
          : { cancelled: false, dir: '/src/new', message: 'Pinned /src/new to Work.', snapshot: { ...s, pins: [] } },
    });
    const got: unknown[] = [];
    render(<ProfilesScreen snapshot={s} onSnapshot={(x) => got.push(x)} go={() => undefined} />);
    const w = screen.getByRole('listitem', { name: /Work/ });
    await userEvent.click(within(w).getByRole('button', { name: 'Pin Work to a project…' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'pins:add', arg: { profileId: 'work-1' } }));
    expect(within(w).queryByRole('status')).toBeNull();
    expect(got).toHaveLength(0);
    cancelled = false;
    await userEvent.click(within(w).getByRole('button', { name: 'Pin Work to a project…' }));
    expect((await within(w).findByRole('status')).textContent).toBe('Pinned /src/new to Work.');
    expect(got).toHaveLength(1);
  });
});
