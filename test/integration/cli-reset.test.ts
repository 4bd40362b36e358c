/**
 * `reset` (issue 17): every key the app wrote goes — the user's settings.json, every project pin,
 * the status line — and the user's own keys come back byte for byte; keychain items and the data
 * folder stay and are listed with the commands that remove them. Real files, the real CLI, a
 * private Secret Service.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, inTerminal, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const key = canaryKey('RESET');

// The user's own file: comments, odd spacing, their own status line and env — all theirs.
const USER_SETTINGS = `{
  // my settings
  "model":   "opus",
  "statusLine": { "type": "command", "command": "~/bin/my-line.sh",  "padding": 0 },
  "env": { "MY_VAR": "1" }
}
`;
const PROJECT_LOCAL = `{ "permissions": { "allow": ["Bash(ls:*)"] } }\n`;

let project: string;
let projectNew: string;
const settingsFile = (): string => path.join(sb.claudeDir, 'settings.json');
const lookup = (id: string): string =>
  spawnSync('secret-tool', ['lookup', 'service', 'claude-auth-tray', 'username', id], { env, encoding: 'utf8' }).stdout;

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  fs.writeFileSync(settingsFile(), USER_SETTINGS);
  project = fs.mkdtempSync(path.join(sb.home, 'proj-'));
  fs.mkdirSync(path.join(project, '.claude'));
  fs.writeFileSync(path.join(project, '.claude', 'settings.local.json'), PROJECT_LOCAL);
  projectNew = fs.mkdtempSync(path.join(sb.home, 'proj-new-'));
  expect(cli(['add', 'anthropic-api-key', '--name', 'Work', '--key-stdin'], env, key).code).toBe(0);
  expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'eu-west-1'], env).code).toBe(0);
  expect(cli(['statusline', 'on'], env).code).toBe(0);
  expect(cli(['use', 'Work'], env).code).toBe(0);
  expect(cli(['use', 'Cloud', '--project', project], env).code).toBe(0);
  expect(cli(['use', 'Work', '--project', projectNew], env).code).toBe(0);
});
afterAll(async () => {
  sb?.cleanup();
  await kr?.stop();
});

describe('reset', () => {
  it('the setup wrote keys in all three files (the precondition)', () => {
    expect(fs.readFileSync(settingsFile(), 'utf8')).toContain('apiKeyHelper');
    expect(fs.readFileSync(settingsFile(), 'utf8')).toContain('statusline');
    expect(fs.readFileSync(path.join(project, '.claude', 'settings.local.json'), 'utf8')).toContain(
      'CLAUDE_CODE_USE_BEDROCK',
    );
    expect(fs.existsSync(path.join(projectNew, '.claude', 'settings.local.json'))).toBe(true);
  });

  it('without --yes and not from a terminal: a preview, what stays, and nothing changed', () => {
    const before = [settingsFile(), path.join(project, '.claude', 'settings.local.json')].map((f) =>
      fs.readFileSync(f, 'utf8'),
    );
    const r = cli(['reset'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${settingsFile()}: `);
    expect(r.stdout).toMatch(/apiKeyHelper/);
    expect(r.stdout).toContain(`${path.join(project, '.claude', 'settings.local.json')}: `);
    expect(r.stdout).toContain('(project pin)');
    expect(r.stdout).toContain('"Work" is no longer active');
    expect(r.stdout).toContain('The status line goes back to yours');
    expect(r.stdout).toMatch(/secret-tool clear service claude-auth-tray username work-[0-9a-f]{4} {3}# Work/);
    expect(r.stdout).toContain(`rm -rf '${sb.appDir}'`);
    expect(r.stdout).toContain('Nothing was changed. Run again with --yes');
    expect(r.stdout + r.stderr).not.toContain(key);
    expect(
      [settingsFile(), path.join(project, '.claude', 'settings.local.json')].map((f) => fs.readFileSync(f, 'utf8')),
    ).toEqual(before);
  });

  it('Ctrl-C at "Remove these keys? [y/N]" stops with 130 (as at the key prompt) and changes nothing', async () => {
    const files = [settingsFile(), path.join(project, '.claude', 'settings.local.json')];
    const before = files.map((f) => fs.readFileSync(f, 'utf8'));
    const r = await inTerminal(['reset'], env, 'Remove these keys? [y/N] ', '\u0003');
    expect(r.code, r.screen).toBe(130);
    expect(files.map((f) => fs.readFileSync(f, 'utf8'))).toEqual(before);
  });

  it('--yes gives the user their files back byte for byte, and Claude Code no key of the app', () => {
    const r = cli(['reset', '--yes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Done: 3 files changed/);
    // The user's own statusLine, comment and spacing: byte for byte.
    expect(fs.readFileSync(settingsFile(), 'utf8')).toBe(USER_SETTINGS);
    expect(fs.readFileSync(path.join(project, '.claude', 'settings.local.json'), 'utf8')).toBe(PROJECT_LOCAL);
    // A file the app created holds none of its keys.
    // A file (and .claude folder) the app created for a pin goes with it: no `{}` left behind.
    expect(fs.existsSync(path.join(projectNew, '.claude', 'settings.local.json'))).toBe(false);
    expect(fs.existsSync(path.join(projectNew, '.claude'))).toBe(false);
    expect(filesContaining([sb.claudeDir, project, projectNew], 'claude-auth-tray')).toEqual([]);
    expect(filesContaining([sb.claudeDir, project, projectNew, sb.appDir], key)).toEqual([]);
  });

  it('afterwards nothing is active, no pin is left, the status line is off; profiles and keys stay', () => {
    const list = JSON.parse(cli(['list', '--json'], env).stdout) as {
      activeProfileId: string | null;
      profiles: { id: string; name: string }[];
    };
    expect(list.activeProfileId).toBeNull();
    expect(list.profiles.map((p) => p.name)).toEqual(['Work', 'Cloud']);
    expect(lookup(list.profiles[0]!.id)).toBe(key);
    const pins = JSON.parse(fs.readFileSync(path.join(sb.appDir, 'project-pins.json'), 'utf8')) as { pins: unknown[] };
    expect(pins.pins).toEqual([]);
    expect(cli(['statusline', 'status'], env).stdout).toMatch(/^Status line: off\./);
    const whoami = JSON.parse(cli(['whoami', '--json'], env, undefined, project).stdout);
    expect(whoami).toMatchObject({ source: 'none', profile: null });
  });

  it('a second reset has nothing to remove and still lists what stays', () => {
    const r = cli(['reset', '--yes'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Claude Code's files hold no key of this app: nothing to remove.");
    expect(r.stdout).toContain('1 keychain item (service "claude-auth-tray")');
    expect(fs.readFileSync(settingsFile(), 'utf8')).toBe(USER_SETTINGS);
  });
});
