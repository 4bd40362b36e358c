/**
 * The command's manners (issue 17): version, stray arguments, where "(see --help)" goes, wording,
 * "did you mean", shell completion. Real CLI child processes against a private Secret Service.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, ROOT, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  expect(
    cli(['add', 'anthropic-api-key', '--name', 'Work key', '--key-stdin'], env, 'sk-ant-api03-usage-test\n').code,
  ).toBe(0);
  expect(cli(['add', 'claude-ai', '--name', 'Subscription'], env).code).toBe(0);
});
afterAll(async () => {
  sb?.cleanup();
  await kr?.stop();
});

describe('version', () => {
  it("--version, -v and version print the app's own version, not the npm script's", () => {
    for (const args of [['--version'], ['-v'], ['version']]) {
      const r = cli(args, { ...env, npm_package_version: '3.2.1' });
      expect(r, args.join(' ')).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });
  it('the main help lists --version', () => {
    expect(cli(['--help'], env).stdout).toMatch(/--version\s+print the version/);
  });
});

describe('stray arguments are a usage error for every command', () => {
  it.each([
    [['use', 'Work key', 'a', 'b'], 'a'],
    [['list', 'extra'], 'extra'],
    [['status', 'extra'], 'extra'],
    [['remove', 'Work key', 'x'], 'x'],
    [['refresh', 'Work key', 'x'], 'x'],
    [['doctor', 'x'], 'x'],
    [['version', 'x'], 'x'],
    [['team', 'invites', 'x'], 'x'],
    [['bundle', 'export', 'Work key', 'x'], 'x'],
    [['bundle', 'import', 'file.json', 'x'], 'x'],
    [['completion', 'bash', 'x'], 'x'],
  ])('%j', (args, stray) => {
    const r = cli(args, env);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`claude-auth-tray: unexpected argument "${stray}" (see --help)\n`);
    expect(r.code).toBe(2);
  });
  it('and nothing was done: the profile is still there and not active', () => {
    const list = JSON.parse(cli(['list', '--json'], env).stdout) as { activeProfileId: unknown; profiles: unknown[] };
    expect(list).toMatchObject({ activeProfileId: null });
    expect(list.profiles).toHaveLength(2);
  });
});

describe('messages', () => {
  it('"(see --help)" only on usage errors: an unreadable file is a failure (exit 1)', () => {
    for (const args of [
      ['bundle', 'import', path.join(sb.home, 'missing.json')],
      ['team', 'invite', '--csv', path.join(sb.home, 'missing.csv')],
    ]) {
      const r = cli(args, env);
      expect(r.stderr, args.join(' ')).toMatch(/^claude-auth-tray: cannot read .*missing\.(json|csv)/);
      expect(r.stderr).not.toContain('see --help');
      expect(r.code).toBe(1);
    }
  });

  it('"an Anthropic API key profile", not "a Anthropic"', () => {
    const r = cli(['bundle', 'export', 'Work key'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"Work key" is an Anthropic API key profile');
  });

  it('"No profile named …" from every command that takes a profile', () => {
    for (const args of [
      ['use', 'Nope'],
      ['refresh', 'Nope'],
      ['bundle', 'export', 'Nope'],
    ]) {
      const r = cli(args, env);
      expect(r.stderr, args.join(' ')).toMatch(/^claude-auth-tray: No profile named or with id "Nope"\./);
      expect(r.code).toBe(1);
    }
    // Claude Code's helper command takes an id only, and says so in the same words.
    expect(cli(['api-key', '--profile', 'Nope'], env).stderr).toMatch(/^claude-auth-tray: No profile with id "Nope"\./);
    // A name that never was (a typo) is not "already removed": it is the same error as `use`'s.
    const r = cli(['remove', 'Nope'], env);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^claude-auth-tray: No profile named or with id "Nope"\./);
    const typo = cli(['remove', 'Wrok key'], env);
    expect(typo).toMatchObject({ code: 1, stdout: '' });
    expect(typo.stderr).toMatch(
      /^claude-auth-tray: No profile named or with id "Wrok key"\. Did you mean "Work key"\?/,
    );
    // An id of the app's shape with no profile and no item left is a repeated removal.
    expect(cli(['remove', 'gone-key-0a1b'], env)).toMatchObject({
      code: 0,
      stdout: 'No profile with id "gone-key-0a1b" and no keychain item: already removed.\n',
    });
  });

  it('an invalid settings.json is described in words, not parser token names', () => {
    const file = path.join(sb.claudeDir, 'settings.json');
    fs.writeFileSync(file, '{ "env": { "A": 1 } oops }\n');
    try {
      const r = cli(['use', 'Work key'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is not valid JSON: unexpected text at line 1, column 21');
      expect(r.stderr).not.toMatch(/InvalidSymbol|CommaExpected|[A-Z][a-z]+[A-Z][a-z]+Expected/);
    } finally {
      fs.rmSync(file);
    }
  });

  it('an empty --key-stdin suggests pbpaste only on macOS', () => {
    const r = cli(['add', 'anthropic-api-key', '--name', 'Empty', '--key-stdin'], env, '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No API key was given on standard input.');
    expect(r.stderr).not.toContain('pbpaste');
    expect(r.stderr).toContain('printf %s "$KEY" | claude-auth-tray add … --key-stdin');
  });

  it('a profile that was never signed in is "not signed in", not "expired"', () => {
    const r = cli(['status'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Subscription: not signed in · /m);
    expect(r.stdout).not.toMatch(/Subscription: expired/);
  });
});

describe('did you mean', () => {
  it.each([
    [['stauts'], 'claude-auth-tray: unknown command "stauts"; did you mean "status"? (see --help)\n', 2],
    [['lst'], 'claude-auth-tray: unknown command "lst"; did you mean "list"? (see --help)\n', 2],
    [['team', 'invtes'], 'claude-auth-tray: unknown team command "invtes"; did you mean "invites"? (see --help)\n', 2],
    [
      ['add', 'anthropic-key', '--name', 'X'],
      'claude-auth-tray: unknown kind "anthropic-key"; did you mean "anthropic-api-key"? (see --help)\n',
      2,
    ],
    [
      ['use', 'work kye'],
      'claude-auth-tray: No profile named or with id "work kye". Did you mean "Work key"? Run `claude-auth-tray list` to see your profiles.\n',
      1,
    ],
  ])('%j', (args, stderr, code) => {
    const r = cli(args, env);
    expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(code);
  });
  it.each([
    [['swich', 'Work key'], 'claude-auth-tray: unknown command "swich"; did you mean "use"? (see --help)\n'],
    [['switch'], 'claude-auth-tray: unknown command "switch"; did you mean "use"? (see --help)\n'],
    [['completion', 'bsh'], 'claude-auth-tray: unknown shell "bsh"; did you mean "bash"? (see --help)\n'],
    [['statusline', 'onn'], 'claude-auth-tray: unknown statusline command "onn"; did you mean "on"? (see --help)\n'],
    [['statusline', 'x'], 'claude-auth-tray: unknown statusline command "x": one of on, off, status (see --help)\n'],
  ])('%j is a usage error with a guess', (args, stderr) => {
    const r = cli(args, env, '{"model":{"display_name":"Opus"}}');
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });
  it('a name matches regardless of case (names are unique regardless of case)', () => {
    const own = sandbox();
    try {
      const e = { ...own.env, ...kr.env };
      expect(
        cli(['add', 'anthropic-api-key', '--name', 'Work', '--key-stdin'], e, 'sk-ant-api03-case-test-key\n').code,
      ).toBe(0);
      const r = cli(['use', 'work'], e);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const list = JSON.parse(cli(['list', '--json'], e).stdout) as {
        activeProfileId: string;
        profiles: { id: string }[];
      };
      expect(list.activeProfileId).toBe(list.profiles[0]!.id);
      expect(cli(['remove', 'WORK'], e)).toMatchObject({ code: 0, stdout: 'Removed Work and its keychain item.\n' });
    } finally {
      own.cleanup();
    }
  });
  it("Claude Code's status line (no sub-command, JSON on stdin) still prints a line", () => {
    const r = cli(['statusline'], env, '{"model":{"display_name":"Opus"}}');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe('');
  });
  it('no guess when nothing is close', () => {
    const r = cli(['frobnicate'], env);
    expect(r.stderr).toBe('claude-auth-tray: unknown command "frobnicate" (see --help)\n');
  });
});

describe('shell completion', () => {
  const script = (shell: string): string => {
    const r = cli(['completion', shell], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  // The installed command is `claude-auth-tray` on PATH: a shim that runs the built CLI with this env.
  const bin = (): string => {
    const dir = path.join(sb.home, 'bin');
    fs.mkdirSync(dir, { recursive: true });
    const shim = path.join(dir, 'claude-auth-tray');
    fs.writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    return dir;
  };
  const shellEnv = (): NodeJS.ProcessEnv => ({ ...env, PATH: `${bin()}:${env.PATH ?? ''}` });

  it('bash: subcommands, profile names (with spaces) and kinds', () => {
    const file = path.join(sb.home, 'c.bash');
    fs.writeFileSync(file, script('bash'));
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const r = spawnSync(
        'bash',
        [
          '-c',
          `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}; _claude_auth_tray; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env: shellEnv(), encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(complete('claude-auth-tray st')).toEqual(['status', 'statusline']);
    expect(complete('claude-auth-tray ve')).toEqual(['version']);
    expect(complete('claude-auth-tray use W')).toEqual(['Work\\ key']);
    expect(complete('claude-auth-tray use ')).toEqual(['Work\\ key', 'Subscription']);
    expect(complete('claude-auth-tray add anthropic-')).toEqual(['anthropic-api-key', 'anthropic-admin-key']);
    expect(complete('claude-auth-tray completion ')).toEqual(['bash', 'zsh', 'fish']);
    // Every command of the table, and each command's own options (from the same descriptors).
    for (const c of ['run', 'unpin', 'whoami', 'edit', 'rename', 'reset', 'ls'])
      expect(complete(`claude-auth-tray ${c.slice(0, 2)}`)).toContain(c);
    expect(complete('claude-auth-tray use --')).toEqual(['--project', '--check', '--help']);
    expect(complete('claude-auth-tray remove --k')).toEqual(['--keep-login']);
    expect(complete('claude-auth-tray reset --')).toEqual(['--yes', '--json', '--help']);
    expect(complete('claude-auth-tray add claude-ai --from')).toEqual(['--from-config-dir']);
    expect(complete('claude-auth-tray team invite --d')).toEqual(['--dry-run']);
    expect(complete('claude-auth-tray bundle import --a')).toEqual(['--allow-command']);
    for (const c of ['run', 'edit', 'rename', 'unpin'].filter((x) => x !== 'unpin'))
      expect(complete(`claude-auth-tray ${c} W`)).toEqual(['Work\\ key']);
  });

  it('fish: subcommands and profile names', () => {
    const file = path.join(sb.home, 'c.fish');
    fs.writeFileSync(file, script('fish'));
    const complete = (line: string): string[] => {
      const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], {
        env: shellEnv(),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]!);
    };
    expect(complete('claude-auth-tray sta')).toEqual(['status', 'statusline']);
    expect(complete('claude-auth-tray use ')).toEqual(['Subscription', 'Work key']);
    expect(complete('claude-auth-tray remove Wo')).toEqual(['Work key']);
    expect(complete('claude-auth-tray ')).toEqual(expect.arrayContaining(['run', 'unpin', 'whoami', 'reset', 'ls']));
    expect(complete('claude-auth-tray run ')).toEqual(['Subscription', 'Work key']);
    expect(complete('claude-auth-tray use --')).toEqual(['--check', '--help', '--project']);
    expect(complete('claude-auth-tray reset -')).toEqual(expect.arrayContaining(['-y', '--yes', '--json']));
    expect(complete('claude-auth-tray team spend --r')).toEqual(['--refresh']);
  });

  it('zsh: subcommands and profile names', () => {
    const file = path.join(sb.home, '_claude-auth-tray');
    fs.writeFileSync(file, script('zsh'));
    // compadd is zsh's completion builtin; outside a completion widget it is replaced by one that
    // prints what it would offer (the words after --), so the function runs as it would for a real Tab.
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const r = spawnSync(
        'zsh',
        [
          '-f',
          '-c',
          `compadd() { local a after=; for a in "$@"; do if [[ -n $after ]]; then print -r -- "$a"; elif [[ $a == -- ]]; then after=1; fi; done; }; source '${file}'; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _claude_auth_tray`,
        ],
        { env: shellEnv(), encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(complete('claude-auth-tray sta')).toContain('status');
    expect(complete('claude-auth-tray use ')).toEqual(['Work key', 'Subscription']);
    expect(complete('claude-auth-tray ')).toEqual(expect.arrayContaining(['run', 'unpin', 'whoami', 'reset', 'ls']));
    expect(complete('claude-auth-tray rename ')).toEqual(['Work key', 'Subscription']);
    expect(complete('claude-auth-tray whoami --')).toEqual(['--json', '--check', '--help']);
    expect(complete('claude-auth-tray bundle export --')).toEqual(['--output', '--help']);
  });

  it('folders after unpin, use … --project and --from-config-dir; files after bundle import, --csv, -o (bash, zsh, fish)', () => {
    // A folder to complete in: two folders (one with a space) and a file.
    const here = path.join(sb.home, 'tabs');
    fs.mkdirSync(path.join(here, 'proj a'), { recursive: true });
    fs.mkdirSync(path.join(here, 'proj-b'));
    fs.writeFileSync(path.join(here, 'people.csv'), 'a@example.com\n');
    const bashFile = path.join(sb.home, 'd.bash');
    fs.writeFileSync(bashFile, script('bash'));
    const bash = (line: string): string[] => {
      const words = line.split(' ');
      const r = spawnSync(
        'bash',
        [
          '-c',
          `source '${bashFile}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _claude_auth_tray; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env: shellEnv(), encoding: 'utf8', cwd: here },
      );
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(bash('claude-auth-tray unpin ')).toEqual(['proj a', 'proj-b']);
    expect(bash('claude-auth-tray unpin proj-')).toEqual(['proj-b']);
    expect(bash('claude-auth-tray use Work --project ')).toEqual(['proj a', 'proj-b']);
    expect(bash('claude-auth-tray add claude-ai --name W --from-config-dir ')).toEqual(['proj a', 'proj-b']);
    expect(bash('claude-auth-tray bundle import ')).toEqual(['people.csv', 'proj a', 'proj-b']);
    expect(bash('claude-auth-tray team invite --csv pe')).toEqual(['people.csv']);
    expect(bash('claude-auth-tray bundle export Work -o ')).toEqual(['people.csv', 'proj a', 'proj-b']);
    // Profile names where a profile goes, still.
    expect(bash('claude-auth-tray use W')).toEqual(['Work\\ key']);

    const fishFile = path.join(sb.home, 'd.fish');
    fs.writeFileSync(fishFile, script('fish'));
    const fish = (line: string): string[] => {
      const r = spawnSync('fish', ['--no-config', '-c', `source '${fishFile}'; complete -C '${line}'`], {
        env: shellEnv(),
        encoding: 'utf8',
        cwd: here,
      });
      expect(r.stderr).toBe('');
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]!)
        .sort();
    };
    expect(fish('claude-auth-tray unpin ')).toEqual(['proj a/', 'proj-b/']);
    expect(fish('claude-auth-tray use Work --project ')).toEqual(['proj a/', 'proj-b/']);
    expect(fish('claude-auth-tray bundle import ')).toEqual(['people.csv', 'proj a/', 'proj-b/']);
    expect(fish('claude-auth-tray team invite --csv ')).toEqual(['people.csv', 'proj a/', 'proj-b/']);

    // zsh: its own file completion (_files, -/ for folders) is asked for; a stub prints the call.
    const zshFile = path.join(sb.home, '_claude-auth-tray-d');
    fs.writeFileSync(zshFile, script('zsh'));
    const zsh = (line: string): string[] => {
      const words = line.split(' ');
      const r = spawnSync(
        'zsh',
        [
          '-f',
          '-c',
          `compadd() { local a after=; for a in "$@"; do if [[ -n $after ]]; then print -r -- "$a"; elif [[ $a == -- ]]; then after=1; fi; done; }; _files() { print -r -- "_files $*"; }; source '${zshFile}'; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _claude_auth_tray`,
        ],
        { env: shellEnv(), encoding: 'utf8', cwd: here },
      );
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(zsh('claude-auth-tray unpin ')).toEqual(['_files -/']);
    expect(zsh('claude-auth-tray use Work --project ')).toEqual(['_files -/']);
    expect(zsh('claude-auth-tray bundle import ')).toEqual(['_files ']);
    expect(zsh('claude-auth-tray team invite --csv ')).toEqual(['_files ']);
    expect(zsh('claude-auth-tray use ')).toEqual(['Work key', 'Subscription']);
  });

  it('the hidden profile lister prints names only, one a line, and nothing without profiles', () => {
    expect(cli(['__complete', 'profiles'], env)).toMatchObject({ code: 0, stdout: 'Work key\nSubscription\n' });
    const empty = sandbox();
    try {
      expect(cli(['__complete', 'profiles'], { ...empty.env, ...kr.env })).toMatchObject({ code: 0, stdout: '' });
    } finally {
      empty.cleanup();
    }
  });

  it('a missing shell is a usage error', () => {
    expect(cli(['completion'], env)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'claude-auth-tray: missing <shell>: one of bash, zsh, fish (see --help)\n',
    });
  });

  it('an unknown shell is a usage error', () => {
    const r = cli(['completion', 'powershell'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claude-auth-tray: unknown shell "powershell": one of bash, zsh, fish (see --help)\n');
  });
});
