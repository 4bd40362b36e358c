// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamScreen } from '../../../renderer/screens/team-screen';
import { ADMIN } from '../../support/profile-fixtures';
import { BED, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

describe('Team screen', () => {
  it('without an Admin key it opens on shared setups, and People explains what to add', async () => {
    installApi({});
    const go: unknown[] = [];
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: BED, active: false, state: state('bed-1') }] })}
        go={(n) => go.push(n)}
      />,
    );
    expect(screen.getByRole('button', { name: 'Export bundle' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Shared setups' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'People' }));
    expect(screen.queryByRole('button', { name: 'Export bundle' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Add an Admin key' }));
    expect(go).toEqual([{ screen: 'add' }]);
  });

  it('bulk invite shows a progress bar, then a summary and the exceptions', async () => {
    let finish!: (v: unknown) => void;
    const api = installApi({ 'team:invite': () => new Promise((r) => (finish = r)) });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: ADMIN, active: false, state: state('admin-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.type(
      screen.getByLabelText('Email addresses'),
      'a@example.com{enter}b@example.com{enter}member@example.com',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send invites' }));
    act(() => api.progress({ done: 2, total: 3 }));
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('value')).toBe('2');
    expect(screen.getByText(/Inviting 2 of 3/)).toBeTruthy();
    await act(async () =>
      finish({
        results: [
          { email: 'a@example.com', role: 'claude_code_user', outcome: 'invited' },
          { email: 'b@example.com', role: 'claude_code_user', outcome: 'invited' },
          { email: 'member@example.com', role: 'claude_code_user', outcome: 'already-member' },
        ],
      }),
    );
    expect(await screen.findByText('2 invited · 1 already a member')).toBeTruthy();
    // Only the exceptions are listed, one row each (plus the header).
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getAllByRole('row')[1]!.textContent).toContain('member@example.com');
    expect(api.calls.find((c) => c.channel === 'team:invite')?.arg).toEqual({
      emails: ['a@example.com', 'b@example.com', 'member@example.com'],
      role: 'claude_code_user',
      dryRun: false,
      profileId: 'admin-1',
    });
  });

  it('30 invitations: one summary line and only the exceptions, in the CLI words', async () => {
    const invited = Array.from({ length: 30 }, (_, i) => ({
      email: `dev${i}@example.com`,
      role: 'claude_code_user',
      outcome: 'invited' as const,
    }));
    installApi({
      'team:invite': () => ({
        results: [
          ...invited,
          { email: 'old@example.com', role: 'claude_code_user', outcome: 'already-invited' },
          {
            email: 'dev1@example.com',
            role: 'claude_code_user',
            outcome: 'duplicate',
            message: 'listed twice; invited once',
          },
        ],
      }),
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: ADMIN, active: false, state: state('admin-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.type(screen.getByLabelText('Email addresses'), 'x@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send invites' }));
    expect(await screen.findByText('30 invited · 1 already invited · 1 listed twice')).toBeTruthy();
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['old@example.comalready invited', 'dev1@example.comlisted twice; invited once']);
    expect(screen.queryByText(/dev0@example.com/)).toBeNull();
  });

  it('a refused role or bad input shows the error with the next step', async () => {
    installApi({
      'team:invite': () => ({
        __ipcError: {
          kind: 'invalid-argument',
          message: 'CSV line 2: unknown role "owner".',
          nextStep: 'Use one of: user, developer, billing, claude_code_user.',
        },
      }),
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: ADMIN, active: false, state: state('admin-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.type(screen.getByLabelText('Email addresses'), 'a@example.com,developer{enter}b@example.com,owner');
    await userEvent.click(screen.getByRole('button', { name: 'Send invites' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'CSV line 2: unknown role "owner". Use one of: user, developer, billing, claude_code_user.',
    );
  });

  it('an Admin API answer in an unexpected format shows one sentence and the next step, no list', async () => {
    installApi({
      'team:list': () => ({
        __ipcError: {
          kind: 'admin-api-unexpected',
          message: 'The Admin API answered in an unexpected format (not JSON).',
          nextStep: 'Check that the Admin-key profile points at the Anthropic API, then try again later.',
        },
      }),
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: ADMIN, active: false, state: state('admin-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Show members and invites' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The Admin API answered in an unexpected format (not JSON). Check that the Admin-key profile points at the Anthropic API, then try again later.',
    );
    expect(screen.queryByRole('heading', { name: /Pending invites/ })).toBeNull();
  });

  it('bundles: export shows the JSON; import previews what it sets before adding', async () => {
    const api = installApi({
      'bundle:export': () => ({ text: '{"format":"claude-auth-tray-bundle"}', fileName: 'x.json' }),
      'bundle:preview': () => ({
        lines: ['Profile "Bedrock prod" (Amazon Bedrock).', '  env.CLAUDE_CODE_USE_BEDROCK = 1'],
      }),
      'bundle:import': () => ({ profile: BED, active: false, state: state('bed-1') }),
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: BED, active: false, state: state('bed-1') }] })}
        go={() => undefined}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export bundle' }));
    expect(((await screen.findByLabelText(/Bundle \(copy it/)) as HTMLTextAreaElement).value).toContain(
      'claude-auth-tray-bundle',
    );
    await userEvent.type(screen.getByLabelText(/Import a bundle/), '{{"x":1}');
    expect(screen.queryByRole('button', { name: 'Import as a new profile' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    expect((await screen.findByLabelText('What the bundle sets')).textContent).toContain(
      'env.CLAUDE_CODE_USE_BEDROCK = 1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Import as a new profile' }));
    await waitFor(() => expect(screen.getByText(/Imported “Bedrock prod”/)).toBeTruthy());
    expect(api.calls.map((c) => c.channel)).toEqual(['bundle:export', 'bundle:preview', 'bundle:import']);
  });

  it('a bundle with a command imports only after "I trust this command" is ticked', async () => {
    const api = installApi({
      'bundle:preview': () => ({
        lines: ['Profile "Bedrock CI" (Amazon Bedrock).', '  awsCredentialExport = /opt/creds'],
        command: '/opt/creds',
      }),
      'bundle:import': () => ({ profile: BED, active: false, state: state('bed-1') }),
    });
    render(<TeamScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.type(screen.getByLabelText(/Import a bundle/), '{{"x":1}');
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    const importButton = (await screen.findByRole('button', { name: 'Import as a new profile' })) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    expect(screen.getByLabelText(/carries a command/).textContent).toBe('/opt/creds');
    await userEvent.click(screen.getByLabelText('I trust this command and whoever sent it'));
    expect(importButton.disabled).toBe(false);
    await userEvent.click(importButton);
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'bundle:import')?.arg).toEqual({
        text: '{"x":1}',
        allowCommand: true,
      }),
    );
  });
});

describe('Team screen: what the bundle preview shows (issue 12, items 9 and 10)', () => {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  async function preview(): Promise<void> {
    render(<TeamScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.type(screen.getByLabelText(/Import a bundle/), '{{}');
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
  }

  it('a refused bundle (managedSettings that says something else) shows why, and offers no import', async () => {
    installApi({
      'bundle:preview': () => ({
        __ipcError: {
          kind: 'bundle-invalid',
          message:
            "The bundle's managedSettings does not match its profile: the profile would write env.ANTHROPIC_FOUNDRY_BASE_URL = https://attacker.example.net/anthropic, the fragment shows nothing.",
          nextStep: 'Nothing was imported.',
        },
      }),
    });
    await preview();
    expect((await screen.findByRole('alert')).textContent).toMatch(/attacker\.example\.net.*Nothing was imported/);
    expect(screen.queryByRole('button', { name: 'Import as a new profile' })).toBeNull();
    expect(screen.queryByLabelText('What the bundle sets')).toBeNull();
  });

  it('control characters that reach the window are shown escaped, never raw, in the lines and the command', async () => {
    const api = installApi({
      'bundle:preview': () => ({
        lines: ['Profile "X\x1b[2K\u202Eevil"', '  awsCredentialExport = run\x07\x1b]0;t\x07'],
        command: 'run\x07\x1b]0;t\x07',
      }),
      'bundle:import': () => ({ profile: BED, active: false, state: state('bed-1') }),
    });
    await preview();
    const lines = (await screen.findByLabelText('What the bundle sets')).textContent ?? '';
    expect(lines).toBe('Profile "X\\x1b[2K\\u202eevil"\n  awsCredentialExport = run\\x07\\x1b]0;t\\x07');
    const command = screen.getByLabelText(/carries a command/).textContent ?? '';
    expect(command).toBe('run\\x07\\x1b]0;t\\x07');
    expect(lines + command).not.toMatch(CONTROLS);
    const importButton = screen.getByRole('button', { name: 'Import as a new profile' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    await userEvent.click(screen.getByLabelText('I trust this command and whoever sent it'));
    await userEvent.click(importButton);
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'bundle:import')?.arg).toEqual({ text: '{}', allowCommand: true }),
    );
  });
});
