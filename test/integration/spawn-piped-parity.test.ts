/** Review probes (issue 16): spawnPiped vs node:child_process on the same commands. */
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
    console.log(r);
    expect(r.handle.stdout).toEqual(r.cp.stdout);
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
      console.log(cwd, r);
      expect(r.handle).toEqual(r.cp);
    }
  });
  it('a command with a NUL byte', async () => {
    const r = await both('echo sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA\u0000; exit 7');
    console.log(r);
    expect(r.handle).toEqual(r.cp);
  });
  it('an env value with a NUL byte', async () => {
    const r = await both('echo ok', { env: { ...process.env, X: 'a\u0000b' } });
    console.log(r);
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
  it.each([false, true])(
    'publicOnly=%s: same-group daemon and setsid daemon',
    async (pub) => {
      usePublicModulesOnly(pub);
      let t = Date.now();
      const a = await runShell('sleep 3 & echo sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCCC', {
        maxStdout: 100,
        timeoutMs: 1000,
      });
      const sameGroup = { ms: Date.now() - t, timedOut: a.timedOut, code: a.code };
      t = Date.now();
      const b = await runShell('setsid sleep 3 & echo sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCCC', {
        maxStdout: 100,
        timeoutMs: 1000,
      });
      const setsid = { ms: Date.now() - t, timedOut: b.timedOut, code: b.code };
      console.log(pub, JSON.stringify({ sameGroup, setsid }));
    },
    20_000,
  );
});
