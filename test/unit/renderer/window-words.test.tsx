// @vitest-environment jsdom
/**
 * Issue 17, the window: no internal code reaches people ("Failed after 6 ms (helper-exit)…"), and a
 * core message that gives CLI advice (`--allow-plaintext-secret`, `claude-auth-tray doctor`) is
 * shown with the window's own next step.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../../../common/errors';
import { ApiError } from '../../../renderer/api';
import { windowErrorLine } from '../../../renderer/format';
import { DoctorScreen } from '../../../renderer/screens/doctor-screen';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

const CLI_ADVICE = /--[a-z]|claude-auth-tray |\bpbpaste\b|\bprintf\b/;

describe('error wording in the window', () => {
  it('a failing helper says what failed in words, never its code', async () => {
    const helper = { id: 'vault-1', name: 'Vault', createdAt: 'x', kind: 'api-key-helper' as const, command: 'x' };
    installApi({
      'profiles:add': () => ({ profile: helper, active: false, state: state('vault-1') }),
      'helper:run': () => ({
        ok: false,
        durationMs: 6,
        error: {
          kind: 'helper-exit',
          message: 'The key helper exited with code 3: denied',
          nextStep: 'Run it in a terminal.',
        },
      }),
    });
    render(<EditProfileScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'api-key-helper');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Vault');
    await userEvent.type(screen.getByLabelText(/^Command/), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Save and run' }));
    const alert = (await screen.findByRole('alert')).textContent ?? '';
    expect(alert).toContain('The key helper exited with code 3: denied');
    expect(alert).toContain('Run it in a terminal.');
    expect(alert).not.toContain('helper-exit');
    expect(alert).not.toMatch(/\([a-z]+-[a-z-]+\)/);
  });

  it('core messages with CLI advice get the window next step', () => {
    const consent = new ApiError({
      kind: 'plaintext-consent-required',
      message:
        'Claude Code reads AWS_BEARER_TOKEN_BEDROCK only from its environment, so activating "B" would write that key into settings.json in plain text.',
      nextStep:
        'Re-add the profile with --allow-plaintext-secret to accept this, or use SSO / an AWS profile / the Azure login instead.',
    });
    expect(consent.line).not.toMatch(CLI_ADVICE);
    expect(consent.line).toContain('in plain text');
    expect(consent.line).toMatch(/Edit/);
    const conflict = windowErrorLine({
      kind: 'settings-conflict',
      message: 'settings.json already holds your own env.ANTHROPIC_API_KEY.',
      nextStep: 'Run `claude-auth-tray doctor` and move that key into the keychain first.',
    });
    expect(conflict).toBe(
      'settings.json already holds your own env.ANTHROPIC_API_KEY. Open Doctor and move that key into the keychain first.',
    );
  });

  it('no kind, with any CLI-flavoured next step, reaches the window with CLI advice or its code', () => {
    for (const kind of ERROR_KINDS) {
      const line = windowErrorLine({
        kind,
        message: 'Something happened.',
        nextStep: 'Run `claude-auth-tray list` with --profile x.',
      });
      expect(line, kind).not.toMatch(CLI_ADVICE);
      expect(line, kind).not.toContain(kind);
      expect(line.startsWith('Something happened.'), kind).toBe(true);
    }
  });

  it('a next step without CLI advice is kept as it is', () => {
    expect(
      windowErrorLine({
        kind: 'keychain-locked',
        message: 'The keychain is locked.',
        nextStep: 'Unlock it, then try again.',
      }),
    ).toBe('The keychain is locked. Unlock it, then try again.');
  });

  it("the doctor's one-click fix is described by its button, not by the CLI command", async () => {
    installApi({
      'doctor:run': () => [
        {
          kind: 'plaintext-in-settings',
          severity: 'warning',
          file: '/p/.claude/settings.json',
          variable: 'ANTHROPIC_API_KEY',
          message: 'ANTHROPIC_API_KEY is stored in plain text in project settings (/p/.claude/settings.json).',
          fix: 'Move it into the keychain: `claude-auth-tray doctor --fix` adds it as a profile, points Claude Code at the helper and removes the plaintext copy.',
          fixable: true,
        },
      ],
    });
    render(<DoctorScreen go={() => undefined} />);
    const item = (await screen.findByText(/stored in plain text in project settings/)).closest('li') as HTMLElement;
    expect(item.textContent).not.toMatch(CLI_ADVICE);
    expect(item.textContent).toContain('Move this key into the keychain');
  });
});
