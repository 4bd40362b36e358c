/** Review of the fast wrapped status line (issue 15): defects found, each shown red. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { prepareAtomicWrite } from '../../main/core/atomic-write';
import { writeStatusCache, sessionKey } from '../../main/core/usage/status-line-cache';
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

const NOW_S = Math.floor(Date.now() / 1000);
const withLimits = (cwd: string): string =>
  JSON.stringify({
    cwd,
    workspace: { current_dir: cwd, project_dir: cwd },
    rate_limits: { five_hour: { used_percentage: 10, resets_at: NOW_S + 3600 } },
  });
const noLimits = sessionWithoutLimits;

const run = runInDash;
const command = (): string => statusLineCommand(sb!.claudeDir);

async function world(): Promise<NodeJS.ProcessEnv> {
  kr = await startKeyring();
  sb = sandbox();
  fs.writeFileSync(
    path.join(sb.claudeDir, 'settings.json'),
    JSON.stringify({ statusLine: { type: 'command', command: "printf 'mine'" } }),
  );
  return { ...sb.env, ...kr.env };
}

describe('review: fast wrapped status line', () => {
  it('D2: a cache rendered while profiles.json is being replaced reads as current but names the old payer', async () => {
    const env = await world();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['add', 'anthropic-api-key', '--name', 'Paid', '--key-stdin'], env, canaryKey('RACE')).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const profiles = path.join(sb!.appDir, 'profiles.json');
    const f = JSON.parse(fs.readFileSync(profiles, 'utf8'));
    const paid = f.profiles.find((p: { name: string }) => p.name === 'Paid').id;
    // A switch's atomic write: temp file written (its mtime is profiles.json's mtime after the rename)…
    const w = prepareAtomicWrite(profiles, JSON.stringify({ ...f, activeProfileId: paid }, null, 2) + '\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    // …meanwhile a recorder renders the cache from the old file (both its stamps see the old file)…
    const key = sessionKey({}, '{}')!;
    writeStatusCache(sb!.appDir, [key]);
    w.commit(); // …then the rename.
    const cache = path.join(sb!.appDir, 'statusline-cache.txt');
    const current = spawnSync('/usr/bin/dash', ['-c', `[ "$1" -nt "$2" ]`, 'sh', cache, profiles]).status === 0;
    const text = fs.readFileSync(cache, 'utf8');
    // The shell line trusts this cache ("newer than profiles.json") although it says Sub · subscription.
    expect(current && text.includes(`${key}\tSub · subscription`)).toBe(false);
  });

  it('D3: a symlink at statusline-cache.txt makes every cache write replace the file it points at', async () => {
    const env = await world();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const victim = path.join(sb!.home, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    fs.mkdirSync(sb!.appDir, { recursive: true });
    fs.symlinkSync(victim, path.join(sb!.appDir, 'statusline-cache.txt'));
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('D4: secrets: an exported key in the session never reaches the app folder; off leaves nothing of the line behind', async () => {
    const env = await world();
    const secret = canaryKey('SESS');
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    const sess = { ...env, ANTHROPIC_API_KEY: secret };
    // With limits: the recorder runs with the key in its environment (the folder is searched below).
    run(command(), withLimits(sb!.home), sess);
    run(command(), withLimits(sb!.home), sess);
    const c = run(command(), noLimits(sb!.home), sess);
    const d = run(command(), noLimits(sb!.home), sess);
    expect(c).toContain('ANTHROPIC_API_KEY is set');
    expect(d).toContain('ANTHROPIC_API_KEY is set');
    await new Promise((r) => setTimeout(r, 1500));
    expect(filesContaining([sb!.home], secret)).toEqual([]);
    expect(cli(['statusline', 'off'], env).code).toBe(0);
    expect(fs.readFileSync(path.join(sb!.claudeDir, 'settings.json'), 'utf8')).toBe(
      JSON.stringify({ statusLine: { type: 'command', command: "printf 'mine'" } }),
    );
    const left = fs.readdirSync(sb!.appDir).filter((n) => n.startsWith('statusline'));
    expect(left).toEqual([]);
  });
});

describe('review: checked sound', () => {
  it('S1: app folder and user command with quotes, $, backticks, spaces, a newline; hostile JSON; nothing runs, fast path works', async () => {
    kr = await startKeyring();
    const base = sandbox();
    const appDir = path.join(base.home, 'a\'b $(touch PWNED1) `touch PWNED2` "q"\nnl');
    sb = { ...base, appDir, env: { ...base.env, CLAUDE_AUTH_TRAY_HOME: appDir } };
    const env = { ...sb.env, ...kr.env };
    const user = "printf '%s' \"it's $(printf ok)\"";
    fs.writeFileSync(
      path.join(sb.claudeDir, 'settings.json'),
      JSON.stringify({ statusLine: { type: 'command', command: user } }),
    );
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const pf = path.join(appDir, 'profiles.json');
    const f = JSON.parse(fs.readFileSync(pf, 'utf8'));
    f.profiles[0].name = "N'a$(touch PWNED3)`x`\u001b[31m";
    fs.writeFileSync(pf, JSON.stringify(f));
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    const evil = JSON.stringify({
      cwd: '$(touch PWNED4)`touch PWNED5`',
      x: "'; touch PWNED6; '",
      rate_limits: { five_hour: { used_percentage: 7 } },
    });
    const a = run(command(), evil, env, sb.home);
    await new Promise((r) => setTimeout(r, 1500));
    fs.writeFileSync(
      path.join(appDir, 'statusline-cache.txt'),
      fs.readFileSync(path.join(appDir, 'statusline-cache.txt'), 'utf8').replace(/\t.*$/gm, '\tFROM-CACHE'),
    );
    const b = run(command(), evil, env, sb.home);
    expect(a).toMatch(/^it's ok {2}│ {2}N'a\$\(touch PWNED3\)`x`/);
    expect(a).not.toContain('\u001b');
    expect(b).toBe("it's ok  │  FROM-CACHE\n");
    const found = spawnSync('find', [base.home, process.cwd(), '-maxdepth', '3', '-name', 'PWNED*'], {
      encoding: 'utf8',
    }).stdout;
    expect(found).toBe('');
  });
});

describe('review: foreign cache content', () => {
  it('D5: a cache line carrying an escape sequence is printed raw to Claude Code', async () => {
    const env = await world();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    const cache = path.join(sb!.appDir, 'statusline-cache.txt');
    fs.writeFileSync(cache, fs.readFileSync(cache, 'utf8').replace(/\t.*$/gm, '\t\u001b]0;pwn\u0007\u001b[2J FAKE'));
    const out = run(command(), noLimits(sb!.home), env, sb!.home);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('Sub · subscription');
  });
});
