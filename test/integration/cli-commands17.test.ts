/**
 * Issue 17, the CLI's new commands and checks: the hidden key prompt through a real terminal (script
 * gives the CLI a pty), option typos, edit / rename / ls, whoami, input checked where it enters, and
 * reset with real files. Real CLI child processes against a private Secret Service.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, inTerminal } from '../support/cli';
import { sandboxForFile } from '../support/app-harness';

const { sb, env } = sandboxForFile();

const lookup = (id: string): string =>
  spawnSync('secret-tool', ['lookup', 'service', 'claude-auth-tray', 'username', id], { env, encoding: 'utf8' }).stdout;
const list = (): { activeProfileId: string | null; profiles: { id: string; name: string; region?: string }[] } =>
  JSON.parse(cli(['list', '--json'], env).stdout);
const idOf = (name: string): string => list().profiles.find((p) => p.name === name)!.id;

describe('a secret from a terminal is asked for with hidden input', () => {
  it('add without --key-stdin in a terminal prompts, does not echo the key, and stores it', async () => {
    const key = canaryKey('TYPED');
    const r = await inTerminal(
      ['add', 'anthropic-api-key', '--name', 'Typed'],
      env,
      'API key (input hidden): ',
      `${key}\r`,
    );
    expect(r.screen).toContain('API key (input hidden): ');
    expect(r.screen).not.toContain(key);
    expect(r.screen).not.toContain(key.slice(10, 30));
    expect(r.code, r.screen).toBe(0);
    const id = r.screen.trim().split(/\s+/).at(-1)!;
    expect(id).toMatch(/^typed-[0-9a-f]{4}$/);
    expect(lookup(id)).toBe(key);
    expect(filesContaining([sb.appDir, sb.claudeDir], key)).toEqual([]);
  });

  it('--key-stdin from a terminal asks too (instead of failing)', async () => {
    const key = canaryKey('TTYSTDIN');
    const r = await inTerminal(
      ['add', 'gateway', '--name', 'Gw', '--base-url', 'https://gw.example.com', '--key-stdin'],
      env,
      'Gateway token (input hidden): ',
      `${key}\r`,
    );
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).not.toContain(key);
    expect(lookup(idOf('Gw'))).toBe(key);
  });

  it('a mistyped key at the prompt is refused (exit 2) without being shown, and nothing is stored', async () => {
    const r = await inTerminal(
      ['add', 'anthropic-api-key', '--name', 'Bad'],
      env,
      '(input hidden): ',
      'not-a-key-TYPO\r',
    );
    expect(r.code).toBe(2);
    expect(r.screen).toContain('does not look like an Anthropic API key');
    expect(r.screen).not.toContain('not-a-key-TYPO');
    expect(list().profiles.map((p) => p.name)).not.toContain('Bad');
  });

  it('Ctrl-C at the prompt stops with 130 and stores nothing', async () => {
    const r = await inTerminal(
      ['add', 'anthropic-api-key', '--name', 'Stopped'],
      env,
      '(input hidden): ',
      'sk-ant-\u0003',
    );
    expect(r.code).toBe(130);
    expect(list().profiles.map((p) => p.name)).not.toContain('Stopped');
  });

  it('not from a terminal and without --key-stdin: a usage error that says to pass --key-stdin', () => {
    const r = cli(['add', 'anthropic-api-key', '--name', 'Piped'], env, canaryKey());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^claude-auth-tray: missing option --key-stdin: the API key is read from standard input/);
    expect(list().profiles.map((p) => p.name)).not.toContain('Piped');
  });
});

describe('input is checked where it enters', () => {
  it('an API key must look like one: not-a-key is refused with exit 2 and one sentence, never echoed', () => {
    for (const [kind, bad] of [
      ['anthropic-api-key', 'not-a-key'],
      ['anthropic-api-key', 'sk-ant-x'],
      ['anthropic-admin-key', canaryKey('NOTADMIN')],
      ['gateway', 'garbage'],
    ] as const) {
      const extra = kind === 'gateway' ? ['--base-url', 'https://gw.example.com'] : [];
      const r = cli(['add', kind, '--name', `Bad ${kind}`, ...extra, '--key-stdin'], env, `${bad}\n`);
      expect(r.code, `${kind} ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(bad);
      expect(r.stderr).toMatch(/^claude-auth-tray: That (does not look like|is not) an? /);
    }
    expect(
      list()
        .profiles.map((p) => p.name)
        .filter((n) => n.startsWith('Bad')),
    ).toEqual([]);
  });

  it('an AWS region must look like one: us-east-1 is accepted, useast refused with exit 2', () => {
    const bad = cli(['add', 'bedrock', '--name', 'Bedrock bad', '--region', 'useast'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'claude-auth-tray: invalid value for --region: not an AWS region; give one such as us-east-1 (see --help)\n',
    );
    const platform = cli(
      ['add', 'claude-platform-aws', '--name', 'Platform bad', '--workspace-id', 'wrkspc_1', '--region', 'useast'],
      env,
    );
    expect(platform.code).toBe(2);
    expect(platform.stderr).toContain('invalid value for --region');
    expect(cli(['add', 'bedrock', '--name', 'Bedrock', '--region', 'us-east-1'], env).code).toBe(0);
  });

  it('a helper printing a status word instead of a key is reported as not a key, without its output', () => {
    const add = cli(['add', 'api-key-helper', '--name', 'Garbage helper', '--command', 'echo garbage'], env);
    expect(add.code, add.stderr).toBe(0);
    const r = cli(['refresh', 'Garbage helper'], env);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/printed 7 characters, which is not a key/);
    expect(r.stdout + r.stderr).not.toContain('garbage');
    const status = JSON.parse(cli(['status', '--json'], env).stdout) as {
      profiles: { name: string; state: { status: string } }[];
    };
    expect(status.profiles.find((p) => p.name === 'Garbage helper')!.state.status).not.toBe('ok');
  });
});

describe('error text is one clean sentence', () => {
  it("a command's stderr line is quoted, trimmed, and ends before the next step", () => {
    const add = cli(
      [
        'add',
        'api-key-helper',
        '--name',
        'Failing helper',
        '--command',
        'echo "  set          | add-model  " >&2; exit 2',
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const r = cli(['refresh', 'Failing helper'], env);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(
      'The key helper exited with code 2: “set | add-model”. Run the helper command in a terminal',
    );
    expect(cli(['remove', 'Failing helper'], env).code).toBe(0);
  });
});

describe('one table of exit codes', () => {
  it("every command's help ends with the same table", () => {
    const main = cli(['--help'], env).stdout;
    const table = main.slice(main.indexOf('Exit codes'));
    expect(table).toMatch(/^Exit codes \(every command, every refusal\):/);
    for (const c of [
      'add',
      'list',
      'status',
      'whoami',
      'use',
      'edit',
      'rename',
      'remove',
      'reset',
      'refresh',
      'doctor',
    ]) {
      const h = cli([c, '--help'], env);
      expect(h.code, c).toBe(0);
      expect(h.stdout.endsWith(table), c).toBe(true);
    }
  });
  it('a consent not given is 1 wherever it is asked; a value that does not look right is 2', () => {
    const consent = cli(
      ['add', 'bedrock', '--name', 'No consent', '--region', 'us-east-1', '--key-stdin'],
      env,
      canaryKey(),
    );
    expect(consent.code).toBe(1);
    expect(consent.stderr).toContain('--allow-plaintext-secret');
    const bundle = path.join(sb.home, 'cmd.bundle.json');
    expect(
      cli(['add', 'bedrock', '--name', 'Exp', '--region', 'us-east-1', '--credential-export', 'get-creds'], env).code,
    ).toBe(0);
    expect(cli(['bundle', 'export', 'Exp', '-o', bundle], env).code).toBe(0);
    const imported = cli(['bundle', 'import', bundle, '--name', 'Exp 2', '--yes'], env);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('--allow-command');
    expect(cli(['add', 'anthropic-api-key', '--name', 'Shape', '--key-stdin'], env, 'not-a-key').code).toBe(2);
    expect(cli(['remove', 'Exp'], env).code).toBe(0);
  });
});

describe('option typos', () => {
  it('use K --chek: unknown option with its did-you-mean, exit 2', () => {
    const r = cli(['use', 'Typed', '--chek'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('claude-auth-tray: unknown option --chek; did you mean --check? (see --help)\n');
    expect(list().activeProfileId).toBeNull();
  });
  it('add --regoin guesses --region; an option far from every other gets no guess', () => {
    expect(cli(['add', 'bedrock', '--name', 'X', '--regoin', 'us-east-1'], env).stderr).toContain(
      'unknown option --regoin; did you mean --region?',
    );
    expect(cli(['list', '--zzzzzz'], env).stderr).toBe('claude-auth-tray: unknown option --zzzzzz (see --help)\n');
  });
});

describe('edit, rename and ls', () => {
  it('ls is list', () => {
    expect(cli(['ls'], env)).toEqual(cli(['list'], env));
    expect(cli(['ls', '--json'], env).stdout).toBe(cli(['list', '--json'], env).stdout);
  });

  it('rename keeps the id, the keychain item and the project pins', () => {
    const id = idOf('Typed');
    const key = lookup(id);
    const project = fs.mkdtempSync(path.join(sb.home, 'proj-'));
    expect(cli(['use', 'Typed', '--project', project], env).code).toBe(0);
    const r = cli(['rename', 'Typed', 'Typed renamed'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Renamed "Typed" to "Typed renamed"');
    expect(idOf('Typed renamed')).toBe(id);
    expect(lookup(id)).toBe(key);
    const pins = JSON.parse(fs.readFileSync(path.join(sb.appDir, 'project-pins.json'), 'utf8')) as {
      pins: { profileId: string }[];
    };
    expect(pins.pins.map((p) => p.profileId)).toContain(id);
    expect(cli(['unpin', project], env).code).toBe(0);
  });

  it("rename follows add's name rules: taken (any case) is refused, control characters too", () => {
    const taken = cli(['rename', 'Gw', 'TYPED RENAMED'], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^claude-auth-tray: A profile named "Typed renamed" already exists\./);
    const ctl = cli(['rename', 'Gw', 'a\u001b[2Jb'], env);
    expect(ctl.code).toBe(2);
    expect(ctl.stderr).toContain('invalid value for <new name>: must not contain control characters');
    // Its own name in another case is fine.
    expect(cli(['rename', 'Gw', 'GW'], env).code).toBe(0);
    expect(cli(['rename', 'GW', 'Gw'], env).code).toBe(0);
    expect(cli(['rename', 'Nope', 'X'], env).stderr).toMatch(/No profile named or with id "Nope"/);
  });

  it("edit changes a field through the kind's options, and refuses options of other kinds", () => {
    const r = cli(['edit', 'Bedrock', '--region', 'eu-west-1', '--model', 'claude-x'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(list().profiles.find((p) => p.name === 'Bedrock')!.region).toBe('eu-west-1');
    const bad = cli(['edit', 'Bedrock', '--region', 'useast'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid value for --region');
    const other = cli(['edit', 'Bedrock', '--base-url', 'https://x.example.com'], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('option --base-url cannot be changed on Amazon Bedrock profiles');
    const nothing = cli(['edit', 'Bedrock'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to change');
  });

  it('edit --key-stdin replaces the key in place (same id), checking its shape first', () => {
    const id = idOf('Typed renamed');
    const fresh = canaryKey('REPLACED');
    const bad = cli(['edit', 'Typed renamed', '--key-stdin'], env, 'not-a-key\n');
    expect(bad.code).toBe(2);
    expect(lookup(id)).not.toBe('not-a-key');
    const r = cli(['edit', 'Typed renamed', '--key-stdin'], env, `${fresh}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(fresh);
    expect(lookup(id)).toBe(fresh);
    expect(idOf('Typed renamed')).toBe(id);
  });

  it('an active profile edited is written to Claude Code again', () => {
    expect(cli(['use', 'Bedrock'], env).code).toBe(0);
    expect(cli(['edit', 'Bedrock', '--region', 'us-west-2'], env).code).toBe(0);
    const s = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')) as {
      env: Record<string, string>;
    };
    expect(s.env.AWS_REGION).toBe('us-west-2');
  });
});

describe('whoami', () => {
  it('names the active profile and its file, and an exported variable that beats it', () => {
    const planted = canaryKey('EXPORTED');
    const e = { ...env, ANTHROPIC_API_KEY: planted };
    expect(cli(['use', 'Typed renamed'], env).code).toBe(0);
    const r = cli(['whoami'], e, undefined, sb.home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Typed renamed (Anthropic API key)');
    expect(r.stdout).toContain(`the active profile, from ${path.join(sb.claudeDir, 'settings.json')}`);
    expect(r.stdout).toContain('ANTHROPIC_API_KEY is exported in this shell and beats "Typed renamed"');
    expect(r.stdout).not.toContain(planted);
    const j = JSON.parse(cli(['whoami', '--json'], e, undefined, sb.home).stdout);
    expect(j).toMatchObject({ source: 'user', profile: { name: 'Typed renamed' }, overrides: null });
    expect(j.beatenBy.map((b: { variable: string }) => b.variable)).toEqual(['ANTHROPIC_API_KEY']);
    // Without the export nothing beats it.
    const pinless = JSON.parse(cli(['whoami', '--json'], env, undefined, sb.home).stdout);
    expect(pinless.beatenBy).toEqual([]);
  });

  it('a project pin overrides the active profile, from its folder file', () => {
    const project = fs.mkdtempSync(path.join(sb.home, 'pinned-'));
    expect(cli(['use', 'Bedrock', '--project', project], env).code).toBe(0);
    const j = JSON.parse(cli(['whoami', '--json'], env, undefined, project).stdout);
    expect(j).toMatchObject({
      source: 'pin',
      file: path.join(project, '.claude', 'settings.local.json'),
      profile: { name: 'Bedrock', kind: 'bedrock' },
      overrides: { name: 'Typed renamed' },
    });
    const text = cli(['whoami'], env, undefined, project).stdout;
    expect(text).toContain(`pinned to this folder in ${path.join(project, '.claude', 'settings.local.json')}`);
    expect(text).toContain('it overrides the active profile "Typed renamed" here');
    // A sub-folder is not reached by the pin (Claude Code reads only the folder it starts in).
    const sub = path.join(project, 'sub');
    fs.mkdirSync(sub);
    const below = JSON.parse(cli(['whoami', '--json'], env, undefined, sub).stdout);
    expect(below).toMatchObject({ source: 'user', ignoredPin: project, profile: { name: 'Typed renamed' } });
    expect(cli(['whoami'], env, undefined, sub).stdout).toContain(`(${project} is pinned, but Claude Code reads only`);
    expect(cli(['unpin', project], env).code).toBe(0);
  });

  it("shows Claude Code's recorded verdict, and --check asks it", () => {
    const fake = path.join(sb.home, 'fake-claude-whoami');
    fs.writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1 $2" = "auth status" ] || exit 2\nprintf \'{"loggedIn":true,"authMethod":"api_key_helper","apiProvider":"firstParty","apiKeySource":"apiKeyHelper"}\\n\'\n',
      { mode: 0o755 },
    );
    const e = { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake };
    const r = cli(['whoami', '--check'], e, undefined, sb.home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Claude Code will use: the key from apiKeyHelper, first-party API (asked');
    const j = JSON.parse(cli(['whoami', '--json'], e, undefined, sb.home).stdout);
    expect(j.claudeCode).toMatchObject({ current: true, result: { apiKeySource: 'apiKeyHelper' } });
  });
});
