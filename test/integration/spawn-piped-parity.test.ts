/**
 * Issue 16: a helper's command starts on libuv's handles (spawn-piped.ts) where Node allows it, and
 * must behave as node:child_process does with the same options. Each case runs both ways
 * (usePublicModulesOnly) and compares what runShell reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runShell, runHelper } from '../../main/core/helper-runner';
import { usePublicModulesOnly } from '../../main/core/node-internals';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv16-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => usePublicModulesOnly(false));

async function both(cmd: string, opts: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const out: Record<string, unknown> = {};
  for (const [name, pub] of [
    ['handle', false],
    ['cp', true],
  ] as const) {
    usePublicModulesOnly(pub);
    try {
      const r = await runShell(cmd, { maxStdout: 1 << 20, timeoutMs: opts.timeoutMs ?? 10_000, ...opts });
      out[name] = {
        stdout: r.outLen > 100000 ? r.stdout.length > 1 << 20 : r.stdout,
        code: r.code,
        signal: r.signal,
        timedOut: r.timedOut,
        spawnError: r.spawnError,
        lastErr: r.lastErr,
        outLen: r.outLen,
      };
    } catch (e) {
      out[name] = { threw: String((e as Error).message).slice(0, 80) };
    }
  }
  return out as { handle: Record<string, unknown>; cp: Record<string, unknown> };
}

describe('spawnPiped parity with child_process', () => {
  it('stdin is /dev/null, own session and group, same fds', async () => {
    const r = await both(
      `readlink /proc/self/fd/0; cat; ps -o pid=,pgid=,sid= -p $$ | awk '{print ($1==$2)" "($1==$3)}'`,
    );
    expect(r.handle.stdout).toEqual(r.cp.stdout);
    expect(r.handle.stdout).toBe('/dev/null\n1 1\n'); // stdin /dev/null; its own group and session
  });
  it('signals, exit codes, non-UTF-8, early close of stdout', async () => {
    for (const cmd of [
      'kill -TERM $$',
      'exit 42',
      "printf '\\377\\376abc'; printf '\\351t\\351' >&2; exit 1",
      'exec >&-; sleep 0.3; echo late >&2; exit 3',
      "head -c 3000000 /dev/zero | tr '\\0' a",
    ]) {
      const r = await both(cmd);
      expect(r.handle, cmd).toEqual(r.cp);
    }
  });
  it('cwd missing / not a directory / no permission', async () => {
    const f = path.join(dir, 'file');
    fs.writeFileSync(f, '');
    for (const cwd of [path.join(dir, 'nope'), f]) {
      const r = await both('echo hi', { cwd });
      expect(r.handle).toEqual(r.cp);
    }
  });
  it('a command with a NUL byte', async () => {
    const r = await both('echo sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA\u0000; exit 7');
    expect(r.handle).toEqual(r.cp);
  });
  it('an env value with a NUL byte', async () => {
    const r = await both('echo ok', { env: { ...process.env, X: 'a\u0000b' } });
    expect(r.handle).toEqual(r.cp);
  });
  it('a leftover in the group that closed its pipes is killed after close', async () => {
    for (const pub of [false, true]) {
      usePublicModulesOnly(pub);
      const pidFile = path.join(dir, `left-${pub}`);
      const r = await runHelper(
        `sleep 300 >/dev/null 2>&1 & echo $! > '${pidFile}'; echo sk-ant-api03-BBBBBBBBBBBBBBBBBBBBBBBB`,
        { timeoutMs: 5000 },
      );
      expect(r.ok).toBe(true);
      await new Promise((res) => setTimeout(res, 200));
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      const st = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : 'gone';
      expect(st === 'gone' || / Z /.test(st), `${pub} ${st}`).toBe(true);
    }
  });
});

describe('daemons holding the pipe', () => {
  it('one in the group is killed at the timeout; one in a session of its own is waited for; the same both ways', async () => {
    const key = 'echo sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCCC';
    const t0 = Date.now();
    const group = await both(`sleep 3 & ${key}`, { timeoutMs: 1000 });
    const groupMs = Date.now() - t0;
    expect(group.handle).toEqual(group.cp);
    expect(group.handle).toMatchObject({ timedOut: true, stdout: 'sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCCC\n' });
    expect(groupMs).toBeLessThan(2 * 2_900); // both runs ended at the kill, not with the 3 s sleep
    // A daemon that left the group (setsid) keeps the pipe until it exits: old behaviour, both ways.
    const own = await both(`setsid sleep 2 & ${key}`, { timeoutMs: 500 });
    expect(own.handle).toEqual(own.cp);
    expect(own.handle).toMatchObject({ timedOut: true });
  }, 30_000);
});
