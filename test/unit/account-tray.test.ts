import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import type { ProfileView } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { runningSessionNote } from '../../main/core/accounts/running-sessions';
import { switchNotices } from '../../main/core/accounts/switch-notices';
import { trayMenuModel, type TrayItem } from '../../main/core/tray-menu-model';

const at = '2026-01-01T00:00:00Z';
const ok = (id: string): AuthState => ({
  profileId: id,
  status: 'ok',
  lastCheckedAt: 0,
  detail: { kind: 'logged-in', message: 'signed in' },
  next: 'none',
});
const work: Profile = {
  id: 'work-1',
  name: 'Work',
  createdAt: at,
  kind: 'claude-ai',
  storageDir: '/d/accounts/a',
  email: 'me@corp.example',
  subscriptionType: 'team',
};
const home: Profile = {
  id: 'home-1',
  name: 'Home',
  createdAt: at,
  kind: 'claude-ai',
  storageDir: '/d/accounts/b',
  email: 'me@home.example',
  subscriptionType: 'max',
};
const def: Profile = { id: 'def-1', name: 'Default', createdAt: at, kind: 'claude-ai' };
const key: Profile = { id: 'key-1', name: 'Key', createdAt: at, kind: 'anthropic-api-key' };
const view = (p: Profile, active = false, state: AuthState = ok(p.id)): ProfileView => ({ profile: p, active, state });
const labels = (items: readonly TrayItem[]): string[] => items.map((i) => ('label' in i ? i.label : '—'));

describe('tray: Claude.ai accounts', () => {
  it('lists accounts by email with their plan, marks the active one and the projects that pin another; a click on a pin removes it', () => {
    const revoked: AuthState = {
      profileId: home.id,
      status: 'expired',
      lastCheckedAt: 0,
      detail: { kind: 'revoked', message: 'refused' },
      next: 'sign-in',
    };
    const m = trayMenuModel({
      profiles: [view(work, true), view(home, false, revoked), view(def), view(key)],
      refreshing: false,
      startAtLogin: false,
      now: 0,
      pins: [{ dir: '/src/side-project', profileId: home.id }],
    });
    const radios = m.items.filter((i) => i.kind === 'radio');
    expect(radios.map((r) => [r.label, r.checked])).toEqual([
      ['me@corp.example — Team · Work', true],
      ['me@home.example — Max · Home · pinned in 1 project', false],
      ['Default — default login', false],
      ['Key (Anthropic API key)', false],
    ]);
    expect(radios[1]).toMatchObject({ action: { type: 'activate', profileId: home.id } });
    const pin = m.items.find((i) => i.kind === 'action' && i.action.type === 'unpin');
    expect(pin).toEqual({
      kind: 'action',
      label: 'side-project → me@home.example — Max · Home',
      action: { type: 'unpin', dir: '/src/side-project' },
    });
    expect(labels(m.items)).toContain('Project pins (click to remove)');
    expect(m.items).toContainEqual({
      kind: 'action',
      label: 'Sign in to Home again…',
      action: { type: 'sign-in', profileId: home.id },
    });
  });

  it('no pins, no pin section', () => {
    const m = trayMenuModel({ profiles: [view(work, true)], refreshing: false, startAtLogin: false, now: 0 });
    expect(labels(m.items).some((l) => l.startsWith('Project pins'))).toBe(false);
  });
});

describe('switch notices', () => {
  it('billing moving either way is one notice that also says what running sessions do', () => {
    const [toKey] = switchNotices(work, key);
    expect(toKey).toMatchObject({ title: 'Billing changes', profileId: key.id });
    expect(toKey!.body).toMatch(/^Billing changes: Claude Code now pays per token through "Key"/);
    expect(toKey!.body).toContain('Running Claude Code sessions use it from their next request');
    expect(switchNotices(key, home)[0]!.body).toMatch(/now uses the Claude\.ai max subscription of "Home"/);
  });

  it('account → account says a running session may keep the old account; same-kind paid switches say nothing', () => {
    expect(switchNotices(work, home)).toEqual([
      expect.objectContaining({
        title: 'Switched to Home',
        body: 'Running Claude Code sessions may keep using "Work" until its token is rejected or they restart; new sessions use "Home".',
      }),
    ]);
    expect(switchNotices(key, { ...key, id: 'k2', name: 'K2' })).toEqual([]);
    expect(switchNotices(undefined, work)).toEqual([]);
    // From nothing active (Claude Code's own login) to a key: the measured account → key case.
    expect(runningSessionNote(undefined, key)).toBe(
      'Running Claude Code sessions use it from their next request (they re-read apiKeyHelper).',
    );
    expect(runningSessionNote(undefined, work)).toMatch(/not measured/);
  });
});
