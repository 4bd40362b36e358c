import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import type { ProfileView } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { sameModel, trayMenuModel, trayProblemModel, type TrayItem } from '../../main/core/tray-menu-model';
import { ADMIN, authState, BED, HELPER, KEY } from '../support/profile-fixtures';

const NOW = Date.UTC(2026, 5, 1, 12);
const key = KEY;
const bed = BED;
const st = (id: string, s: Partial<AuthState>): AuthState => authState(id, s, NOW);
const view = (profile: Profile, active: boolean, state: Partial<AuthState>): ProfileView => ({
  profile,
  active,
  state: st(profile.id, state),
});
const labels = (items: readonly TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '—' : i.label));

describe('trayMenuModel', () => {
  it.each([
    ['valid key', [view(key, true, {}), view(bed, false, {})], 'Work key · valid', 'ok'],
    [
      'session expiring',
      [
        view(bed, true, {
          status: 'expiring',
          expiresAt: NOW + 42 * 60_000,
          detail: { kind: 'session', message: '' },
          next: 'sign-in',
        }),
      ],
      'Bedrock prod · expires in 42 min',
      'expiring',
    ],
    [
      'long session',
      [view(bed, true, { status: 'ok', expiresAt: NOW + 8 * 3600_000, detail: { kind: 'session', message: '' } })],
      'Bedrock prod · expires in 8 h',
      'ok',
    ],
    [
      'expired',
      [
        view(bed, true, {
          status: 'expired',
          expiresAt: NOW - 1000,
          detail: { kind: 'session', message: '' },
          next: 'sign-in',
        }),
      ],
      'Bedrock prod · expired',
      'expired',
    ],
    [
      // issue 17: an AWS profile never set up on this machine is "not signed in", like in `status`
      'never configured',
      [view(bed, true, { status: 'error', detail: { kind: 'not-logged-in', message: '' }, next: 'none' })],
      'Bedrock prod · not signed in',
      'error',
    ],
    [
      'revoked key',
      [view(key, true, { status: 'invalid', detail: { kind: 'revoked', message: '' }, next: 'replace-key' })],
      'Work key · key rejected',
      'error',
    ],
    [
      'helper error',
      [view(key, true, { status: 'error', detail: { kind: 'helper-exit', message: '' } })],
      'Work key · needs attention',
      'error',
    ],
    ['no active', [view(key, false, {})], 'No active profile', 'ok'],
    ['empty', [], 'No profiles yet', 'ok'],
  ] as const)('%s → header "%s", icon %s', (_n, profiles, header, icon) => {
    const m = trayMenuModel({ profiles, refreshing: false, startAtLogin: false, now: NOW });
    expect(m.items[0]).toEqual({ kind: 'header', label: header });
    expect(m.icon).toBe(icon);
    expect(m.tooltip).toContain(profiles.some((p) => p.active) ? header : 'Claude Auth Tray');
  });

  it('lists profiles as radio items, then the fixed actions; "Sign in again…" only when needed', () => {
    const ok = trayMenuModel({
      profiles: [view(key, true, {}), view(bed, false, {})],
      refreshing: false,
      startAtLogin: true,
      now: NOW,
    });
    expect(labels(ok.items)).toEqual([
      'Work key · valid',
      'Anthropic API key',
      '—',
      'Work key (Anthropic API key)',
      'Bedrock prod (Amazon Bedrock)',
      '—',
      'Refresh now',
      'Add profile…',
      'Open Claude Auth Tray…',
      '—',
      'Start at login',
      'Quit',
    ]);
    expect(
      ok.items.filter((i) => i.kind === 'radio').map((i) => (i.kind === 'radio' ? [i.checked, i.action] : [])),
    ).toEqual([
      [true, { type: 'activate', profileId: 'work-1' }],
      [false, { type: 'activate', profileId: 'bed-1' }],
    ]);
    expect(ok.items.find((i) => i.kind === 'checkbox')).toMatchObject({ checked: true });
    const needsSignIn = trayMenuModel({
      profiles: [view(bed, true, { status: 'expired', next: 'sign-in' })],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(labels(needsSignIn.items)).toContain('Sign in again…');
    expect(needsSignIn.items.find((i) => i.kind === 'action' && i.label === 'Sign in again…')).toMatchObject({
      action: { type: 'sign-in', profileId: 'bed-1' },
    });
  });

  it('a rejected key has a next step: "Replace key…" opens the window at that profile (issue 17)', () => {
    const m = trayMenuModel({
      profiles: [
        view(key, true, {
          status: 'invalid',
          detail: { kind: 'revoked', message: 'The key was rejected.' },
          next: 'replace-key',
        }),
      ],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(labels(m.items)).toContain('Replace key…');
    expect(m.items.find((i) => i.kind === 'action' && i.label === 'Replace key…')).toMatchObject({
      action: { type: 'open-profile', profileId: 'work-1' },
    });
    expect(labels(m.items)).not.toContain('Show error…');
  });

  it('a failing helper has "Show error…" (its message, as the window words it) and "Edit helper…"', () => {
    const m = trayMenuModel({
      profiles: [
        view(HELPER, true, {
          status: 'error',
          detail: { kind: 'helper-exit', message: 'The key helper exited with code 2: vault: not logged in' },
          next: 'fix-helper',
        }),
      ],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    const at = (label: string) => m.items.find((i) => i.kind === 'action' && i.label === label);
    expect(at('Show error…')).toMatchObject({
      action: {
        type: 'show-error',
        profileId: 'vault-1',
        message: 'The key helper exited with code 2: vault: not logged in',
      },
    });
    expect(at('Edit helper…')).toMatchObject({ action: { type: 'open-profile', profileId: 'vault-1' } });
    // Next to the other actions on the active profile, after "Refresh now".
    const l = labels(m.items);
    expect(l.indexOf('Show error…')).toBe(l.indexOf('Refresh now') + 1);
    expect(l.indexOf('Edit helper…')).toBe(l.indexOf('Show error…') + 1);
    // Never an internal code in a label.
    expect(l.join('\n')).not.toMatch(/helper-exit|\(helper/);
    // A failing credential command of a cloud profile is named as such.
    const bedFailing = trayMenuModel({
      profiles: [
        view(bed, true, { status: 'error', detail: { kind: 'helper-exit', message: 'x' }, next: 'fix-helper' }),
      ],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(labels(bedFailing.items)).toEqual(expect.arrayContaining(['Show error…', 'Edit credential command…']));
  });

  it('a valid profile has neither', () => {
    const l = labels(
      trayMenuModel({ profiles: [view(key, true, {})], refreshing: false, startAtLogin: false, now: NOW }).items,
    );
    expect(l).not.toEqual(expect.arrayContaining(['Replace key…']));
    expect(l).not.toContain('Show error…');
    expect(l).not.toContain('Edit helper…');
  });

  it('a Claude Code mismatch becomes a warning line that opens the window, in the tooltip too', () => {
    const m = trayMenuModel({
      profiles: [view(key, true, {})],
      warnings: [
        {
          kind: 'claude-code-mismatch',
          message: 'Claude Code uses ANTHROPIC_API_KEY from your environment instead of the "Work key" profile.',
        },
      ],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(m.items[2]).toEqual({
      kind: 'action',
      label: '⚠ Claude Code uses ANTHROPIC_API_KEY from your environment…',
      action: { type: 'open' },
    });
    expect(m.tooltip).toContain('⚠ Claude Code uses ANTHROPIC_API_KEY');
    expect(m.icon).toBe('expiring');
  });

  it('an Admin key is never offered as a radio item', () => {
    const m = trayMenuModel({
      profiles: [view(key, true, {}), view(ADMIN, false, {})],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(m.items.filter((i) => i.kind === 'radio')).toHaveLength(1);
  });

  it('shows refreshing: its icon and a disabled "Refreshing…"', () => {
    const m = trayMenuModel({ profiles: [view(key, true, {})], refreshing: true, startAtLogin: false, now: NOW });
    expect(m.icon).toBe('refreshing');
    expect(m.items.find((i) => i.kind === 'action' && i.label === 'Refreshing…')).toMatchObject({ enabled: false });
  });

  it('the same state gives an equal model (no rebuild); a change does not', () => {
    const a = trayMenuModel({ profiles: [view(key, true, {})], refreshing: false, startAtLogin: false, now: NOW });
    const b = trayMenuModel({
      profiles: [view(key, true, {})],
      refreshing: false,
      startAtLogin: false,
      now: NOW + 1000,
    });
    const c = trayMenuModel({
      profiles: [view(key, true, { status: 'invalid' })],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(sameModel(a, b)).toBe(true);
    expect(sameModel(a, c)).toBe(false);
  });
});

describe('trayProblemModel', () => {
  it('says what keeps the app from its profiles and what to do, and offers Try again, the window and Quit', () => {
    const m = trayProblemModel({ message: 'profiles.json is not valid JSON.', nextStep: 'Fix or remove the file.' });
    expect(m.icon).toBe('error');
    expect(labels(m.items)).toEqual([
      'Claude Auth Tray cannot read its profiles',
      'profiles.json is not valid JSON.',
      'Fix or remove the file.',
      '—',
      'Try again',
      'Open Claude Auth Tray…',
      '—',
      'Quit',
    ]);
    expect(m.items.filter((i) => i.kind === 'action').map((i) => i.kind === 'action' && i.action)).toEqual([
      { type: 'retry' },
      { type: 'open' },
      { type: 'quit' },
    ]);
    expect(m.tooltip).toBe('Claude Auth Tray cannot read its profiles — profiles.json is not valid JSON.');
    expect(labels(trayProblemModel({ message: 'x' }).items)).not.toContain(undefined);
  });
});
