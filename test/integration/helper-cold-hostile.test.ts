/** Issue 16 review: the helper stamp and the cold path against hostile input, through the built CLI and a real keyring (each case was red before its fix). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, cliAsync, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const KEY = canaryKey('RV16');

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
});
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
});

function helper(name: string, body = `sleep 0.2\necho ${KEY}`): { cmd: string; runs: () => number } {
  const counter = path.join(sb.home, `${name}.runs`);
  const file = path.join(sb.home, `${name}.sh`);
  fs.writeFileSync(file, `#!/bin/sh\necho x >> '${counter}'\n${body}\n`, { mode: 0o755 });
  return {
    cmd: `'${file}'`,
    runs: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').trim().split('\n').length : 0),
  };
}
const add = (name: string, cmd: string, ttl: number): string => {
  const r = cli(['add', 'api-key-helper', '--name', name, '--command', cmd, '--ttl-ms', String(ttl)], env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
};

describe('the stamp file', () => {
  it('is written without following a symlink planted at its name (the link target is left alone)', async () => {
    const h = helper('link');
    const id = add('Link', h.cmd, 1000);
    expect(cli(['api-key', '--profile', id], env).stdout).toBe(`${KEY}\n`);
    const stamp = path.join(sb.appDir, 'locks', `helper-${id}.fetched`);
    // Another program (or an attacker with a foothold) puts a link there, to a file of the user's.
    const victim = path.join(sb.home, 'victim.txt');
    fs.writeFileSync(victim, 'precious user data\n', { mode: 0o644 });
    fs.rmSync(stamp);
    fs.symlinkSync(victim, stamp);
    await new Promise((r) => setTimeout(r, 1100)); // TTL over: the next call refreshes
    const r = cli(['api-key', '--profile', id], env);
    expect(r.stdout).toBe(`${KEY}\n`);
    expect(h.runs()).toBe(2);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious user data\n');
  });

  it('the record of what Claude Code was served is not written through a link either (the target is left alone)', () => {
    const h = helper('served');
    const id = add('Served', h.cmd, 60_000);
    const served = path.join(sb.appDir, 'served', `${id}.json`);
    const victim = path.join(sb.home, 'victim-served.txt');
    fs.writeFileSync(victim, 'precious user data\n', { mode: 0o644 });
    fs.mkdirSync(path.dirname(served), { recursive: true });
    fs.symlinkSync(victim, served);
    const r = cli(['api-key', '--profile', id], { ...env, CLAUDE_CODE_ENTRYPOINT: 'cli' });
    expect(r.stdout).toBe(`${KEY}\n`);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious user data\n');
    expect(fs.lstatSync(served).isFile()).toBe(true); // the record replaced the link
  });

  it('twenty concurrent cold calls, five rounds: the command runs once per round', async () => {
    const h = helper('stress', `sleep 0.3\necho ${KEY}`);
    const id = add('Stress', h.cmd, 1500);
    expect(cli(['api-key', '--profile', id], env).stdout).toBe(`${KEY}\n`);
    for (let round = 1; round <= 5; round++) {
      await new Promise((r) => setTimeout(r, 1600));
      const all = await Promise.all(Array.from({ length: 20 }, () => cliAsync(['api-key', '--profile', id], env)));
      for (const r of all) expect(r.stdout, r.stderr).toBe(`${KEY}\n`);
      expect(h.runs(), `round ${round}`).toBe(1 + round);
    }
    expect(filesContaining([sb.appDir, sb.claudeDir], KEY)).toEqual([]);
  }, 120_000);

  it('a command holding a NUL byte (hand-edited profiles.json) is refused, not run cut short', () => {
    const h = helper('nul');
    const id = add('Nul', h.cmd, 1000);
    const file = path.join(sb.appDir, 'profiles.json');
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Array<{ id: string; command?: string }> };
    const p = j.profiles.find((x) => x.id === id)!;
    p.command = `${h.cmd}\u0000; echo never-this`;
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, JSON.stringify(j));
    const r = cli(['api-key', '--profile', id], env);
    fs.writeFileSync(file, before);
    expect(h.runs()).toBe(0);
    expect(r.code).not.toBe(0);
  });
});

describe('a command the shell cannot be started with', () => {
  it('(an argument over the kernel limit, hand-edited profiles.json) fails at once, not after the helper timeout', () => {
    const h = helper('big');
    const id = add('Big', h.cmd, 1000);
    const file = path.join(sb.appDir, 'profiles.json');
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Array<{ id: string; command?: string }> };
    j.profiles.find((x) => x.id === id)!.command = `: ${'x'.repeat(200_000)}; ${h.cmd}`;
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, JSON.stringify(j));
    const t = Date.now();
    const r = cli(['api-key', '--profile', id], env);
    const ms = Date.now() - t;
    expect(h.runs()).toBe(0);
    expect(r.code).not.toBe(0);
    fs.writeFileSync(file, before);
    expect(ms).toBeLessThan(20_000); // the default helper timeout is 60 s
  }, 90_000);
});

describe('leftovers of the command in its group', () => {
  it.each([
    ['succeeds', 0],
    ['fails', 1],
  ])('are killed after a command that %s, through the CLI', async (_, exit) => {
    const pidFile = path.join(sb.home, `leftover-${exit}.pid`);
    const h = helper(`left${exit}`, `sleep 300 >/dev/null 2>&1 &\necho $! > '${pidFile}'\necho ${KEY}\nexit ${exit}`);
    const id = add(`Left${exit}`, h.cmd, 1000);
    const r = cli(['api-key', '--profile', id], env);
    expect(r.code).toBe(exit);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 200));
    const st = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : 'gone';
    expect(st === 'gone' || /^\d+ \(.*\) Z/.test(st), st).toBe(true);
  });
});
