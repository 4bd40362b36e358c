// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

describe('Claude Platform on AWS in the window: its form comes from its field descriptors', () => {
  it('workspace, region, AWS profile and SSO sign-in, saved as flat input', async () => {
    const api = installApi({
      'aws:profiles': () => [{ name: 'prod', sso: true }],
      'provider:login': (arg) => ({
        state: state('draft', { status: 'ok', detail: { kind: 'session', message: 'AWS SSO session' } }),
        ...((arg as { awsProfile?: string }).awsProfile ? { signInCommand: 'aws sso login --profile prod' } : {}),
      }),
      'profiles:add': (arg) => ({ profile: { ...(arg as object), id: 'cpa-1' }, active: false, state: state('cpa-1') }),
    });
    render(<EditProfileScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'claude-platform-aws');
    await userEvent.type(screen.getByLabelText(/^Name/), 'CPA');
    await userEvent.type(screen.getByLabelText(/^Workspace id/), 'wrkspc_01abc');
    await userEvent.type(screen.getByLabelText(/^AWS region/), 'us-west-2');
    await waitFor(() => expect(screen.getByRole('option', { name: 'prod (SSO)' })).toBeTruthy());
    await userEvent.selectOptions(screen.getByLabelText('AWS profile'), 'prod');
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'sso');
    const login = screen.getByRole('group', { name: 'Current login on this computer' });
    expect(within(login).getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByLabelText(/API key/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'profiles:add')?.arg).toMatchObject({
        kind: 'claude-platform-aws',
        name: 'CPA',
        workspaceId: 'wrkspc_01abc',
        region: 'us-west-2',
        awsProfile: 'prod',
        authMode: 'sso',
      }),
    );
  });
});
