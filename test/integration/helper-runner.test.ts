import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHelper, stopAllHelpers } from '../../main/core/helper-runner';
import { internalBinding, signalProcess, usePublicModulesOnly } from '../../main/core/node-internals';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-helper-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const CANARY = 'sk-ant-api03-HELPERCANARY-0123456789abcdef';

function script(name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return `'${p}'`;
}
/** Running, not merely a zombie waiting for a reaper (containers often have no init that reaps). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !/^\d+ \(.*\) Z/.test(stat);
};

// Outside Windows the command starts on libuv's process and pipe handles where Node allows it (Node 20,
// not Electron; spawn-piped.ts, issue 16), else through node:child_process: both run every case.
describe.each([
  ['the process handle', false],
  ['node:child_process', true],
])('runHelper with real scripts, started through %s', (_, publicOnly) => {
  const tag = publicOnly ? 'cp' : 'handle';
  beforeEach(() => usePublicModulesOnly(publicOnly));
  afterEach(() => usePublicModulesOnly(false));

  it('starts the command through the path it names', async () => {
    const node20 = process.versions.node.startsWith('20.');
    if (node20) expect(internalBinding('process_wrap') !== undefined).toBe(!publicOnly);
    const cp = createRequire(import.meta.url)('node:child_process') as { spawn: (...a: unknown[]) => unknown };
    const spawn = cp.spawn;
    let calls = 0;
    cp.spawn = (...a: unknown[]) => {
      calls++;
      return spawn(...a);
    };
    try {
      const r = await runHelper(`echo ${CANARY}`, { timeoutMs: 5000 });
      expect(r.ok && r.key).toBe(CANARY);
    } finally {
      cp.spawn = spawn;
    }
    // On Node 20 the handle is there; elsewhere both cases take node:child_process.
    expect(calls).toBe(publicOnly || !node20 ? 1 : 0);
  });

  it('signalProcess kills a process group, says false for one that is gone, and throws neither way', async () => {
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    // One process in its own group, our child: reaped by us, so once it has ended the group is gone. (A
    // grandchild in the group is reaped by init, whenever init gets to it — in a container it may stay
    // a zombie, and a group of zombies still takes a signal: a fresh-clone CI run saw `true`.)
    const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const pid = child.pid!;
    const ended = new Promise((r) => child.on('exit', r));
    const real = process.kill;
    let viaProcessKill = 0;
    process.kill = ((...a: Parameters<typeof process.kill>) => {
      viaProcessKill++;
      return real.apply(process, a);
    }) as typeof process.kill;
    try {
      expect(signalProcess(-pid, 'SIGKILL')).toBe(true);
      await ended;
      expect(signalProcess(-pid, 'SIGKILL')).toBe(false); // gone (ESRCH): no exception
    } finally {
      process.kill = real;
    }
    // Node 20 outside Electron: Node's unchecked kill, no process.kill (no ESRCH exception to build).
    const node20 = process.versions.node.startsWith('20.');
    if (publicOnly || !node20) expect(viaProcessKill).toBeGreaterThanOrEqual(2);
    else expect(viaProcessKill).toBe(0);
  });

  it('signalProcess refuses a pid that is not a whole non-zero number, before any signal is sent', async () => {
    // Node's unchecked kill turns NaN into 0 (our own process group) and 1.5 into 1 where process.kill
    // throws: a recorder stands in for it (and process.kill's own call of it), so no bad pid is signalled.
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    const pid = child.pid!;
    const ended = new Promise((r) => child.on('exit', r));
    const proc = process as unknown as { _kill: (pid: number, sig: number) => number };
    const realKill = proc._kill;
    const seen: number[] = [];
    proc._kill = function (this: unknown, p: number, sig: number): number {
      seen.push(p);
      return p === pid ? realKill.call(process, p, sig) : 0; // only the child is ever really signalled
    };
    try {
      for (const bad of [NaN, 1.5, 0, -0, Infinity, -Infinity, 2 ** 53]) {
        expect(signalProcess(bad, 'SIGKILL')).toBe(false);
      }
      expect(seen).toEqual([]);
      expect(signalProcess(pid, 'SIGKILL')).toBe(true);
      expect(seen).toEqual([pid]);
    } finally {
      proc._kill = realKill;
    }
    await ended;
  });

  it('a shell that cannot start (its folder is gone) ends as helper-not-found with the reason', async () => {
    const r = await runHelper(`echo ${CANARY}`, { timeoutMs: 5000, cwd: path.join(dir, 'no-such-folder') });
    expect(!r.ok && r.error.kind).toBe('helper-not-found');
    expect(!r.ok && r.error.message).toMatch(/could not be started \(ENOENT\)/);
  });

  it('a slow helper that prints one key succeeds, with its duration', async () => {
    const r = await runHelper(script('slow.sh', `sleep 0.3; echo ${CANARY}`), { timeoutMs: 5000 });
    expect(r.ok && r.key).toBe(CANARY);
    expect(r.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('a hanging helper is stopped at the timeout together with its grandchild', async () => {
    const pidFile = path.join(dir, `grandchild-${tag}.pid`);
    const started = Date.now();
    const r = await runHelper(script('hang.sh', `sh -c 'sleep 300' & echo $! > '${pidFile}'; sleep 300`), {
      timeoutMs: 700,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(!r.ok && r.error.kind).toBe('helper-timeout');
    const gpid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(gpid).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 100));
    expect(alive(gpid)).toBe(false);
  });

  it.each([
    ['banner.sh', `echo "Welcome to vault"; echo ${CANARY}`, 'helper-invalid-output'],
    ['empty.sh', 'exit 0', 'helper-empty'],
    ['blank.sh', 'echo', 'helper-empty'],
    ['spaces.sh', `echo "key ${CANARY}"`, 'helper-invalid-output'],
    ['big.sh', `head -c 20480 /dev/zero | tr '\\0' 'a'`, 'helper-too-long'],
    ['exit3.sh', `echo "vault: permission denied for ${CANARY}" >&2; exit 3`, 'helper-exit'],
    ['missing', '', 'helper-not-found'],
  ])('%s ends in its typed state, and the key never reaches the error text', async (name, body, kind) => {
    const cmd = name === 'missing' ? '/nonexistent/bin/get-key --profile x' : script(name, body);
    const r = await runHelper(cmd, { timeoutMs: 5000 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe(kind);
    const text = JSON.stringify(r.error.toJSON()) + r.error.message;
    expect(text).not.toContain(CANARY);
    if (kind === 'helper-exit') {
      expect(r.error.details.exitCode).toBe(3);
      expect(r.error.message).toMatch(/exited with code 3: “vault: permission denied for sk-ant-…cdef”\./);
    }
  });

  it('quitting the app stops a running helper and its grandchild at once', async () => {
    const pidFile = path.join(dir, `quit-grandchild-${tag}.pid`);
    const started = Date.now();
    const run = runHelper(script('quit.sh', `sh -c 'sleep 300' & echo $! > '${pidFile}'; sleep 300`), {
      timeoutMs: 60_000,
    });
    while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').trim())
      await new Promise((r) => setTimeout(r, 10));
    expect(stopAllHelpers()).toBe(1);
    const r = await run;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(!r.ok && r.error.kind).toBe('helper-exit');
    await new Promise((res) => setTimeout(res, 100));
    expect(alive(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('one trailing newline (or CRLF) is fine', async () => {
    const r = await runHelper(script('crlf.sh', `printf '%s\\r\\n' ${CANARY}`), { timeoutMs: 5000 });
    expect(r.ok && r.key).toBe(CANARY);
  });

  it("runs with the user's environment", async () => {
    const r = await runHelper('printf %s "$MY_VAULT_TOKEN"', {
      env: { ...process.env, MY_VAULT_TOKEN: 'from-env-123456789' },
    });
    expect(r.ok && r.key).toBe('from-env-123456789');
  });
});
