// @vitest-environment jsdom
/**
 * Progress while something is slow (desktop audit): signing an account out runs `claude auth
 * logout`, a bundle is read and checked in the main process, a sign-in starts a browser — each
 * showed nothing but a greyed button for as long as it took.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountLine } from '../../../renderer/components/account-line';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { TeamScreen } from '../../../renderer/screens/team-screen';
import { BED, CLAUDE_WORK, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);
const never = () => new Promise(() => undefined);

describe('slow actions show progress', () => {
  it('signing a Claude.ai account out', async () => {
    installApi({ 'accounts:sign-out': never });
    render(
      <AccountLine
        view={{ profile: CLAUDE_WORK, active: false, state: state('work-1') }}
        onSnapshot={() => undefined}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Sign out of Work' }));
    expect(await screen.findByText('Signing out…', {}, { timeout: 2000 })).toBeTruthy();
  });

  it('starting a sign-in from a profile', async () => {
    installApi({ 'signin:start': never });
    const bed = {
      profile: BED,
      active: false,
      state: state('bed-1', { status: 'expired' as const, next: 'sign-in' as const }),
    };
    render(
      <ProfilesScreen snapshot={snapshot({ profiles: [bed] })} onSnapshot={() => undefined} go={() => undefined} />,
    );
    const region = screen.getByRole('region', { name: 'Bedrock prod' });
    const button = [...region.querySelectorAll('button')].find((b) => /sign/i.test(b.textContent ?? ''));
    expect(button).toBeTruthy();
    await userEvent.click(button!);
    expect(await screen.findByText('Starting the sign-in…', {}, { timeout: 2000 })).toBeTruthy();
  });

  it('reading a bundle and importing it', async () => {
    installApi({ 'bundle:preview': never });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: BED, active: false, state: state('bed-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.type(screen.getByLabelText(/Import a bundle/), '{{}');
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    expect(await screen.findByText('Reading the bundle…', {}, { timeout: 2000 })).toBeTruthy();
  });
});
