// @vitest-environment jsdom
/**
 * The account components by themselves (issue 14), whatever screen mounts them: the code field of a
 * waiting sign-in, Cancel, and "Pin to a project…".
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../common/ipc-contract';
import { AccountLine } from '../../../renderer/components/account-line';
import { AddAccount } from '../../../renderer/components/add-account';
import { CLAUDE_HOME, CLAUDE_WORK, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

const work = CLAUDE_WORK;
const home = CLAUDE_HOME;
const s = snapshot({
  profiles: [
    { profile: work, active: true, state: state('work-1') },
    {
      profile: home,
      active: false,
      state: state('home-1', {
        status: 'expired',
        detail: { kind: 'not-logged-in', message: 'Not signed in' },
        next: 'sign-in',
      }),
    },
  ],
  activeProfileId: 'work-1',
});

/** The core publishes a sign-in of Home in this state. */
function emitHomeLogin(
  api: { emit(snap: Snapshot): void },
  login: Omit<NonNullable<Snapshot['accountLogin']>, 'target'>,
): void {
  act(() => api.emit({ ...s, accountLogin: { target: 'home-1', ...login } }));
}

describe('account components', () => {
  it("Sign in shows Claude Code's page and the code field for that account only; the code is sent once and the field empties; Cancel stops the login", async () => {
    const api = installApi({
      'signin:start': () => ({ started: true, command: 'claude auth login', message: 'Finish the sign-in there.' }),
      'accounts:login-code': () => ({ sent: true }),
      'accounts:login-cancel': () => s,
    });
    render(
      <>
        <div role="region" aria-label="Home">
          <AccountLine view={s.profiles[1]!} onSnapshot={() => undefined} />
        </div>
        <div role="region" aria-label="Work">
          <AccountLine view={s.profiles[0]!} onSnapshot={() => undefined} />
        </div>
      </>,
    );
    const h = screen.getByRole('region', { name: 'Home' });
    await userEvent.click(within(h).getByRole('button', { name: 'Sign in to Home' }));
    emitHomeLogin(api, {
      state: 'waiting',
      asksCode: true,
      url: 'https://claude.com/cai/oauth/authorize?x=1',
    });
    const group = await within(h).findByRole('group', { name: 'Sign-in of Home' });
    expect(
      within(screen.getByRole('region', { name: 'Work' })).queryByRole('textbox', { name: 'Code from Claude.ai' }),
    ).toBeNull();
    expect((within(group).getByRole('textbox', { name: 'Sign-in page' }) as HTMLInputElement).value).toBe(
      'https://claude.com/cai/oauth/authorize?x=1',
    );
    const field = within(group).getByRole('textbox', { name: 'Code from Claude.ai' }) as HTMLInputElement;
    await userEvent.type(field, ' abc#def ');
    await userEvent.click(within(group).getByRole('button', { name: 'Send code' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:login-code', arg: { code: 'abc#def' } }));
    expect(field.value).toBe('');
    emitHomeLogin(api, {
      state: 'waiting',
      asksCode: true,
      message: 'Claude Code did not accept that code: copy the whole code and paste it again.',
    });
    expect((await within(group).findByRole('alert')).textContent).toContain('did not accept that code');
    await userEvent.click(within(group).getByRole('button', { name: 'Cancel sign-in' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:login-cancel', arg: undefined }));
    emitHomeLogin(api, {
      state: 'failed',
      asksCode: false,
      message: 'Claude Code did not finish the sign-in (stopped). Try again.',
    });
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
    render(
      <div role="region" aria-label="Work">
        <AccountLine view={s.profiles[0]!} onSnapshot={(x) => got.push(x)} />
      </div>,
    );
    const w = screen.getByRole('region', { name: 'Work' });
    await userEvent.click(within(w).getByRole('button', { name: 'Pin Work to a project…' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'pins:add', arg: { profileId: 'work-1' } }));
    expect(within(w).queryByRole('status')).toBeNull();
    expect(got).toHaveLength(0);
    cancelled = false;
    await userEvent.click(within(w).getByRole('button', { name: 'Pin Work to a project…' }));
    expect((await within(w).findByRole('status')).textContent).toBe('Pinned /src/new to Work.');
    expect(got).toHaveLength(1);
  });

  it('Add account: while Claude Code waits, the code field of that new account; the code goes to accounts:login-code', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installApi({
      'accounts:add': () => new Promise((r) => (finish = r)),
      'accounts:login-code': () => ({ sent: true }),
    });
    const got: unknown[] = [];
    render(<AddAccount onAdded={(x) => got.push(x)} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'New one');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in with Claude' }));
    // Another sign-in's prompt is not this form's.
    act(() => api.emit({ ...s, accountLogin: { target: 'home-1', state: 'waiting', asksCode: true } }));
    expect(screen.queryByRole('textbox', { name: 'Code from Claude.ai' })).toBeNull();
    act(() => api.emit({ ...s, accountLogin: { target: 'new:New one', state: 'waiting', asksCode: true } }));
    await userEvent.type(await screen.findByRole('textbox', { name: 'Code from Claude.ai' }), 'c0de');
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'accounts:login-code', arg: { code: 'c0de' } }));
    act(() => finish({ profile: work, active: false, state: state('work-1') }));
    await waitFor(() => expect(got).toHaveLength(1));
  });
});
