import { describe, expect, it } from 'vitest';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { authState, KEY } from '../support/profile-fixtures';

const NOW = Date.UTC(2026, 5, 1, 12);
const model = (message: string) =>
  trayMenuModel({
    profiles: [{ profile: KEY, active: true, state: authState(KEY.id, {}, NOW) }],
    warnings: [{ kind: 'claude-code-mismatch', message }],
    refreshing: false,
    startAtLogin: false,
    now: NOW,
  });
const warningLine = (message: string) =>
  model(message).items.find((i) => i.kind === 'action' && i.label.startsWith('⚠'))!;

describe('the warning line of the tray menu (issue 17: the picture showed a menu 90 characters wide)', () => {
  it('is cut at a word to at most 60 characters with an ellipsis; the tooltip keeps the whole message', () => {
    const long = 'Claude Code uses ANTHROPIC_API_KEY from your environment instead of the "Work key" profile.';
    const line = warningLine(long);
    expect(line.kind === 'action' && line.label).toBe('⚠ Claude Code uses ANTHROPIC_API_KEY from your environment…');
    expect(line.kind === 'action' && line.label.length).toBeLessThanOrEqual(60);
    expect(model(long).tooltip).toContain(long);
  });
  it('a short message is shown whole', () => {
    const line = warningLine('Claude Code is not logged in to Claude.ai.');
    expect(line.kind === 'action' && line.label).toBe('⚠ Claude Code is not logged in to Claude.ai.');
  });
  it('one long word is cut inside it', () => {
    const line = warningLine('x'.repeat(100));
    expect(line.kind === 'action' && line.label).toBe(`⚠ ${'x'.repeat(57)}…`);
  });
});
