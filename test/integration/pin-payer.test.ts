/**
 * Issue 15, who pays in a pinned folder: a folder pinned to an API key bills that key per token, so a
 * session started there must say so on its status line — slow path and cached fast path alike — not
 * the globally active subscription. The pin writes `env.CLAUDE_AUTH_TRAY_PROFILE=<id>` next to its
 * keys; Claude Code applies a settings file's env to its process, which the status line inherits
 * (test/compat/claude-statusline.test.ts checks that with the real Claude Code). Here the line is run
 * as Claude Code runs it, with that env applied. (From the review's red test, review2-pin-payer.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryKey, cli, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { runInDash, sessionWithoutLimits, statusLineCommand } from '../support/status-line';

let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 1500)); // detached recorders finish
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
});

const noLimits = sessionWithoutLimits;

const run = runInDash;
const command = (): string => statusLineCommand(sb!.claudeDir);
const cacheFile = (): string => path.join(sb!.appDir, 'statusline-cache.txt');

async function world(): Promise<{ env: NodeJS.ProcessEnv; proj: string; local: string }> {
  kr = await startKeyring();
  sb = sandbox();
  fs.writeFileSync(
    path.join(sb.claudeDir, 'settings.json'),
    JSON.stringify({ statusLine: { type: 'command', command: "printf 'mine'" } }),
  );
  const env = { ...sb.env, ...kr.env };
  expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
  expect(cli(['add', 'anthropic-api-key', '--name', 'Paid', '--key-stdin'], env, canaryKey('PIN')).code).toBe(0);
  expect(cli(['use', 'Sub'], env).code).toBe(0);
  const proj = path.join(sb.home, 'proj');
  fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
  const local = path.join(proj, '.claude', 'settings.local.json');
  return { env, proj, local };
}

/** The environment Claude Code gives a session started in `proj`: its settings' env applied. */
function sessionEnv(env: NodeJS.ProcessEnv, local: string): NodeJS.ProcessEnv {
  const s = JSON.parse(fs.readFileSync(local, 'utf8')) as { env?: Record<string, string> };
  return { ...env, ...(s.env ?? {}) };
}

describe('who pays in a pinned folder (issue 15)', () => {
  it('a session started in a folder pinned to an API key shows that key, per token, on the slow and the cached line', async () => {
    const { env, proj, local } = await world();
    const mine = JSON.stringify({ permissions: { allow: ['Bash(ls:*)'] } }, null, 2) + '\n';
    fs.writeFileSync(local, mine);
    expect(cli(['use', 'Paid', '--project', proj], env).code).toBe(0);
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    const settings = JSON.parse(fs.readFileSync(local, 'utf8')) as {
      apiKeyHelper?: string;
      env: Record<string, string>;
    };
    expect(settings.apiKeyHelper).toBeTruthy(); // this session bills the API key, per token
    const paidId = (
      JSON.parse(fs.readFileSync(path.join(sb!.appDir, 'profiles.json'), 'utf8')) as {
        profiles: { id: string; name: string }[];
      }
    ).profiles.find((p) => p.name === 'Paid')!.id;
    expect(settings.env.CLAUDE_AUTH_TRAY_PROFILE).toBe(paidId);
    expect(fs.readFileSync(local, 'utf8')).not.toContain('sk-ant-'); // no secret in the marker or elsewhere

    const senv = sessionEnv(env, local);
    const first = run(command(), noLimits(proj), senv, proj); // slow path: no cache line for this session yet
    expect(first).toBe('mine  │  Paid · API key (billed per token)\n');
    // The slow path wrote this session's line; marked here, so the next line shows it came from the cache.
    const cached = fs.readFileSync(cacheFile(), 'utf8');
    expect(cached).toContain(`|${paidId}||\tPaid · API key (billed per token)\n`);
    fs.writeFileSync(
      cacheFile(),
      cached.replace('Paid · API key (billed per token)', 'Paid · API key (billed per token) (cached)'),
    );
    const second = run(command(), noLimits(proj), senv, proj); // fast path, from the cache
    expect(second).toBe('mine  │  Paid · API key (billed per token) (cached)\n');
    // Elsewhere (no marker) the same line still names the active subscription.
    expect(run(command(), noLimits(sb!.home), env, sb!.home)).toBe('mine  │  Sub · subscription\n');

    // whoami and status in the folder name the pin, and do not take the marker for a hand-written key.
    const st = cli(['status', '--json'], env, undefined, proj);
    expect(JSON.parse(st.stdout).folder).toMatchObject({ pinned: true, profileId: paidId });
    const wa = cli(['whoami', '--json'], env, undefined, proj);
    expect(JSON.parse(wa.stdout)).toMatchObject({ source: 'pin', profile: { id: paidId } });

    // Unpin gives the user's file back byte for byte, the marker gone with the pin's keys.
    expect(cli(['unpin', proj], env).code).toBe(0);
    expect(fs.readFileSync(local, 'utf8')).toBe(mine);
  });

  it('a marker naming no profile shows the active one with a warning; a marker that is no id takes the slow path and counts for nothing', async () => {
    const { env, proj } = await world();
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    const gone = { ...env, CLAUDE_AUTH_TRAY_PROFILE: 'removed-1234' };
    for (let i = 0; i < 2; i++)
      expect(run(command(), noLimits(proj), gone, proj)).toBe(
        'mine  │  Sub · subscription · ⚠ this folder is pinned to a profile that no longer exists\n',
      );
    // Not an id: never keyed (no cache line), never rendered, never run.
    const hostile = { ...env, CLAUDE_AUTH_TRAY_PROFILE: "x';touch /tmp/pwn-pin;'|\t" };
    fs.rmSync(cacheFile(), { force: true });
    for (let i = 0; i < 2; i++)
      expect(run(command(), noLimits(proj), hostile, proj)).toBe('mine  │  Sub · subscription\n');
    expect(fs.existsSync('/tmp/pwn-pin')).toBe(false);
    expect(fs.existsSync(cacheFile()) ? fs.readFileSync(cacheFile(), 'utf8') : '').not.toContain('touch');
  });
});
