/**
 * Issue 15: the status-line command strings and the fast line's pieces. The session key the shell
 * builds (under dash) is the one Node builds; the Windows form is bash syntax, as Claude Code runs
 * status lines there (Git Bash, `bash -c`); the watchdog stops only what the line waits for.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lineToStop } from '../../main/core/usage/process-tree';
import { keyEnv, keyShellExpr, sessionKey } from '../../main/core/usage/status-line-cache';
import { isOurStatusLine, statusLineCommand } from '../../main/core/usage/status-line-plan';

const LIMITS = JSON.stringify({ rate_limits: { five_hour: { used_percentage: 1 } } });

describe('the session key', () => {
  const cases: Record<string, NodeJS.ProcessEnv> = {
    plain: {},
    account: { CLAUDE_SECURESTORAGE_CONFIG_DIR: "/h/o'ne * $x" },
    bedrock: { CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '0' },
    keys: { ANTHROPIC_API_KEY: 'sk-ant-api03-SECRET', ANTHROPIC_AUTH_TOKEN: 'tok' },
    'empty key': { ANTHROPIC_API_KEY: '' },
    'pinned folder': { CLAUDE_AUTH_TRAY_PROFILE: 'paid-3f9a' },
    'pinned account': { CLAUDE_AUTH_TRAY_PROFILE: 'work-01ab', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/h/w' },
    'empty marker': { CLAUDE_AUTH_TRAY_PROFILE: '' },
  };
  for (const [name, env] of Object.entries(cases)) {
    for (const text of ['{}', LIMITS]) {
      it(`dash builds the same key as Node: ${name}, ${text === '{}' ? 'no limits' : 'limits'}`, () => {
        const r = spawnSync('/usr/bin/dash', ['-c', `IFS= read -r i; ${keyShellExpr()}; printf '%s' "$k"`], {
          env: { PATH: process.env.PATH, ...env },
          input: `${text}\n`,
          encoding: 'utf8',
        });
        expect(r.stdout).toBe(sessionKey(env, text));
        expect(r.stdout).not.toContain('SECRET');
        expect(keyEnv(r.stdout)?.hasLimits).toBe(text === LIMITS);
      });
    }
  }
  // A marker that is no profile id: no key in Node, an empty one in the shell (it never reads the cache).
  for (const bad of ["x'; touch /tmp/pwn", 'Paid-3F9A', 'a|b', 'a\tb', 'a\nb', 'paid*', '$(id)', 'é-1', 'a b']) {
    it(`a marker that is no profile id is never keyed: ${JSON.stringify(bad)}`, () => {
      const r = spawnSync('/usr/bin/dash', ['-c', `IFS= read -r i; ${keyShellExpr()}; printf '%s' "$k"`], {
        env: { PATH: process.env.PATH, LANG: 'C.UTF-8', CLAUDE_AUTH_TRAY_PROFILE: bad },
        input: `${LIMITS}\n`,
        encoding: 'utf8',
      });
      expect(r.stdout).toBe('');
      expect(sessionKey({ CLAUDE_AUTH_TRAY_PROFILE: bad }, LIMITS)).toBeUndefined();
    });
  }
  it('a value with a separator, tab or line break gets no key (that session takes the slow path)', () => {
    expect(sessionKey({ CLAUDE_SECURESTORAGE_CONFIG_DIR: 'a|b' }, '{}')).toBeUndefined();
    expect(sessionKey({ CLAUDE_CODE_USE_VERTEX: 'a\nb' }, '{}')).toBeUndefined();
  });
});

describe('the commands', () => {
  const linux = {
    execPath: '/usr/bin/node',
    cliPath: '/opt/c a t/index.js',
    runAsNode: false,
    platform: 'linux' as const,
  };
  it('the fast wrapped line carries the cache path, the fallback and the recorder, and is ours', () => {
    const cmd = statusLineCommand(linux, "printf 'x'", '/data dir');
    expect(cmd).toContain(`f='/data dir/statusline-cache.txt'`);
    expect(cmd).toContain(`[ "$f" -nt '/data dir/profiles.json' ]`);
    expect(cmd).toContain(`/usr/bin/node '/opt/c a t/index.js' statusline --wrapped; else`);
    expect(cmd).toContain(`statusline --record </dev/null >/dev/null 2>&1 &`);
    expect(isOurStatusLine({ type: 'command', command: cmd })).toBe(true);
    const syntax = spawnSync('/usr/bin/dash', ['-n', '-c', cmd], { encoding: 'utf8' });
    expect(syntax.status, syntax.stderr).toBe(0);
  });

  it('Windows: bash syntax for Git Bash (forward slashes, VAR=value prefix), our process starting theirs', () => {
    const win = {
      execPath: 'C:\\Program Files\\Claude Auth Tray\\Claude Auth Tray.exe',
      cliPath: 'C:\\Program Files\\Claude Auth Tray\\resources\\app\\dist\\cli\\index.js',
      runAsNode: true,
      platform: 'win32' as const,
    };
    const b64 = Buffer.from("printf 'mine'", 'utf8').toString('base64');
    expect(statusLineCommand(win, "printf 'mine'", 'C:\\Users\\me\\AppData')).toBe(
      `ELECTRON_RUN_AS_NODE=1 'C:/Program Files/Claude Auth Tray/Claude Auth Tray.exe' 'C:/Program Files/Claude Auth Tray/resources/app/dist/cli/index.js' statusline --wrap-b64 ${b64}`,
    );
    expect(statusLineCommand(win)).toBe(
      `ELECTRON_RUN_AS_NODE=1 'C:/Program Files/Claude Auth Tray/Claude Auth Tray.exe' 'C:/Program Files/Claude Auth Tray/resources/app/dist/cli/index.js' statusline`,
    );
    // …which bash parses (here: the same words, as bash -c would split them).
    const words = spawnSync(
      'bash',
      ['-c', `set -- ${statusLineCommand({ ...win, runAsNode: false }, 'x')}; printf '%s\\n' "$@"`],
      {
        encoding: 'utf8',
      },
    ).stdout;
    expect(words.split('\n')[0]).toBe('C:/Program Files/Claude Auth Tray/Claude Auth Tray.exe');
  });
});

describe('the watchdog (lineToStop)', () => {
  // line 100 leads group 100: watchdog subshell 101 → stop node 102; $() subshell 103 → theirs 104 → 105;
  // 106 left behind in the group by theirs (reparented to init); 200 is someone else's.
  const table = new Map([
    [100, { ppid: 50, pgid: 100 }],
    [101, { ppid: 100, pgid: 100 }],
    [102, { ppid: 101, pgid: 100 }],
    [103, { ppid: 100, pgid: 100 }],
    [104, { ppid: 103, pgid: 100 }],
    [105, { ppid: 104, pgid: 100 }],
    [106, { ppid: 1, pgid: 100 }],
    [200, { ppid: 1, pgid: 200 }],
  ]);
  it("stops theirs' tree and the group's leftovers, never the line, the watchdog or others", () => {
    expect(lineToStop(table, 102, 100).sort()).toEqual([103, 104, 105, 106]);
  });
  it('does nothing once the line no longer waits for theirs (a recorder it started must live)', () => {
    // theirs is done (the command substitution reaped); 106 stands for a recorder started since.
    const done = new Map([...table].filter(([pid]) => pid < 103 || pid > 105));
    expect(lineToStop(done, 102, 100)).toEqual([]);
  });
});
