// @vitest-environment jsdom
/**
 * Issue 17, the window: a sidebar of profiles and accounts with their state and the selected one's
 * detail; what the sidebar highlights follows what is on the right; a profile saved and activated
 * while not signed in says so, with the sign-in action.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../common/ipc-contract';
import { App } from '../../../renderer/app';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { BED, installApi, KEY, snapshot, state } from './fake-api';

afterEach(cleanup);

const notSignedIn = state('bed-1', {
  status: 'expired',
  next: 'sign-in',
  detail: { kind: 'not-logged-in', message: 'No AWS SSO session for "prod"' },
});

describe('the window: sidebar and detail', () => {
  it('after saving a new profile the sidebar highlights that profile, not "Add profile"', async () => {
    const added: ProfileView = { profile: KEY, active: false, state: state('work-1') };
    const api = installApi({ 'profiles:add': () => added });
    render(<App />);
    const sidebar = await screen.findByRole('navigation');
    await userEvent.click(within(sidebar).getByRole('button', { name: /Add profile/ }));
    expect(
      within(sidebar)
        .getByRole('button', { name: /Add profile/ })
        .getAttribute('aria-current'),
    ).toBe('page');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Work key');
    await userEvent.type(screen.getByLabelText(/^API key/), 'sk-ant-api03-TESTKEY-0000');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText('Saved “Work key”.');
    act(() => api.emit(snapshot({ profiles: [added] })));
    const item = await within(sidebar).findByRole('button', { name: /Work key/ });
    expect(item.getAttribute('aria-current')).toBe('page');
    expect(
      within(sidebar)
        .getByRole('button', { name: /Add profile/ })
        .getAttribute('aria-current'),
    ).toBeNull();
    expect(screen.getByRole('heading', { name: 'Edit Work key' })).toBeTruthy();
  });

  it('lists every profile with its state; arrow keys move through the sidebar; Enter opens the detail', async () => {
    installApi(
      {},
      snapshot({
        profiles: [
          { profile: KEY, active: true, state: state('work-1') },
          { profile: BED, active: false, state: notSignedIn },
        ],
        activeProfileId: 'work-1',
      }),
    );
    render(<App />);
    const sidebar = await screen.findByRole('navigation');
    // The sidebar is there before the first snapshot is (CI, stop 22: the profiles not listed yet).
    const work = await within(sidebar).findByRole('button', { name: /Work key/ });
    expect(work.textContent).toContain('Active');
    expect(within(sidebar).getByRole('button', { name: /Bedrock prod/ }).textContent).toContain('Not signed in');
    // The active profile is shown first.
    expect(screen.getByRole('heading', { level: 2, name: 'Work key' })).toBeTruthy();
    await userEvent.tab();
    expect(document.activeElement).toBe(work);
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toMatch(/Bedrock prod/);
    await userEvent.keyboard('{Enter}');
    const detail = screen.getByRole('region', { name: 'Bedrock prod' });
    expect(detail.textContent).toContain('Not signed in');
    await userEvent.keyboard('{End}');
    expect(document.activeElement?.textContent).toBe('Settings');
    await userEvent.keyboard('{Home}');
    expect(document.activeElement).toBe(work);
  });

  it('no profiles: the empty state is the detail pane, with the one next action', async () => {
    installApi({});
    render(<App />);
    const empty = await screen.findByRole('region', { name: 'No profiles yet' });
    expect(empty.className).toContain('empty');
    expect(within(empty).getAllByRole('button')).toHaveLength(1);
  });
});

describe('saved and activated, but not signed in', () => {
  it('says it must sign in and offers the sign-in, instead of a plain "Saved and activated"', async () => {
    const api = installApi({
      'aws:profiles': () => [{ name: 'prod', sso: true }],
      'profiles:add': () => ({ profile: BED, active: false, state: notSignedIn }),
      'profiles:activate': () => snapshot(),
      'signin:start': () => ({
        started: true,
        command: 'aws sso login --profile prod',
        message: 'Started the sign-in.',
      }),
    });
    render(
      <EditProfileScreen
        snapshot={snapshot({ profiles: [{ profile: BED, active: true, state: notSignedIn }] })}
        go={() => undefined}
      />,
    );
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'bedrock');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Bedrock prod');
    await userEvent.type(screen.getByLabelText(/^AWS region/), 'us-west-2');
    await waitFor(() => expect(screen.getByRole('option', { name: 'prod (SSO)' })).toBeTruthy());
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'sso');
    await userEvent.selectOptions(screen.getByLabelText('AWS profile'), 'prod');
    await userEvent.click(screen.getByRole('button', { name: /Save and use/ }));
    const status = await screen.findByText(/Saved and activated “Bedrock prod”/);
    const box = status.closest('[role="status"]') as HTMLElement;
    expect(box.textContent).toMatch(/not signed in/i);
    await userEvent.click(within(box).getByRole('button', { name: /Sign in/ }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'signin:start', arg: 'bed-1' }));
  });
});

describe('the window: one message per finding', () => {
  it('on the Doctor screen a finding is not said twice (once as a banner, once as the finding)', async () => {
    const message = 'ANTHROPIC_API_KEY is stored in plain text in local settings.';
    const times = (): number => (document.body.textContent ?? '').split(message).length - 1;
    const warning = { kind: 'plaintext-key', message, fix: 'Move it into the keychain.' };
    installApi(
      {
        'doctor:run': () => [
          { kind: 'plaintext-key', severity: 'warning', message, fix: 'Move it into the keychain.' },
        ],
      },
      snapshot({ warnings: [warning] }),
    );
    render(<App />);
    const sidebar = await screen.findByRole('navigation');
    // Elsewhere the warning is a banner…
    await waitFor(() => expect(times()).toBe(1));
    await userEvent.click(within(sidebar).getByRole('button', { name: /Doctor/ }));
    // …on the Doctor screen it is the finding, once.
    await waitFor(() => expect(document.querySelectorAll('.finding').length).toBe(1));
    expect(times()).toBe(1);
  });
});
