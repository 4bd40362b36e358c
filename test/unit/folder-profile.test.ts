import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileForFolder } from '../../main/core/accounts/folder-profile';

let home: string | undefined;
afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function world(): { env: { HOME: string; CLAUDE_AUTH_TRAY_HOME: string; CLAUDE_CONFIG_DIR: string }; root: string } {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-folder-'));
  const env = {
    HOME: home,
    CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
    CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
  };
  return { env, root: path.join(home, 'p') };
}

function write(file: string, v: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof v === 'string' ? v : JSON.stringify(v));
}

describe('profileForFolder follows what Claude Code 2.1.197 reads (the working folder only)', () => {
  it('a parent pin is named as not applying; the nearest one wins', () => {
    const { env, root } = world();
    write(path.join(env.CLAUDE_AUTH_TRAY_HOME, 'project-pins.json'), {
      version: 1,
      pins: [
        { dir: root, profileId: 'outer' },
        { dir: path.join(root, 'a'), profileId: 'inner' },
      ],
    });
    const r = profileForFolder(path.join(root, 'a', 'b'), 'active', env);
    expect(r).toEqual({
      profileId: 'active',
      file: path.join(env.CLAUDE_CONFIG_DIR, 'settings.json'),
      pinned: false,
      ignoredPin: { dir: path.join(root, 'a'), profileId: 'inner' },
    });
    // A folder whose name only starts like the pinned one is not below it.
    expect(profileForFolder(`${root}x`, 'active', env).ignoredPin).toBeUndefined();
  });

  it('keys written by hand: settings.local.json before settings.json; an account folder names its account; unreadable files do not count', () => {
    const { env, root } = world();
    const profiles = [{ id: 'acct', storageDir: path.join(env.HOME, 'acct') }];
    write(path.join(root, '.claude', 'settings.json'), {
      env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: path.join(env.HOME, 'acct') },
    });
    expect(profileForFolder(root, 'active', env, profiles)).toMatchObject({
      profileId: 'acct',
      file: path.join(root, '.claude', 'settings.json'),
      handSet: 'account',
    });
    write(path.join(root, '.claude', 'settings.local.json'), { apiKeyHelper: 'echo x' });
    expect(profileForFolder(root, 'active', env, profiles)).toMatchObject({
      profileId: 'active',
      file: path.join(root, '.claude', 'settings.local.json'),
      handSet: 'keys',
    });
    write(path.join(root, '.claude', 'settings.local.json'), '{ "apiKeyHelper": ');
    expect(profileForFolder(root, 'active', env, profiles)).toMatchObject({ handSet: 'account' });
    write(path.join(root, '.claude', 'settings.local.json'), { permissions: { allow: [] } });
    expect(profileForFolder(root, 'active', env, profiles)).toMatchObject({ handSet: 'account' });
  });
});
