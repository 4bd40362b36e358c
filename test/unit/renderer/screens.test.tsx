// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app';
import { DoctorScreen } from '../../../renderer/screens/doctor-screen';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { ProfilesScreen } from '../../../renderer/screens/profiles-screen';
import { SettingsScreen } from '../../../renderer/screens/settings-screen';
import { BED, installApi, KEY, NOW, snapshot, state } from './fake-api';

afterEach(cleanup);
const noop = (): void => undefined;

describe('Profiles screen', () => {
  it('empty state helps: explains profiles and offers to add one', async () => {
    installApi({});
    const go: unknown[] = [];
    render(<ProfilesScreen snapshot={snapshot()} onSnapshot={noop} go={(n) => go.push(n)} />);
    expect(screen.getByRole('heading', { name: 'No profiles yet' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add your first profile' }));
    expect(go).toEqual([{ screen: 'add' }]);
  });

  it('shows the selected profile with provider, status, countdown and the active mark; Use activates', async () => {
    const s = snapshot({
      profiles: [
        { profile: KEY, active: true, state: state('work-1', { hint: 'sk-ant-…a1b2' }) },
        {
          profile: BED,
          active: false,
          state: state('bed-1', {
            status: 'expiring',
            expiresAt: NOW + 42 * 60_000 + 5000,
            detail: { kind: 'session', message: 'AWS SSO session' },
            next: 'sign-in',
          }),
        },
      ],
      activeProfileId: 'work-1',
    });
    const api = installApi({ 'profiles:activate': () => ({ ...s, activeProfileId: 'bed-1' }) });
    const got: unknown[] = [];
    const first = render(<ProfilesScreen snapshot={s} profileId="work-1" onSnapshot={(x) => got.push(x)} go={noop} />);
    const work = screen.getByRole('region', { name: 'Work key' });
    expect(within(work).getByText('Active')).toBeTruthy();
    expect(work.textContent).toContain('sk-ant-…a1b2');
    expect(within(work).queryByRole('button', { name: 'Use Work key' })).toBeNull();
    first.unmount();
    render(<ProfilesScreen snapshot={s} profileId="bed-1" onSnapshot={(x) => got.push(x)} go={noop} />);
    const bed = screen.getByRole('region', { name: 'Bedrock prod' });
    expect(bed.textContent).toContain('Amazon Bedrock');
    expect(bed.textContent).toMatch(/Expiring · expires in 42 min 0\d s/);
    expect(bed.textContent).toContain('Sign in again.');
    await userEvent.click(within(bed).getByRole('button', { name: 'Use Bedrock prod' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'profiles:activate', arg: 'bed-1' }));
    expect(got).toHaveLength(1);
  });

  it('removing asks first, and an error says what to do', async () => {
    const s = snapshot({ profiles: [{ profile: KEY, active: false, state: state('work-1') }] });
    installApi({
      'profiles:remove': () => ({
        __ipcError: {
          kind: 'keychain-locked',
          message: 'The keychain is locked.',
          nextStep: 'Unlock it, then try again.',
        },
      }),
    });
    render(<ProfilesScreen snapshot={s} onSnapshot={noop} go={noop} />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove Work key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm removing Work key' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The keychain is locked. Unlock it, then try again.');
  });
});

describe('Add / edit screen', () => {
  it('API key: masked input, Check key shows progress then the verdict; saves to the keychain via add', async () => {
    let release!: (v: unknown) => void;
    const api = installApi({
      'keys:check': () => new Promise((r) => (release = r)),
      'profiles:add': (arg) => ({
        profile: { ...KEY, name: (arg as { name: string }).name },
        active: false,
        state: state('work-1'),
      }),
    });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Work key');
    const key = screen.getByLabelText(/^API key/);
    expect(key.getAttribute('type')).toBe('password');
    await userEvent.type(key, 'sk-ant-api03-TESTKEY-0000');
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    expect(await screen.findByText('Checking the key…', {}, { timeout: 1500 })).toBeTruthy();
    await act(async () => release({ verdict: 'invalid', message: 'rejected', durationMs: 300 }));
    expect(await screen.findByText(/Revoked or mistyped/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'profiles:add')?.arg).toEqual({
        kind: 'anthropic-api-key',
        name: 'Work key',
        secret: 'sk-ant-api03-TESTKEY-0000',
      }),
    );
    expect(await screen.findByText('Saved “Work key”.')).toBeTruthy();
  });

  it('API key: offline is "could not be checked", not invalid', async () => {
    installApi({ 'keys:check': () => ({ verdict: 'unknown', message: 'offline', durationMs: 5 }) });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.type(screen.getByLabelText(/^API key/), 'sk-ant-x-123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    expect((await screen.findByText(/Offline or no answer/)).textContent).toContain('It was not marked invalid.');
  });

  it('helper: Save and run saves the draft, then runs the saved profile (by id); shows the masked result or the typed error', async () => {
    let n = 0;
    const helper = {
      id: 'vault-1',
      name: 'Vault',
      createdAt: 'x',
      kind: 'api-key-helper' as const,
      command: 'get-key',
    };
    const api = installApi({
      'profiles:add': () => ({ profile: helper, active: false, state: state('vault-1') }),
      'profiles:update': () => ({ profile: helper, active: false, state: state('vault-1') }),
      'helper:run': () =>
        n++ === 0
          ? {
              ok: false,
              durationMs: 12,
              error: {
                kind: 'helper-exit',
                message: 'The key helper exited with code 3: denied',
                nextStep: 'Run it in a terminal.',
              },
            }
          : { ok: true, durationMs: 40, hint: 'sk-ant-…beef' },
    });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'api-key-helper');
    await userEvent.type(screen.getByLabelText(/^Command/), 'get-key');
    const run = screen.getByRole('button', { name: 'Save and run' });
    expect((run as HTMLButtonElement).disabled).toBe(true); // no name yet: nothing to save
    await userEvent.type(screen.getByLabelText(/^Name/), 'Vault');
    await userEvent.click(run);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /The helper failed after 12 ms\. The key helper exited with code 3: denied.*Run it in a terminal\./,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save and run' }));
    expect((await screen.findByText(/Worked in 40 ms: sk-ant-…beef/)).textContent).toBeTruthy();
    const calls = api.calls.map((c) => c.channel);
    expect(calls).toEqual(['profiles:add', 'helper:run', 'profiles:update', 'helper:run']);
    expect(api.calls.filter((c) => c.channel === 'helper:run').map((c) => c.arg)).toEqual([
      { profileId: 'vault-1' },
      { profileId: 'vault-1' },
    ]);
  });

  it('Claude.ai: says how to install Claude Code when it is missing; sign-in and use when editing', async () => {
    const sub = { id: 'sub-1', name: 'Sub', createdAt: 'x', kind: 'claude-ai' as const };
    const api = installApi({
      'signin:start': () => ({ started: true, command: 'claude auth login', message: 'Started `claude auth login`.' }),
      'profiles:activate': () => snapshot(),
    });
    render(
      <EditProfileScreen
        snapshot={snapshot({
          claudeInstalled: false,
          profiles: [
            {
              profile: sub,
              active: false,
              state: state('sub-1', {
                status: 'expired',
                detail: { kind: 'not-logged-in', message: 'Claude Code is not logged in' },
                next: 'sign-in',
              }),
            },
          ],
        })}
        profileId="sub-1"
        go={noop}
      />,
    );
    expect(screen.getByText(/npm install -g @anthropic-ai\/claude-code/)).toBeTruthy();
    expect(screen.getByText('Not signed in')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in with Claude' }));
    expect(await screen.findByText('Started `claude auth login`.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Use subscription' }));
    await waitFor(() => expect(api.calls).toContainEqual({ channel: 'profiles:activate', arg: 'sub-1' }));
  });

  it('Bedrock: AWS profiles in a dropdown; an API key needs the plaintext consent before saving', async () => {
    installApi({
      'aws:profiles': () => [
        { name: 'prod', sso: true },
        { name: 'dev', sso: false },
      ],
    });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'bedrock');
    await userEvent.type(screen.getByLabelText(/^Name/), 'B');
    await userEvent.type(screen.getByLabelText(/^AWS region/), 'us-east-1');
    await waitFor(() => expect(screen.getByRole('option', { name: 'prod (SSO)' })).toBeTruthy());
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'api-key');
    await userEvent.type(screen.getByLabelText(/^Bedrock API key/), 'bedrock-key-123');
    const save = screen.getByRole('button', { name: 'Save profile' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await userEvent.click(screen.getByLabelText(/in plain text/));
    expect(save.disabled).toBe(false);
  });

  it('adding a login-based profile shows the current login on this computer and signs in before saving', async () => {
    let adc = false;
    const api = installApi({
      'aws:profiles': () => [{ name: 'prod', sso: true }],
      'provider:login': (arg) => {
        const d = arg as { kind: string; awsProfile?: string };
        if (d.kind === 'vertex')
          return {
            state: adc
              ? state('draft', { status: 'ok', detail: { kind: 'valid', message: 'Google issued a token' } })
              : state('draft', {
                  status: 'expired',
                  next: 'sign-in',
                  detail: { kind: 'not-logged-in', message: 'no Google Application Default Credentials' },
                }),
            signInCommand: 'gcloud auth application-default login',
          };
        return {
          state: state('draft', {
            status: 'ok',
            expiresAt: NOW + 5 * 3600_000,
            detail: { kind: 'session', message: `AWS SSO session for "${d.awsProfile ?? 'default'}"` },
          }),
          ...(d.awsProfile ? { signInCommand: `aws sso login --profile ${d.awsProfile}` } : {}),
        };
      },
      'signin:start': () => {
        adc = true;
        return { started: true, command: 'gcloud auth application-default login', message: 'Started the sign-in.' };
      },
    });
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'vertex');
    const panel = await screen.findByRole('group', { name: 'Current login on this computer' });
    expect(await within(panel).findByText('no Google Application Default Credentials')).toBeTruthy();
    await userEvent.click(within(panel).getByRole('button', { name: 'Sign in' }));
    expect(api.calls).toContainEqual({ channel: 'signin:start', arg: { kind: 'vertex' } });
    expect(await within(panel).findByText('Started the sign-in.')).toBeTruthy();
    // It looks again by itself while the browser sign-in runs.
    expect(await within(panel).findByText('Google issued a token', {}, { timeout: 5000 })).toBeTruthy();
    const looks = (): number => api.calls.filter((c) => c.channel === 'provider:login').length;
    const afterSignIn = looks();
    await new Promise((r) => setTimeout(r, 3300));
    expect(looks()).toBe(afterSignIn); // signed in: it stops looking

    // Bedrock: the chosen AWS profile's session; a sign-in button only in SSO mode.
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'bedrock');
    await waitFor(() => expect(screen.getByRole('option', { name: 'prod (SSO)' })).toBeTruthy());
    await userEvent.selectOptions(screen.getByLabelText('AWS profile'), 'prod');
    const bed = screen.getByRole('group', { name: 'Current login on this computer' });
    expect(await within(bed).findByText('AWS SSO session for "prod"')).toBeTruthy();
    expect(within(bed).queryByRole('button', { name: 'Sign in' })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'sso');
    expect(within(bed).getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(within(bed).getByText('aws sso login --profile prod')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'api-key');
    expect(screen.queryByRole('group', { name: 'Current login on this computer' })).toBeNull();

    // A credential command instead: its field, no AWS profile and no login panel.
    await userEvent.selectOptions(screen.getByLabelText('How to authenticate'), 'credential-export');
    expect(screen.queryByLabelText('AWS profile')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Current login on this computer' })).toBeNull();
    await userEvent.type(screen.getByLabelText(/^Command that prints AWS credentials/), '/opt/creds');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Exp');
    await userEvent.type(screen.getByLabelText(/^AWS region/), 'us-east-1');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'profiles:add')?.arg).toMatchObject({
        kind: 'bedrock',
        authMode: 'credential-export',
        credentialExport: '/opt/creds',
        region: 'us-east-1',
      }),
    );
  });

  it('Vertex and Foundry show their own fields', async () => {
    installApi({});
    render(<EditProfileScreen snapshot={snapshot()} go={noop} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'vertex');
    expect(screen.getByLabelText(/Google Cloud project id/)).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'foundry');
    expect(screen.getByLabelText(/Foundry resource name/)).toBeTruthy();
    expect(screen.getByLabelText('How to authenticate')).toBeTruthy();
  });
});

describe('Settings screen', () => {
  it('applies each change at once (no Save button): thresholds, mutes, start at login, the default TTL; refuses a bad TTL', async () => {
    const api = installApi({ 'settings:set': (s) => s });
    render(
      <SettingsScreen snapshot={snapshot({ profiles: [{ profile: KEY, active: true, state: state('work-1') }] })} />,
    );
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
    const sets = (): unknown[] => api.calls.filter((c) => c.channel === 'settings:set').map((c) => c.arg);
    const threshold = screen.getByRole('switch', { name: '1 hour before expiry' });
    await userEvent.click(threshold);
    await waitFor(() => expect(sets()).toHaveLength(1));
    expect(sets()[0]).toMatchObject({ notifyThresholdsMin: [1440, 10] });
    expect(await screen.findByText('Saved.')).toBeTruthy();
    await userEvent.click(screen.getByLabelText('Work key'));
    await userEvent.click(screen.getByLabelText('Start Claude Auth Tray at login'));
    const ttl = screen.getByLabelText(/Default key helper refresh interval/);
    await userEvent.type(ttl, 'soon');
    expect(screen.getByRole('alert').textContent).toMatch(/positive number of minutes/);
    await userEvent.tab(); // leaving an invalid field applies nothing
    expect(sets()).toHaveLength(3);
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '15{Enter}');
    await waitFor(() =>
      expect(sets().at(-1)).toEqual({
        version: 1,
        notifyThresholdsMin: [1440, 10],
        mutedProfiles: ['work-1'],
        startAtLogin: true,
        defaultHelperTtlMs: 900_000,
      }),
    );
    expect(sets()).toHaveLength(4);
  });
});

describe('Doctor screen', () => {
  it('a long path stays on one line, elided in the middle, the full path its text and tooltip', async () => {
    const file = '/tmp/cat-home-2f9c1a/projects/some-very-long-project-name/.claude/settings.local.json';
    installApi({
      'doctor:run': () => [
        {
          kind: 'plaintext-in-settings',
          severity: 'warning' as const,
          file,
          message: `ANTHROPIC_API_KEY is stored in plain text in local settings (${file}).`,
          fix: 'Move it into the keychain.',
          fixable: false,
        },
      ],
    });
    render(<DoctorScreen go={noop} />);
    const text = await screen.findByText(/stored in plain text in local settings/);
    const path = text.querySelector('.path') as HTMLElement;
    expect(path.getAttribute('title')).toBe(file);
    expect(path.textContent).toBe(file);
    expect(path.querySelector('.path-tail')?.textContent).toBe('settings.local.json');
    expect(path.querySelector('wbr')).toBeNull();
  });

  it('lists findings; a fixable one has a one-click fix; afterwards it says what happened', async () => {
    let fixed = false;
    const finding = {
      kind: 'plaintext-in-settings',
      severity: 'warning' as const,
      file: '/p/.claude/settings.json',
      variable: 'ANTHROPIC_API_KEY',
      hint: 'sk-ant-…1234',
      message: 'ANTHROPIC_API_KEY is stored in plain text in project settings.',
      fix: 'Move it into the keychain.',
      fixable: true,
    };
    const api = installApi({
      'doctor:run': () => (fixed ? [] : [finding]),
      'doctor:fix': () => (
        (fixed = true),
        { profileId: 'imported-1', message: 'Moved the key into the keychain as "Imported key".' }
      ),
    });
    render(<DoctorScreen go={noop} />);
    expect(await screen.findByText(/stored in plain text in project settings/)).toBeTruthy();
    expect(screen.getByText('sk-ant-…1234')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Move this key into the keychain' }));
    expect(await screen.findByText(/as "Imported key"/)).toBeTruthy();
    // Nothing left: a real empty state with the one next action, not bare text.
    const clean = await screen.findByRole('region', { name: 'No problems found' });
    expect(clean.className).toContain('empty');
    expect(
      within(clean)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Check again']);
    expect(api.calls).toContainEqual({
      channel: 'doctor:fix',
      arg: { file: '/p/.claude/settings.json', variable: 'ANTHROPIC_API_KEY' },
    });
  });
});

describe('App shell', () => {
  it('is keyboard-complete: the sidebar reaches every screen; warnings and navigate events show', async () => {
    const s = snapshot({
      warnings: [
        {
          kind: 'claude-code-mismatch',
          message: 'Claude Code uses ANTHROPIC_API_KEY from your environment.',
          fix: 'Remove the export.',
        },
      ],
    });
    const api = installApi({}, s);
    render(<App />);
    expect(await screen.findByText('Claude Code uses ANTHROPIC_API_KEY from your environment.')).toBeTruthy();
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Add profile');
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'Add a profile' })).toBeTruthy();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(screen.getByRole('heading', { name: 'Team' })).toBeTruthy();
    act(() => api.navigate({ screen: 'settings' }));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
  });
});
