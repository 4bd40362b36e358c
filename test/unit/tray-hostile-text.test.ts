/**
 * Outside text in the tray (desktop audit): Electron reads `&` in a menu label as a mnemonic marker
 * (`&&` is a literal `&`), so "R&D" showed as "RD" with an underlined D; the tooltip showed a
 * warning's raw text while the menu line sanitized it.
 */
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../common/profile';
import { runTrayAction, type TrayActionPorts } from '../../main/core/tray-actions';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { toTemplate } from '../../main/electron/tray';
import { authState, KEY } from '../support/profile-fixtures';

const NOW = Date.UTC(2026, 5, 1, 12);
const rd: Profile = { ...KEY, id: 'rd-1', name: 'R&D & Ops' };
const other: Profile = { ...KEY, id: 'other-1', name: 'Q&&A' };

describe('tray labels with outside text', () => {
  it('a literal & in a name reaches Electron as && (no mnemonic, nothing dropped)', () => {
    const model = trayMenuModel({
      profiles: [
        { profile: rd, active: true, state: authState(rd.id, {}, NOW) },
        { profile: other, active: false, state: authState(other.id, {}, NOW) },
      ],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    const labels = toTemplate(model.items, () => undefined).map((i) => i.label);
    expect(labels).toContain('R&&D && Ops · valid');
    expect(labels).toContain('R&&D && Ops (Anthropic API key)');
    expect(labels).toContain('Q&&&&A (Anthropic API key)');
    expect(labels).toContain('Quit');
  });

  it('the tooltip shows a warning as the menu does: no bidi override or escape sequence', () => {
    const model = trayMenuModel({
      profiles: [{ profile: KEY, active: true, state: authState(KEY.id, {}, NOW) }],
      warnings: [{ kind: 'claude-code-mismatch', message: 'Claude Code uses \u202egnorw\u202c \u001b[31mkey' }],
      refreshing: false,
      startAtLogin: false,
      now: NOW,
    });
    expect(model.tooltip).not.toMatch(/[\u202a-\u202e]/);
    expect(model.tooltip).not.toContain(String.fromCharCode(27));
    expect(model.tooltip).toContain('Claude Code uses gnorw key');
  });
});

describe('tray notices with outside text', () => {
  it('a failed switch names a hand-edited profile without bidi overrides or escape sequences', async () => {
    const ports = {
      handlers: {
        'profiles:activate': async () => {
          throw new Error('boom');
        },
      },
      activeProfileId: () => undefined,
      profileName: () => 'Work\u202e yek\u001b[2J',
      settings: () => ({}),
      openWindow: () => undefined,
      quit: () => undefined,
      retry: () => undefined,
      setRefreshing: () => undefined,
    } as unknown as TrayActionPorts;
    const failed = await runTrayAction({ type: 'activate', profileId: 'w' }, ports);
    const shown = await runTrayAction({ type: 'show-error', profileId: 'w', message: 'x' }, ports);
    for (const r of [failed, shown]) {
      expect(r.notice?.title).not.toMatch(/[\u202a-\u202e]/);
      expect(r.notice?.title).not.toContain(String.fromCharCode(27));
      expect(r.notice?.title).toContain('Work yek');
    }
  });
});
