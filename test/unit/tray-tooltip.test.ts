/**
 * Windows cuts a tray tooltip at 127 characters (NOTIFYICONDATA.szTip is 128 UTF-16 units with its
 * NUL), silently and mid-word: a long profile name with a warning lost the active profile's state.
 * On win32 the app shortens it itself, at a whole word with "…", keeping the state; elsewhere the
 * text is whole.
 */
import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import type { ProfileView } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { trayMenuModel, trayProblemModel } from '../../main/core/tray-menu-model';
import { fitTrayTooltip, WIN32_TOOLTIP_MAX } from '../../main/core/tray-tooltip';
import { authState, KEY } from '../support/profile-fixtures';

const NOW = Date.UTC(2026, 5, 1, 12);
const view = (profile: Profile, s: Partial<AuthState>): ProfileView => ({
  profile,
  active: true,
  state: authState(profile.id, s, NOW),
});
const WARNING =
  'Claude Code does not use the active profile: ANTHROPIC_API_KEY is exported in your shell and takes precedence over this app.';
const LONG_NAME = 'Production workspace for the platform infrastructure team in Frankfurt';
const input = (name: string, platform: string, warnings = [{ kind: 'claude-code-mismatch', message: WARNING }]) => ({
  profiles: [view({ ...KEY, name }, { status: 'invalid', next: 'replace-key' })],
  warnings,
  refreshing: false,
  startAtLogin: false,
  now: NOW,
  platform,
});
/** No word of `full` cut in two: every word of the shortened text, but the last before "…", is whole. */
const wholeWords = (short: string, full: string): void => {
  const bare = (w: string): string => w.replace(/[,;:.]+$/, '');
  const words = new Set(full.split(/\s+/).map(bare));
  for (const w of short.replace(/…$/, '').split(/\s+/).map(bare))
    expect(words.has(w), `"${w}" is a cut word`).toBe(true);
};

describe('the tray tooltip on Windows', () => {
  it('fits in 127 characters, ends at a whole word with "…", and keeps the active profile and its state', () => {
    const { tooltip } = trayMenuModel(input('Work key', 'win32'));
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip.startsWith('Claude Auth Tray — Work key · key rejected — ⚠ Claude Code does not use')).toBe(true);
    expect(tooltip.endsWith('…')).toBe(true);
    wholeWords(tooltip, trayMenuModel(input('Work key', 'linux')).tooltip);
  });

  it('a long profile name gives way before the state does', () => {
    const { tooltip } = trayMenuModel(input(`${LONG_NAME} ${LONG_NAME}`, 'win32'));
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip).toContain('· key rejected');
    expect(tooltip).toMatch(/^Claude Auth Tray — Production workspace/);
  });

  it('a name of one long word is cut too, never the state', () => {
    const { tooltip } = trayMenuModel(input('x'.repeat(300), 'win32', []));
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip.endsWith('· key rejected')).toBe(true);
  });

  it('the unreadable-profiles tooltip keeps its title and cuts the message at a word', () => {
    const message = `Could not read ${'/home/someone/.config/claude-auth-tray/'.repeat(3)}profiles.json: unexpected token at line 3 column 14.`;
    const { tooltip } = trayProblemModel({ message }, 'win32');
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip.startsWith('Claude Auth Tray cannot read its profiles — Could not read')).toBe(true);
    expect(tooltip.endsWith('…')).toBe(true);
    expect(trayProblemModel({ message }, 'linux').tooltip).toBe(
      `Claude Auth Tray cannot read its profiles — ${message}`,
    );
  });

  it('elsewhere the tooltip is whole', () => {
    const { tooltip } = trayMenuModel(input('Work key', 'linux'));
    expect(tooltip).toBe(`Claude Auth Tray — Work key · key rejected — ⚠ ${WARNING}`);
    expect(trayMenuModel(input('Work key', 'darwin')).tooltip).toBe(tooltip);
  });
});

describe('fitTrayTooltip', () => {
  it('leaves a short text or another platform alone', () => {
    expect(fitTrayTooltip({ head: 'Claude Auth Tray', tail: 'short' }, 'win32')).toBe('Claude Auth Tray — short');
    const long = { head: 'Claude Auth Tray', tail: 'word '.repeat(40).trim() };
    expect(fitTrayTooltip(long, 'linux')).toBe(`Claude Auth Tray — ${long.tail}`);
    expect(fitTrayTooltip(long, 'win32').length).toBeLessThanOrEqual(WIN32_TOOLTIP_MAX);
  });

  it('never splits an emoji (a UTF-16 surrogate pair) at the cut', () => {
    const out = fitTrayTooltip({ head: 'Claude Auth Tray', name: '🔑'.repeat(100), state: 'valid' }, 'win32');
    expect(out.length).toBeLessThanOrEqual(WIN32_TOOLTIP_MAX);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(out.endsWith('… · valid')).toBe(true);
  });
});
