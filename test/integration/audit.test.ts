/**
 * An adversarial and newcomer pass over the CLI (audit, session 2026-11-29): each test was red on the
 * code before its fix. Real CLI child processes, a private Secret Service, real files; every secret
 * is a canary no output or file may hold.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { stopLoginAt } from '../support/login-stop';
import { cliInSession, NO_BUS } from '../support/kernel-keyring';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
const started: PrivateKeyring[] = [];
const boxes: Sandbox[] = [];
beforeAll(async () => {
  kr = await startKeyring();
});
afterEach(async () => {
  boxes.splice(0).forEach((b) => b.cleanup());
  await Promise.all(started.splice(0).map((k) => k.stop()));
});
afterAll(async () => {
  await kr.stop();
});

function box(extra: NodeJS.ProcessEnv = kr.env): Sandbox {
  const b = sandbox(extra);
  boxes.push(b);
  return b;
}
function addKey(s: Sandbox, name: string, key: string, extra: string[] = []): string {
  const r = cli(['add', 'anthropic-api-key', '--name', name, '--key-stdin', ...extra], s.env, key);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}
const read = (file: string): string => fs.readFileSync(file, 'utf8');
const settingsFile = (s: Sandbox): string => path.join(s.claudeDir, 'settings.json');

describe('a change the keychain cannot follow is not half made', () => {
  it('rename and edit of the active profile without a Secret Service exit 3 and change no file', () => {
    const s = box();
    const key = canaryKey('HALF');
    const id = addKey(s, 'Work', key, ['--base-url', 'https://one.example.com']);
    expect(cli(['use', id], s.env).code).toBe(0);
    const profilesBefore = read(path.join(s.appDir, 'profiles.json'));
    const settingsBefore = read(settingsFile(s));
    const env = { ...s.env, ...NO_BUS };
    for (const args of [
      ['rename', 'Work', 'Renamed'],
      ['edit', 'Work', '--base-url', 'https://two.example.com'],
    ]) {
      const r = cliInSession(args, env);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr, args[0]).toMatch(/unlock or start your keyring/i);
      expect(read(path.join(s.appDir, 'profiles.json')), args[0]).toBe(profilesBefore);
      expect(read(settingsFile(s)), args[0]).toBe(settingsBefore);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
    // With the keyring back, the same commands go through, and settings.json follows the edit.
    expect(cli(['edit', 'Work', '--base-url', 'https://two.example.com'], s.env).code).toBe(0);
    expect(read(settingsFile(s))).toContain('https://two.example.com');
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
  });

  it('with the keyring locked, rename of the active profile exits 3 and keeps its name', async () => {
    const own = await startKeyring();
    started.push(own);
    const s = box(own.env);
    const id = addKey(s, 'Locked one', canaryKey('LOCKEDREN'));
    expect(cli(['use', id], s.env).code).toBe(0);
    own.lock();
    const r = cli(['rename', id, 'Other'], s.env);
    expect(r.code).toBe(3);
    const names = (JSON.parse(read(path.join(s.appDir, 'profiles.json'))) as { profiles: { name: string }[] }).profiles;
    expect(names.map((p) => p.name)).toEqual(['Locked one']);
  });
});

describe("an account's email and organisation (from `claude auth status`) print as one line", () => {
  it('use --project and status print them without escape sequences or line breaks', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Me'], s.env).code).toBe(0);
    // What `claude auth status` reported is recorded as it came (profiles.json keeps data as is).
    const file = path.join(s.appDir, 'profiles.json');
    const f = JSON.parse(read(file)) as { profiles: Record<string, unknown>[] };
    f.profiles[0] = {
      ...f.profiles[0],
      email: 'evil\u001b[31m@example.com\u001b]8;;http://x\u0007',
      organization: 'Org\u001b[2J\u202eRTL\r\nFAKE: ok',
      subscriptionType: 'max\u0007',
    };
    fs.writeFileSync(file, JSON.stringify(f, null, 2));
    const project = path.join(s.home, 'proj');
    fs.mkdirSync(project);
    const pinned = cli(['use', 'Me', '--project', project], s.env);
    expect(pinned.code, pinned.stderr).toBe(0);
    const status = cli(['status'], s.env);
    for (const r of [pinned, status]) {
      // eslint-disable-next-line no-control-regex -- no escape, bell, CR or bidi override may reach the terminal
      expect(r.stdout).not.toMatch(/[\u001b\u0007\r\u202e]/);
      expect(r.stdout).not.toMatch(/^FAKE: ok/m);
    }
    expect(pinned.stdout).toContain('Me (evil@example.com, max, OrgRTLFAKE: ok; default login)');
    expect(status.stdout).toContain(`Pinned: ${project} → Me (evil@example.com, max, OrgRTLFAKE: ok; default login)`);
  });
});

describe('status and whoami name the right source in the folder they run in', () => {
  it('in the home folder, settings.json is the user settings, not project settings written by hand', () => {
    const s = box();
    // Claude Code's default folder: ~/.claude (which is also the home folder's project .claude folder).
    const claudeDir = path.join(s.home, '.claude');
    fs.mkdirSync(claudeDir);
    const env = { ...s.env, CLAUDE_CONFIG_DIR: claudeDir };
    const id = cli(
      ['add', 'anthropic-api-key', '--name', 'Work', '--key-stdin'],
      env,
      canaryKey('HOMEDIR'),
    ).stdout.trim();
    expect(cli(['use', id], env).code).toBe(0);
    const status = cli(['status'], env, undefined, s.home);
    expect(status.stdout).toContain(`In ${s.home}: the active profile, from ${path.join(claudeDir, 'settings.json')}.`);
    expect(status.stdout).not.toMatch(/written by hand/);
    const who = cli(['whoami'], env, undefined, s.home);
    expect(who.stdout).toContain(`  the active profile, from ${path.join(claudeDir, 'settings.json')}`);
    expect(who.stdout).not.toMatch(/written into this folder/);
    const json = JSON.parse(cli(['whoami', '--json'], env, undefined, s.home).stdout) as { source: string };
    expect(json.source).toBe('user');
  });

  it('with no active profile, status does not say "the active profile"', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Me'], s.env).code).toBe(0);
    const status = cli(['status'], s.env, undefined, s.home);
    expect(status.stdout).toContain('Active: none');
    expect(status.stdout).not.toMatch(/the active profile/);
    expect(status.stdout).toContain(
      `In ${s.home}: no profile of this app; Claude Code uses its own login or your environment.`,
    );
  });
});

describe('a key nobody checked is not "ok"', () => {
  it("status: a helper's cached key that was never checked says it is not checked yet", () => {
    const s = box();
    const key = canaryKey('HELPERCACHE');
    const add = cli(['add', 'api-key-helper', '--name', 'Vault', '--command', `printf %s '${key}'`], s.env);
    expect(add.code, add.stderr).toBe(0);
    const id = add.stdout.trim();
    // Claude Code ran the helper: the key is cached, and nobody asked the API about it.
    const served = cli(['api-key', '--profile', id], s.env);
    expect(served.stdout.trim()).toBe(key);
    const status = cli(['status'], s.env);
    const line = status.stdout.split('\n').find((l) => l.includes('Vault:'));
    expect(line).toMatch(/Vault: unknown · .*not checked yet/);
    expect(line).not.toMatch(/\bok\b/);
    const json = JSON.parse(cli(['status', '--json'], s.env).stdout) as {
      profiles: { id: string; state: { status: string } }[];
    };
    expect(json.profiles.find((p) => p.id === id)?.state.status).toBe('unknown');
    expect(status.stdout + status.stderr).not.toContain(key);
  });
});

describe('a key nobody checked is not "ok" (API keys and gateway tokens)', () => {
  it('status: an API key and a gateway token just added are "not checked yet" until a check', () => {
    const s = box();
    addKey(s, 'Work', canaryKey('UNCHECKED'));
    const gw = cli(
      ['add', 'gateway', '--name', 'GW', '--base-url', 'https://llm.example.com', '--key-stdin'],
      s.env,
      canaryKey('GWUNCHECKED'),
    );
    expect(gw.code, gw.stderr).toBe(0);
    const status = cli(['status'], s.env).stdout;
    expect(status).toMatch(/ Work: unknown · key in the keychain, not checked yet; API keys do not expire/);
    expect(status).toMatch(/ GW: unknown · token in the keychain, not checked yet/);
    const json = JSON.parse(cli(['status', '--json'], s.env).stdout) as {
      profiles: { name: string; state: { status: string; detail: { kind: string } } }[];
    };
    for (const p of json.profiles)
      expect(p.state, p.name).toMatchObject({ status: 'unknown', detail: { kind: 'not-checked' } });
  });
});

describe("the doctor's next step names the command to run", () => {
  it('an invalid settings.json: fix it, then run `claude-auth-tray doctor` again (not "status")', () => {
    const s = box();
    fs.writeFileSync(settingsFile(s), '{"env": {\n');
    const r = cli(['doctor'], s.env, undefined, s.home);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`${settingsFile(s)} is not valid JSON (line 2`);
    expect(r.stdout).toContain('  fix: Correct the JSON at that line, then run `claude-auth-tray doctor` again.');
    expect(r.stdout).not.toMatch(/status` again/);
  });
});

describe('every command has its own --help, and `help <command>` is the same text', () => {
  const commands = ['add', 'list', 'ls', 'status', 'whoami', 'use', 'unpin', 'run', 'edit', 'rename', 'remove'].concat([
    'refresh',
    'api-key',
    'doctor',
    'team',
    'bundle',
    'statusline',
    'reset',
    'completion',
    'version',
  ]);
  it.each(commands)('%s', (c) => {
    const s = box();
    const own = cli([c, '--help'], s.env);
    const viaHelp = cli(['help', c], s.env);
    expect(own.code).toBe(0);
    const named = c === 'ls' ? 'list' : c;
    // Its usage names the command itself (unpin printed use's help; `help unpin` the main help).
    expect(own.stdout).toMatch(new RegExp(`claude-auth-tray ${named}\\b`));
    expect(own.stdout.split('\n')[0]).not.toBe('Usage: claude-auth-tray <command> [options]');
    expect(viaHelp.stdout).toBe(own.stdout);
  });
});

describe('bundle import: the preview says what happens, and a hostile file is one line', () => {
  function exported(s: Sandbox, args: string[], file: string): void {
    expect(cli(['add', 'bedrock', ...args], s.env).code).toBe(0);
    const r = cli(['bundle', 'export', args[1]!, '-o', file], s.env);
    expect(r.code, r.stderr).toBe(0);
  }
  const names = (s: Sandbox): string[] =>
    (JSON.parse(cli(['list', '--json'], s.env).stdout) as { profiles: { name: string }[] }).profiles.map((p) => p.name);

  it('--yes without --allow-command: refused, and the preview never says "is added"', () => {
    const s = box();
    const file = path.join(s.home, 'ci.json');
    exported(
      s,
      ['--name', 'CI', '--region', 'us-east-1', '--credential-export', 'aws configure export-credentials'],
      file,
    );
    const r = cli(['bundle', 'import', file, '--yes', '--name', 'CI two'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--allow-command/);
    expect(r.stdout).not.toMatch(/is added/);
    expect(r.stdout).toMatch(/^Profile "CI two" \(Amazon Bedrock\) would be added/);
    expect(names(s)).toEqual(['CI']);
  });

  it('a name already taken: the preview says so and how to import it; --yes refuses after a "would be" preview', () => {
    const s = box();
    const file = path.join(s.home, 'b.json');
    exported(s, ['--name', 'Prod', '--region', 'us-west-2', '--aws-profile', 'prod', '--sso'], file);
    const preview = cli(['bundle', 'import', file], s.env);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^Profile "Prod" \(Amazon Bedrock\) would be added/);
    expect(preview.stdout.trim().split('\n').at(-1)).toBe(
      'Nothing imported yet. A profile named "Prod" already exists. To add this one under another name, run again with --name <new name> --yes.',
    );
    const yes = cli(['bundle', 'import', file, '--yes'], s.env);
    expect(yes.code).toBe(1);
    expect(yes.stdout).not.toMatch(/is added/);
    expect(yes.stdout).toMatch(/^Profile "Prod" \(Amazon Bedrock\) would be added/);
    expect(yes.stderr).toBe(
      'claude-auth-tray: A profile named "Prod" already exists. Import it under another name with --name <new name>, or remove the old profile first.\n',
    );
    expect(cli(['bundle', 'import', file, '--yes', '--name', 'Prod 2'], s.env).code).toBe(0);
    expect(names(s)).toEqual(['Prod', 'Prod 2']);
  });

  it('a device, a folder or an oversized file is refused in one line (no crash, no read to the end)', () => {
    const s = box();
    const big = path.join(s.home, 'big.json');
    fs.writeFileSync(big, JSON.stringify({ format: 'claude-auth-tray-bundle', steps: ['x'.repeat(300_000)] }));
    for (const [file, why] of [
      ['/dev/zero', /not a regular file/],
      [s.home, /not a regular file/],
      [big, /larger than 200 KB/],
    ] as const) {
      const r = cli(['bundle', 'import', file], s.env);
      expect(r.code, file).toBe(1);
      expect(r.stdout, file).toBe('');
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr, file).toMatch(why);
    }
    const csv = cli(['team', 'invite', '--csv', '/dev/zero', '--dry-run'], s.env);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/not a regular file/);
  });
});

describe("a repository's symlinks do not carry a pin outside the project", () => {
  it('use --project refuses a .claude/settings.local.json or .claude that links outside; a link inside works', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Me'], s.env).code).toBe(0);
    const victim = path.join(s.home, 'victim.json');
    const victimText = '{"victim": true}\n';
    fs.writeFileSync(victim, victimText);
    // 1. The file itself links to a JSON file elsewhere.
    const repo1 = path.join(s.home, 'repo1');
    fs.mkdirSync(path.join(repo1, '.claude'), { recursive: true });
    fs.symlinkSync(victim, path.join(repo1, '.claude', 'settings.local.json'));
    // 2. The .claude folder links to a folder elsewhere.
    const elsewhere = path.join(s.home, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const repo2 = path.join(s.home, 'repo2');
    fs.mkdirSync(repo2);
    fs.symlinkSync(elsewhere, path.join(repo2, '.claude'));
    for (const repo of [repo1, repo2]) {
      const r = cli(['use', 'Me', '--project', repo], s.env);
      expect(r.code, repo).toBe(1);
      expect(r.stderr, repo).toMatch(/is a symbolic link to .*, outside .*: a pin is written only inside its project/);
      expect(r.stdout, repo).toBe('');
    }
    expect(read(victim)).toBe(victimText);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(cli(['status'], s.env).stdout).not.toMatch(/Pinned:/);
    // 3. A link that stays inside the project is the project's own choice: written through.
    const repo3 = path.join(s.home, 'repo3');
    fs.mkdirSync(path.join(repo3, '.claude'), { recursive: true });
    fs.mkdirSync(path.join(repo3, 'conf'));
    fs.writeFileSync(path.join(repo3, 'conf', 'local.json'), '{}\n');
    fs.symlinkSync('../conf/local.json', path.join(repo3, '.claude', 'settings.local.json'));
    const ok = cli(['use', 'Me', '--project', repo3], s.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(read(path.join(repo3, 'conf', 'local.json'))).toContain('CLAUDE_SECURESTORAGE_CONFIG_DIR');
  });
});

describe('a settings.json Claude Code does not read is said', () => {
  // Claude Code 2.1.197 ignores a settings file with comments as a whole (test/compat/
  // claude-settings-jsonc.test.ts): none of its settings apply, a switch neither. (A trailing comma
  // is already refused by this app's own parser: "not valid JSON".)
  it.each([
    ['a comment', '{\n  // mine\n  "hooks": {}\n}\n'],
    ['a block comment', '{ "hooks": {} /* mine */ }\n'],
  ])('doctor and status warn about %s; strict JSON (with a BOM) is fine', (_what, text) => {
    const s = box();
    fs.writeFileSync(settingsFile(s), text);
    const doctor = cli(['doctor'], s.env, undefined, s.home);
    expect(doctor.code).toBe(4);
    expect(doctor.stdout).toContain(
      `warning: ${settingsFile(s)} has comments: Claude Code does not read such a file, so none of its settings apply (nor a switch of this app).`,
    );
    expect(doctor.stdout).toContain(
      '  fix: Remove the comments (Claude Code reads strict JSON only), then run `claude-auth-tray doctor` again.',
    );
    expect(cli(['status'], s.env, undefined, s.home).stdout).toMatch(
      /Warning: .* has comments: Claude Code does not read/,
    );
    fs.writeFileSync(settingsFile(s), '\ufeff{\n  "hooks": {}\n}\n');
    // (Other findings may show: this file's tests share one keyring, whose items no profile here owns.)
    const strict = cli(['doctor'], s.env, undefined, s.home).stdout;
    expect(strict).not.toMatch(/has comments|not valid JSON/);
  });
});

describe('a refusal says what to do next', () => {
  it('unpin of a folder that is not pinned names where the pins are listed', () => {
    const s = box();
    const r = cli(['unpin', s.home], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `claude-auth-tray: ${s.home} is not pinned. \`claude-auth-tray status\` lists the pinned folders; give one of them.\n`,
    );
  });
});

describe("reset's preview lists only what it will change", () => {
  it('a pinned project deleted since is not listed with keys to remove', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Me'], s.env).code).toBe(0);
    const gone = path.join(s.home, 'gone-project');
    fs.mkdirSync(gone);
    expect(cli(['use', 'Me', '--project', gone], s.env).code).toBe(0);
    fs.rmSync(gone, { recursive: true });
    const preview = cli(['reset'], s.env);
    expect(preview.stdout).not.toMatch(new RegExp(`${gone}/\\.claude/settings\\.local\\.json: apiKeyHelper`));
    expect(preview.stdout).toContain(`  ${gone}: the folder is gone; its pin is forgotten (project pin)`);
    const done = cli(['reset', '--yes'], s.env);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Done: nothing needed changing.');
    expect(cli(['status'], s.env).stdout).not.toMatch(/Pinned:/);
  });
});

describe('a switch that did not finish is said by status', () => {
  // kill -9 between the rename of settings.json and the write of profiles.json (measured: about 1
  // kill in 80 at a random moment of `use`) leaves settings.json with one profile's keys and
  // profiles.json naming another. The state is made here directly, as such a kill leaves it.
  it("status warns when settings.json holds another profile's keys than the active one, and use fixes it", () => {
    const s = box();
    const key = addKey(s, 'Key', canaryKey('HALFSWITCH'));
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    expect(cli(['use', 'Cloud'], s.env).code).toBe(0);
    const profiles = path.join(s.appDir, 'profiles.json');
    const setActive = (id: string | undefined): void => {
      const f = JSON.parse(read(profiles)) as Record<string, unknown>;
      if (id === undefined) delete f.activeProfileId;
      else f.activeProfileId = id;
      fs.writeFileSync(profiles, JSON.stringify(f, null, 2));
    };
    const warning = (): string | undefined =>
      cli(['status'], s.env)
        .stdout.split('\n')
        .find((l) => l.includes('did not finish'));
    expect(warning()).toBeUndefined();
    // settings.json: Cloud's keys; profiles.json: Key.
    setActive(key);
    expect(warning()).toBe(
      `Warning: ${settingsFile(s)} does not hold what "Key" writes (a switch that did not finish, or another program saved an older copy). Run \`claude-auth-tray use "Key"\` again.`,
    );
    // settings.json: Cloud's keys; profiles.json: none active.
    setActive(undefined);
    expect(warning()).toBe(
      `Warning: ${settingsFile(s)} still holds keys of this app while no profile is active (a switch or reset that did not finish). Run \`claude-auth-tray use <name>\`, or \`claude-auth-tray reset\`.`,
    );
    // Two API-key profiles write the same key (apiKeyHelper): the profile it names tells them apart.
    const other = addKey(s, 'Other', canaryKey('HALFSWITCH2'));
    expect(cli(['use', other], s.env).code).toBe(0);
    setActive(key);
    expect(warning()).toMatch(/does not hold what "Key" writes/);
    expect(cli(['use', 'Key'], s.env).code).toBe(0);
    expect(warning()).toBeUndefined();
    // The status line this app adds is not a profile's key.
    expect(cli(['statusline', 'on'], s.env).code).toBe(0);
    expect(warning()).toBeUndefined();
  });
});

describe('bundle export -o never overwrites a file that is not a bundle', () => {
  it("refuses Claude Code's settings.json (or any other file) and keeps it byte for byte; a bundle is replaced", () => {
    const s = box();
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    const mine = '{\n  "hooks": {"x": 1}\n}\n';
    fs.writeFileSync(settingsFile(s), mine);
    const r = cli(['bundle', 'export', 'Cloud', '-o', settingsFile(s)], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `claude-auth-tray: ${settingsFile(s)} exists and is not a bundle: it was not overwritten. Give a new file name, or delete that file first.\n`,
    );
    expect(read(settingsFile(s))).toBe(mine);
    const out = path.join(s.home, 'cloud.json');
    expect(cli(['bundle', 'export', 'Cloud', '-o', out], s.env).code).toBe(0);
    expect(cli(['bundle', 'export', 'Cloud', '-o', out], s.env).code).toBe(0);
    expect(JSON.parse(read(out))).toMatchObject({ format: 'claude-auth-tray-bundle' });
  });
});

describe('add claude-ai --login stopped midway leaves nothing behind', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while Claude Code signs in: no profile, no folder, Claude Code stopped', async (signal, code) => {
    const s = box();
    // A `claude` whose sign-in waits (for the browser), recording where and as which process.
    const script =
      '#!/bin/sh\n[ "$1 $2" = "auth login" ] || exit 2\necho $$ > "$CLAUDE_SECURESTORAGE_CONFIG_DIR/started"\nexec sleep 60\n';
    await stopLoginAt(s, script, 'started', signal, code);
  });
});
