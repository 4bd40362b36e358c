/**
 * Issue 15, "no visible delay": the shell line `statusline on` writes around the user's own status
 * line prints our text from the cache (status-line-cache.ts) and hands the reading to a detached
 * recorder. Run under dash (Debian's and Ubuntu's /bin/sh; Claude Code runs status lines with
 * `/bin/sh -c`, detached): a current cache is used without Node, a stale or missing one falls back to
 * the synchronous command, hostile input is never run, the user's exit code and stderr behave as
 * before, the recorder leaves nothing running and keeps the last of many readings, a hanging user
 * line is stopped at 4 s, and a reader that goes away mid-line loses nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cli, sandbox, type Sandbox } from '../support/cli';
import { waitFor } from '../support/wait';

let sb: Sandbox | undefined;
afterEach(async () => {
  // The detached recorders a test's lines started finish before their folder goes.
  await waitFor(() => lingering().length === 0).catch(() => undefined);
  sb?.cleanup();
  sb = undefined;
});

const DASH = '/usr/bin/dash';
const NOW_S = Math.floor(Date.now() / 1000);
const input = (pct: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    session_id: 'abc',
    model: { id: 'claude-sonnet', display_name: 'Sonnet' },
    ...extra,
    rate_limits: {
      five_hour: { used_percentage: pct, resets_at: NOW_S + 3600 },
      seven_day: { used_percentage: 18, resets_at: NOW_S + 3 * 86400 },
    },
  });

const settingsFile = (): string => path.join(sb!.claudeDir, 'settings.json');
const cacheFile = (): string => path.join(sb!.appDir, 'statusline-cache.txt');
const profilesFile = (): string => path.join(sb!.appDir, 'profiles.json');
const command = (): string =>
  (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as { statusLine: { command: string } }).statusLine.command;

/** The session ids of the lines run (Claude Code starts each detached: its pid is its session's id). */
const sessions = new Set<string>();

/** Runs the line as Claude Code does: `sh -c` (dash here), detached, the JSON and a newline on stdin. */
function run(
  cmd: string,
  stdin: string,
  env: NodeJS.ProcessEnv = sb!.env,
  shell: readonly string[] = [DASH],
): { code: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const options = { env: { ...env, TZ: 'UTC' }, input: `${stdin}\n`, encoding: 'utf8' as const, detached: true };
  // `exec` keeps the pid: the line runs as the session leader Claude Code would start.
  const pidFile = path.join(sb!.home, 'line.pid');
  const r = spawnSync(DASH, ['-c', `echo $$ > '${pidFile}'; exec ${shell.join(' ')} -c "$1"`, 'sh', cmd], {
    ...options,
    timeout: 20_000,
  });
  sessions.add(fs.readFileSync(pidFile, 'utf8').trim());
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/**
 * Live processes any line we ran left behind (in its session: the watchdog, its sleep, a recorder,
 * theirs); zombies are not counted (their new parent, init, reaps them).
 */
function lingering(): string[] {
  const out = spawnSync('ps', ['-eo', 'sid=,stat=,args='], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => {
    const [sid, stat] = l.trim().split(/\s+/);
    return sid !== undefined && sessions.has(sid) && !stat?.startsWith('Z');
  });
}

/** A line of lingering() that is a recorder (`statusline --record`, started by a fast line). */
function isRecorder(l: string): boolean {
  const args = l.trim().split(/\s+/).slice(2).join(' ');
  return args.startsWith(`${process.execPath} ${CLI} statusline --record`);
}

/** A profile, the user's own line, and `statusline on` (which renders the cache). */
function setup(user: string, name = 'Personal'): void {
  sb = sandbox();
  fs.writeFileSync(settingsFile(), JSON.stringify({ statusLine: { type: 'command', command: user } }));
  expect(cli(['add', 'claude-ai', '--name', name], sb.env).code).toBe(0);
  expect(cli(['use', name], sb.env).code).toBe(0);
  expect(cli(['statusline', 'on'], sb.env).code).toBe(0);
  // A first line with limits: the slow path (no reading yet), which records it and renders the cache.
  expect(run(command(), input(10)).stdout).toContain('5h 10 %');
  expect(fs.readFileSync(cacheFile(), 'utf8')).toContain('5h 10 %');
}

/** Replaces our text in a current cache by a marker: output with the marker came from the cache. */
function plantMarker(): void {
  const text = fs.readFileSync(cacheFile(), 'utf8').replace(/\t.*$/gm, '\tFROM-CACHE');
  fs.writeFileSync(cacheFile(), text);
  expect(fs.statSync(cacheFile()).mtimeMs).toBeGreaterThan(fs.statSync(profilesFile()).mtimeMs);
}

describe('the fast wrapped status line (dash)', () => {
  it('prints from a current cache; the recorder records and renders for the next refresh', async () => {
    setup(`printf 'mine'`);
    plantMarker();
    const r = run(command(), input(62));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('mine  │  FROM-CACHE\n');
    expect(r.stderr).toBe('');
    await waitFor(() => fs.readFileSync(cacheFile(), 'utf8').includes('5h 62 %'));
    const next = run(command(), input(62));
    expect(next.stdout).toMatch(/^mine {2}│ {2}Personal · subscription · 5h 62 % · resets \d\d:\d\d · week 18 %/);
    expect(JSON.parse(fs.readFileSync(path.join(sb!.appDir, 'usage', 'default.json'), 'utf8'))).toMatchObject({
      fiveHour: { usedPercent: 62 },
    });
    // The cache holds no secret and is private.
    expect(fs.statSync(cacheFile()).mode & 0o777).toBe(0o600);
    await waitFor(() => lingering().length === 0, 3_000); // no watchdog `sleep 4`: its trap took it along
  });

  it('a cache older than profiles.json falls back to the synchronous command, which renders it again', async () => {
    setup(`printf 'mine'`);
    plantMarker();
    // profiles.json written after the cache (by hand here: nothing rendered the cache since).
    fs.writeFileSync(profilesFile(), fs.readFileSync(profilesFile(), 'utf8').replace('"Personal"', '"Renamed"'));
    const r = run(command(), input(40));
    expect(r.stdout).toMatch(/^mine {2}│ {2}Renamed · subscription · 5h 40 %/); // the live answer, limits included
    expect(fs.statSync(cacheFile()).mtimeMs).toBeGreaterThan(fs.statSync(profilesFile()).mtimeMs);
    expect(run(command(), input(40)).stdout).toMatch(/^mine {2}│ {2}Renamed · subscription · 5h 40 %/);
  });

  it('a missing cache, or none for this session, falls back too', () => {
    setup(`printf 'mine'`);
    fs.rmSync(cacheFile());
    expect(run(command(), input(41)).stdout).toMatch(/^mine {2}│ {2}Personal · subscription · 5h 41 %/);
    expect(fs.existsSync(cacheFile())).toBe(true);
    plantMarker();
    // Another session: an exported API key (only whether it is set is in the key; never its value).
    const env = { ...sb!.env, ANTHROPIC_API_KEY: 'sk-ant-api03-CANARY-never-in-the-cache' };
    const r = run(command(), JSON.stringify({ model: { id: 'x' } }), env);
    expect(r.stdout).toBe('mine  │  Personal · subscription · ⚠ ANTHROPIC_API_KEY is set: it may bill per token\n');
    expect(fs.readFileSync(cacheFile(), 'utf8')).not.toContain('CANARY');
    expect(fs.readFileSync(cacheFile(), 'utf8')).toMatch(/\|k\|\t/);
    // …and that session's next line comes from the cache.
    expect(run(command(), JSON.stringify({ model: { id: 'x' } }), env).stdout).toContain('ANTHROPIC_API_KEY is set');
  });

  it('a switch with `use` renders the cache: the next line names the new profile at once', () => {
    setup(`printf 'mine'`);
    expect(cli(['add', 'claude-ai', '--name', 'Second'], sb!.env).code).toBe(0);
    expect(run(command(), '{}').stdout).toBe('mine  │  Personal · subscription\n');
    expect(cli(['use', 'Second'], sb!.env).code).toBe(0);
    // Current after the switch (no slow path needed): newer than profiles.json, naming Second.
    expect(fs.statSync(cacheFile()).mtimeMs).toBeGreaterThan(fs.statSync(profilesFile()).mtimeMs);
    expect(run(command(), '{}').stdout).toBe('mine  │  Second · subscription\n');
  });

  it('a reading left pending by a recorder that found the lock taken is recorded by the next holder (here a switch)', () => {
    setup(`printf 'mine'`);
    expect(cli(['add', 'claude-ai', '--name', 'Second'], sb!.env).code).toBe(0);
    const pending = path.join(sb!.appDir, 'statusline-pending');
    fs.mkdirSync(pending, { recursive: true });
    fs.writeFileSync(
      path.join(pending, `${Date.now()}.000-999999.json`),
      JSON.stringify({ at: Date.now(), key: '||||||L', reading: { fiveHour: { usedPercent: 88 } } }),
    );
    expect(cli(['use', 'Second'], sb!.env).code).toBe(0);
    expect(fs.readdirSync(pending)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(sb!.appDir, 'usage', 'default.json'), 'utf8'))).toMatchObject({
      fiveHour: { usedPercent: 88 },
    });
    expect(run(command(), input(88)).stdout).toMatch(/^mine {2}│ {2}Second · subscription · 5h 88 %/);
  });

  it("bash in POSIX mode (macOS's /bin/sh) prints the same, fast and slow", () => {
    setup(`printf 'mine\\nmore  \\n'`);
    const bash = ['/bin/bash', '--posix'];
    const fast = run(command(), input(10), sb!.env, bash);
    expect(fast.stderr).toBe('');
    expect(fast.stdout).toMatch(/^mine {2}│ {2}Personal · subscription · 5h 10 %[^\n]*\nmore\n$/);
    expect(run(command(), input(10)).stdout).toBe(fast.stdout);
    fs.rmSync(cacheFile());
    expect(run(command(), input(10), sb!.env, bash).stdout).toBe(fast.stdout);
  });

  it('hostile input is data: quotes, $(…), backticks, globs and escapes reach theirs byte for byte and run nothing', () => {
    const seen = '/tmp/never';
    setup(`cat > "$HOME/theirs-saw"; printf 'mine'`);
    const marker = path.join(sb!.home, 'pwned');
    const evil = input(50, {
      cwd: `x'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`" ${seen} * ? [a] \\ $HOME $$`,
      n: '\u001b[2J\ttab',
    });
    for (let round = 0; round < 2; round++) {
      if (round === 1) fs.rmSync(cacheFile()); // the slow path too
      const r = run(command(), evil);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^mine {2}│ {2}Personal · subscription/);
      expect(fs.readFileSync(path.join(sb!.home, 'theirs-saw'), 'utf8')).toBe(`${evil}\n`);
      expect(fs.existsSync(marker)).toBe(false);
    }
  });

  it("the user's exit code and stderr: theirs' stderr passes through, theirs failing still shows both lines", () => {
    setup(`echo out; echo err-from-theirs >&2; exit 3`);
    for (const fast of [true, false]) {
      if (!fast) fs.rmSync(cacheFile());
      const r = run(command(), '{}');
      expect(r.code).toBe(0); // as before: the line's status is ours, so Claude Code shows it
      expect(r.stdout).toBe('out  │  Personal · subscription\n');
      expect(r.stderr).toBe('err-from-theirs\n');
    }
  });

  it('multi-line and whitespace output of theirs is kept as --wrapped keeps it', () => {
    setup(`printf '\\033[1;31mred\\033[0m café  \\nsecond line \\n\\n'`);
    const fast = run(command(), '{}').stdout;
    fs.rmSync(cacheFile());
    const slow = run(command(), '{}').stdout;
    // Only the trailing whitespace of the whole output goes; the first line's own spaces stay.
    expect(fast).toBe('\u001b[1;31mred\u001b[0m café    │  Personal · subscription\nsecond line\n');
    expect(slow).toBe(fast);
  });

  it('a hanging user line is stopped at 4 s with what it left in the background; ours still prints', async () => {
    const m1 = '"$HOME/background-survived"';
    const m2 = '"$HOME/foreground-survived"';
    setup(`(sleep 6; touch ${m1}) & echo early; sleep 6; touch ${m2}`);
    plantMarker();
    const r = run(command(), input(30));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('early  │  FROM-CACHE\n');
    expect(r.ms).toBeLessThan(4_900); // Claude Code gives up on a status line after 5 s
    // The recorder started after the stop still records.
    await waitFor(() => fs.readFileSync(cacheFile(), 'utf8').includes('5h 30 %'));
    await new Promise((res) => setTimeout(res, 2_500));
    expect(fs.existsSync(path.join(sb!.home, 'foreground-survived'))).toBe(false);
    expect(fs.existsSync(path.join(sb!.home, 'background-survived'))).toBe(false);
    await waitFor(() => lingering().length === 0);
  });

  it('many refreshes in a row: recorders do not pile up, the last reading wins, nothing is left behind', async () => {
    setup(`printf 'mine'`);
    for (let pct = 1; pct <= 40; pct++) expect(run(command(), input(pct)).code).toBe(0);
    // Well before a watchdog's `sleep 4` would end by itself: none survives its line (a TERM caught
    // between fork and exec was lost: 11 of 150 lines left one before the trap used SIGKILL).
    // Recorders may still run.
    await waitFor(() => lingering().every(isRecorder), 2_500);
    // Then every recorder has ended: nothing records or renders after that, so what the files hold now
    // is final. Their end is the condition, not a time: 40 Node starts on a loaded 2-core machine can
    // take longer than the 10 s this test once gave the cache (the bound only stops a hang).
    await waitFor(() => lingering().length === 0, 90_000);
    expect(fs.readFileSync(cacheFile(), 'utf8')).toContain('5h 40 %');
    expect(JSON.parse(fs.readFileSync(path.join(sb!.appDir, 'usage', 'default.json'), 'utf8'))).toMatchObject({
      fiveHour: { usedPercent: 40 },
    });
    expect(fs.readdirSync(path.join(sb!.appDir, 'statusline-pending'))).toEqual([]);
    expect(fs.existsSync(path.join(sb!.appDir, 'statusline-cache.lock'))).toBe(false);
  }, 150_000);

  it('Claude Code gone mid-line: the user command finishes, the reading is still recorded', async () => {
    setup(`sleep 1; touch "$HOME/theirs-finished"; echo late`);
    const child = spawn(DASH, ['-c', command()], {
      env: sb!.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    sessions.add(String(child.pid));
    child.stdin.end(`${input(77)}\n`);
    await new Promise((r) => setTimeout(r, 300));
    child.stdout.destroy(); // the reader is gone, as when Claude Code is killed
    child.stderr.destroy();
    await waitFor(() => fs.existsSync(path.join(sb!.home, 'theirs-finished')));
    await waitFor(() => fs.readFileSync(cacheFile(), 'utf8').includes('5h 77 %'));
    await waitFor(() => lingering().length === 0);
  });
});
