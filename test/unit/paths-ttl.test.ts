import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, claudeConfigDir, userSettingsPath } from '../../main/core/paths';
import { DEFAULT_HELPER_TTL_MS, resolveHelperTtl, settingsTtlValue } from '../../main/core/ttl';

describe('paths', () => {
  it('matches Electron userData per platform, with the override first', () => {
    expect(appDataDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/Claude Auth Tray');
    expect(appDataDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/Claude Auth Tray');
    expect(appDataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Claude Auth Tray');
    expect(appDataDir({ HOME: '/home/a', APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(
      path.join('C:/Users/a/AppData/Roaming', 'Claude Auth Tray'),
    );
    expect(appDataDir({ HOME: '/home/a', CLAUDE_AUTH_TRAY_HOME: '/tmp/cat' }, 'darwin')).toBe('/tmp/cat');
  });
  it("finds Claude Code's user settings", () => {
    expect(userSettingsPath({ HOME: '/home/a' })).toBe('/home/a/.claude/settings.json');
    expect(claudeConfigDir({ HOME: '/home/a', CLAUDE_CONFIG_DIR: '/cfg' })).toBe('/cfg');
  });
});

describe('helper TTL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-ttl-'));
  const withSettings = (env: Record<string, unknown> | undefined) => {
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(env ? { env } : {}));
    return { HOME: dir, CLAUDE_CONFIG_DIR: dir };
  };
  it('defaults to 300,000 ms like Claude Code', () => {
    expect(resolveHelperTtl(undefined, withSettings(undefined))).toEqual({
      ms: DEFAULT_HELPER_TTL_MS,
      source: 'default',
    });
    expect(DEFAULT_HELPER_TTL_MS).toBe(300_000);
  });
  it('takes the environment, then the settings env block over it, then the profile over both', () => {
    const env = { ...withSettings(undefined), CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '120000' };
    expect(resolveHelperTtl(undefined, env)).toEqual({ ms: 120_000, source: 'environment' });
    const env2 = {
      ...withSettings({ CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '90000' }),
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '120000',
    };
    expect(resolveHelperTtl(undefined, env2)).toEqual({ ms: 90_000, source: 'settings-env' });
    expect(resolveHelperTtl(5000, env2)).toEqual({ ms: 5000, source: 'profile' });
  });
  it('ignores values that are not positive numbers', () => {
    const env = {
      ...withSettings({ CLAUDE_CODE_API_KEY_HELPER_TTL_MS: 'soon' }),
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '-5',
    };
    expect(resolveHelperTtl(undefined, env).source).toBe('default');
  });
  it('finds the settings value however the file spells it, and skips parsing a file that never names it', () => {
    const file = path.join(dir, 'settings.json');
    const env = { HOME: dir, CLAUDE_CONFIG_DIR: dir };
    // A key written with a JSON escape is the same key for Claude Code.
    fs.writeFileSync(file, '{"env": {"CLAUDE_CODE_API_KEY_HELPER\\u005fTTL_MS": "70000"}}');
    expect(resolveHelperTtl(undefined, env)).toEqual({ ms: 70_000, source: 'settings-env' });
    fs.writeFileSync(file, '{\n  // a comment\n  "env": {"CLAUDE_CODE_API_KEY_HELPER_TTL_MS": 80000}\n}');
    // Not JSON (a comment): unreadable for the TTL, as before, so the default applies.
    expect(resolveHelperTtl(undefined, env).source).toBe('default');
    // The name outside the env block is not the variable.
    fs.writeFileSync(file, '{"note": "CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "env": {}}');
    expect(resolveHelperTtl(undefined, env).source).toBe('default');
    // No mention at all: no value, and the environment decides.
    fs.writeFileSync(file, '{"env": {"FOO": "1"}}');
    expect(settingsTtlValue(env)).toBeUndefined();
    expect(resolveHelperTtl(undefined, { ...env, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '60000' })).toEqual({
      ms: 60_000,
      source: 'environment',
    });
  });
});
