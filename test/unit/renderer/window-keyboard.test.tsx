// @vitest-environment jsdom
/**
 * The window by keyboard and under repeated clicks (desktop audit): a confirmation that replaces the
 * button under the focus keeps the focus in the pane, Escape backs out of it, and a second click
 * while the first is under way does not send the action twice.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { App } from '../../../renderer/app';
import { BED, installApi, KEY, snapshot, state } from './fake-api';

afterEach(cleanup);
const noop = (): void => undefined;
const one = () => snapshot({ profiles: [{ profile: KEY, active: false, state: state('work-1') }] });

describe('Remove by keyboard', () => {
  it('Enter on Remove moves the focus to Keep (the safe choice); Keep puts it back on Remove', async () => {
    installApi({});
    render(<ProfilesScreen snapshot={one()} onSnapshot={noop} go={noop} />);
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Remove Work key' }).focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep Work key' }));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Work key' }));
  });

  it('Escape backs out of the confirmation, focus back on Remove', async () => {
    const api = installApi({});
    render(<ProfilesScreen snapshot={one()} onSnapshot={noop} go={noop} />);
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Remove Work key' }).focus();
    await user.keyboard('{Enter}');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: 'Confirm removing Work key' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Work key' }));
    expect(api.calls.filter((c) => c.channel === 'profiles:remove')).toHaveLength(0);
  });
});

describe('Repeated clicks', () => {
  it('"Remove for good" clicked twice while the first removal runs removes once', async () => {
    let release: (() => void) | undefined;
    const api = installApi({
      'profiles:remove': () => new Promise((r) => (release = () => r(snapshot()))),
    });
    render(<ProfilesScreen snapshot={one()} onSnapshot={noop} go={noop} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Remove Work key' }));
    const confirm = screen.getByRole('button', { name: 'Confirm removing Work key' });
    await user.click(confirm);
    await user.click(confirm);
    await waitFor(() => expect(release).toBeDefined());
    release?.();
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'profiles:remove')).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Enter pressed twice in the form while the first save runs adds the profile once', async () => {
    let release: (() => void) | undefined;
    const api = installApi({
      'profiles:add': () =>
        new Promise((r) => (release = () => r({ profile: KEY, active: false, state: state(KEY.id) }))),
    });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Name/), 'Work key');
    await user.type(screen.getByLabelText(/^API key/), 'sk-ant-api03-TESTKEY-0000{Enter}{Enter}');
    await waitFor(() => expect(release).toBeDefined());
    release?.();
    await waitFor(() => expect(screen.queryByText(/Saved/)).not.toBeNull());
    expect(api.calls.filter((c) => c.channel === 'profiles:add')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('Focus after the pane changes under it', () => {
  it('after "Remove for good" by keyboard, the focus is on the next profile, not lost to the page', async () => {
    const two = snapshot({
      profiles: [
        { profile: KEY, active: true, state: state('work-1') },
        { profile: BED, active: false, state: state('bed-1') },
      ],
      activeProfileId: 'work-1',
    });
    const left = snapshot({ profiles: [{ profile: BED, active: false, state: state('bed-1') }] });
    installApi({ 'profiles:remove': () => left }, two);
    render(<App />);
    const user = userEvent.setup();
    (await screen.findByRole('button', { name: 'Remove Work key' })).focus();
    await user.keyboard('{Enter}');
    screen.getByRole('button', { name: 'Confirm removing Work key' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Bedrock prod' })).toBeTruthy());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Bedrock prod' })));
  });
});
