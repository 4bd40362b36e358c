// @vitest-environment jsdom
/**
 * When the user answers Cancel in the main process's command dialog (issue 12, item 11), the call
 * fails with `command-not-confirmed`: the window shows that one sentence, nothing else (no stack, no
 * "Saved"), runs nothing, and keeps the form so the user can try again.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { TeamScreen } from '../../../renderer/screens/team-screen';
import { HELPER } from '../../support/profile-fixtures';
import { installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

const SENTENCE = 'Nothing was saved: the command was not confirmed.';
const cancelled = (): unknown => ({ __ipcError: { kind: 'command-not-confirmed', message: SENTENCE } });

describe('Cancel in the command dialog', () => {
  it('Add helper → Save and run: the one sentence, no "Saved", the helper never runs, the form stays', async () => {
    const api = installApi({ 'profiles:add': cancelled });
    render(<EditProfileScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'api-key-helper');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Vault');
    await userEvent.type(screen.getByLabelText(/^Command/), 'vault kv get -field=key secret/anthropic');
    await userEvent.click(screen.getByRole('button', { name: 'Save and run' }));
    expect((await screen.findByRole('alert')).textContent).toBe(SENTENCE);
    expect(screen.queryByRole('status')).toBeNull();
    expect(api.calls.map((c) => c.channel)).toEqual(['profiles:add']);
    expect((screen.getByLabelText(/^Command/) as HTMLInputElement).value).toBe(
      'vault kv get -field=key secret/anthropic',
    );
    expect((screen.getByRole('button', { name: 'Save and run' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('Edit helper → Save changes with a new command: the one sentence', async () => {
    installApi({ 'profiles:update': cancelled });
    render(
      <EditProfileScreen
        snapshot={snapshot({ profiles: [{ profile: HELPER, active: false, state: state('vault-1') }] })}
        profileId="vault-1"
        go={() => undefined}
      />,
    );
    await userEvent.clear(screen.getByLabelText(/^Command/));
    await userEvent.type(screen.getByLabelText(/^Command/), 'other-command');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(SENTENCE);
    expect(alert.textContent).not.toMatch(/Error|\bat /);
  });

  it('Team → import a bundle with a command, trusted: the one sentence; the preview stays to try again', async () => {
    const api = installApi({
      'bundle:preview': () => ({
        lines: ['Profile "Bedrock CI" (Amazon Bedrock).', '  awsCredentialExport = /opt/creds'],
        command: '/opt/creds',
      }),
      'bundle:import': cancelled,
    });
    render(<TeamScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.type(screen.getByLabelText(/Import a bundle/), '{{"x":1}');
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    await userEvent.click(await screen.findByLabelText('I trust this command and whoever sent it'));
    await userEvent.click(screen.getByRole('button', { name: 'Import as a new profile' }));
    expect((await screen.findByRole('alert')).textContent).toBe(SENTENCE);
    expect(screen.queryByText(/Imported/)).toBeNull();
    expect(screen.getByLabelText('What the bundle sets')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'bundle:import').map((c) => c.arg)).toEqual([
      { text: '{"x":1}', allowCommand: true },
    ]);
  });
});
