/** Issue 12, items 10 and 13: profile names (unique, no control characters) and odd profiles.json files. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVOKE_SCHEMAS } from '../../common/ipc-contract';
import { canaryKey, cli, cliAsync, type Sandbox } from '../support/cli';
import { keyringForFile } from '../support/app-harness';
import { coreApp } from '../support/core-app';

const { box } = keyringForFile();

const profilesFile = (s: Sandbox): string => path.join(s.appDir, 'profiles.json');
const names = (s: Sandbox): string[] =>
  (JSON.parse(cli(['list', '--json'], s.env).stdout) as { profiles: { name: string }[] }).profiles.map((p) => p.name);
/** The keychain items of this app in the private keyring (account = profile id). */
const keychainAccounts = (env: NodeJS.ProcessEnv): string[] => {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', 'claude-auth-tray'], { env, encoding: 'utf8' });
  // secret-tool prints the attributes on stderr, the rest on stdout.
  return `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => l.startsWith('attribute.username = '))
    .map((l) => l.slice('attribute.username = '.length));
};
const lookup = (env: NodeJS.ProcessEnv, id: string): string =>
  spawnSync('secret-tool', ['lookup', 'service', 'claude-auth-tray', 'username', id], { env, encoding: 'utf8' }).stdout;

describe('names are unique, case-insensitively, even for parallel adds', () => {
  it('ten `add --name Same|same|SAME` at once: one wins, nine say "exists", one profile and one keychain item', async () => {
    const s = box();
    const spellings = ['Same', 'same', 'SAME'];
    const keys = Array.from({ length: 10 }, (_, i) => canaryKey(`PAR${i}`));
    const rs = await Promise.all(
      keys.map((k, i) =>
        cliAsync(['add', 'anthropic-api-key', '--name', spellings[i % 3]!, '--key-stdin'], s.env, `${k}\n`),
      ),
    );
    const won = rs.filter((r) => r.code === 0);
    const lost = rs.filter((r) => r.code !== 0);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.code)).toEqual(Array(9).fill(1));
    for (const r of lost) {
      expect(r.stderr).toMatch(/^claude-auth-tray: A profile named "Same|same|SAME" already exists\./i);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const file = JSON.parse(fs.readFileSync(profilesFile(s), 'utf8')) as { profiles: { id: string }[] };
    expect(file.profiles).toHaveLength(1);
    const id = won[0]!.stdout.trim();
    expect(file.profiles[0]!.id).toBe(id);
    // The winner's key is under its id; no loser left a key behind under another id.
    expect(keychainAccounts(s.env)).toEqual([id]);
    expect(keys).toContain(lookup(s.env, id));
  });

  it('a sequential add that differs only in case is refused too', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Work'], s.env).code).toBe(0);
    const r = cli(['add', 'claude-ai', '--name', 'WORK'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/A profile named "Work" already exists\./);
    expect(names(s)).toEqual(['Work']);
  });
});

describe('names the app picks itself', () => {
  it('doctor --fix picks "Imported key 2" when "imported key" exists in another case', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'imported key'], s.env).code).toBe(0);
    const key = canaryKey('DOCTOR');
    fs.writeFileSync(path.join(s.claudeDir, 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: key } }));
    const r = cli(['doctor', '--fix'], s.env);
    expect(r.stdout).toMatch(/into the keychain as "Imported key 2"/);
    expect(names(s)).toEqual(['imported key', 'Imported key 2']);
  });
});

describe('odd profiles.json files', () => {
  it('`null`: every command says the file is not a profiles file, exits 1, and never overwrites it', () => {
    const s = box();
    fs.mkdirSync(s.appDir, { recursive: true });
    fs.writeFileSync(profilesFile(s), 'null\n');
    for (const args of [['list'], ['status'], ['add', 'claude-ai', '--name', 'X'], ['use', 'X'], ['remove', 'X']]) {
      const r = cli(args, s.env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(profilesFile(s));
      expect(r.stderr).toMatch(/holds null, not a profiles list.*will not overwrite it/);
    }
    expect(fs.readFileSync(profilesFile(s), 'utf8')).toBe('null\n');
  });

  it('a BOM-prefixed file is read, and an add keeps the BOM', () => {
    const s = box();
    fs.mkdirSync(s.appDir, { recursive: true });
    const file = {
      version: 1,
      profiles: [{ id: 'sub-0001', name: 'Sub', kind: 'claude-ai', createdAt: '2026-01-01T00:00:00.000Z' }],
    };
    fs.writeFileSync(profilesFile(s), `\uFEFF${JSON.stringify(file, null, 2)}\n`);
    const list = cli(['list'], s.env);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/Sub {2}\(Claude\.ai subscription\) {2}id sub-0001/);
    const add = cli(['add', 'claude-ai', '--name', 'Second'], s.env);
    expect(add.code, add.stderr).toBe(0);
    const text = fs.readFileSync(profilesFile(s), 'utf8');
    expect(text.startsWith('\uFEFF{')).toBe(true);
    expect((JSON.parse(text.slice(1)) as typeof file).profiles.map((p) => p.name)).toEqual(['Sub', 'Second']);
  });
});

describe('control characters in names', () => {
  it.each([
    ['an escape sequence', 'a\x1b[2Kb'],
    ['a newline', 'Work\n* Fake  (Anthropic API key)  id fake-0000'],
    ['a carriage return', 'Work\rEvil'],
    ['BEL', 'ding\x07'],
    ['DEL', 'x\x7fy'],
    ['a C1 control (CSI)', 'x\u009b2Ky'],
    ['a bidi override', 'safe\u202Eexe.txt'],
  ])('`add --name` with %s exits 2 and names the rule', (_what, name) => {
    const s = box();
    const r = cli(['add', 'claude-ai', '--name', name], s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid value for --name: .*control characters/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(fs.existsSync(profilesFile(s))).toBe(false);
  });

  it('names from a hand-edited profiles.json are printed without their control characters', () => {
    const s = box();
    fs.mkdirSync(s.appDir, { recursive: true });
    const evil = 'Evil\x1b[1A\x1b[2K\r\n* Fake  (Anthropic API key)  id fake-0000\x07\u202Egnp.exe\x1b]0;title\x07';
    fs.writeFileSync(
      profilesFile(s),
      JSON.stringify({
        version: 1,
        activeProfileId: 'evil-0001',
        profiles: [{ id: 'evil-0001', name: evil, kind: 'claude-ai', createdAt: '2026-01-01T00:00:00.000Z' }],
      }),
    );
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const controls = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
    const list = cli(['list'], s.env);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    expect(list.stdout).not.toMatch(controls);
    expect(list.stdout).toContain('Evil* Fake  (Anthropic API key)  id fake-0000gnp.exe');
    const status = cli(['status'], s.env);
    expect(status.stdout).not.toMatch(controls);
    expect(status.stdout.split('\n').filter((l) => l.includes('Fake'))).toHaveLength(2); // "Active:" and its row
    for (const args of [
      ['list', '--json'],
      ['status', '--json'],
    ]) {
      const r = cli(args, s.env);
      expect(r.stdout).not.toMatch(controls);
      // The JSON still holds the exact name (escaped as \uXXXX, which JSON readers decode).
      expect((JSON.parse(r.stdout) as { profiles: { name: string }[] }).profiles[0]!.name).toBe(evil);
    }
    const use = cli(['use', 'evil-0001'], s.env);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).not.toMatch(controls);
  });
});

describe('control characters in names from the window', () => {
  const bad = ['nul\x00byte', 'bell\x07', 'esc\x1b[2K', 'two\nlines', 'rtl\u202Eoverride', 'c1\u0085'];

  it.each(bad)('the IPC schemas refuse %j for add, rename and bundle import', (name) => {
    expect(INVOKE_SCHEMAS['profiles:add'].safeParse({ kind: 'claude-ai', name }).success).toBe(false);
    expect(INVOKE_SCHEMAS['profiles:update'].safeParse({ id: 'a-0001', changes: { name } }).success).toBe(false);
    expect(INVOKE_SCHEMAS['bundle:import'].safeParse({ text: '{}', name }).success).toBe(false);
    expect(INVOKE_SCHEMAS['profiles:add'].safeParse({ kind: 'claude-ai', name: 'Fine name' }).success).toBe(true);
  });

  it('core refuses them too (add and rename), and a rename that only changes case of another name is "exists"', async () => {
    const s = box();
    const a = coreApp(s.env, s.home);
    for (const name of bad)
      await expect(a.handlers['profiles:add']({ kind: 'claude-ai', name })).rejects.toThrow(/control characters/);
    const one = await a.handlers['profiles:add']({ kind: 'claude-ai', name: 'One' });
    await a.handlers['profiles:add']({ kind: 'claude-ai', name: 'Two' });
    await expect(a.handlers['profiles:update']({ id: one.profile.id, changes: { name: 'x\x07' } })).rejects.toThrow(
      /control characters/,
    );
    await expect(a.handlers['profiles:update']({ id: one.profile.id, changes: { name: 'TWO' } })).rejects.toThrow(
      /A profile named "Two" already exists/,
    );
    expect((await a.handlers['profiles:update']({ id: one.profile.id, changes: { name: 'ONE' } })).profile.name).toBe(
      'ONE',
    );
    expect(names(s)).toEqual(['ONE', 'Two']);
  });
});
