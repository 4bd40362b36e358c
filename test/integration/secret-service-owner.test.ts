/**
 * The plain-session fast path (secret-service-read.ts) talks only to gnome-keyring-daemon. Here the
 * Secret Service on the session bus is another program (a node process, test/support/
 * fake-secret-service.cjs, that would hand any secret over a plain session, as a provider that asks
 * its user per access might after asking): the fast path must never open a plain session with it nor
 * ask it for a secret or send it one, and leaves the answer to the native module (its own encrypted
 * session, which this fake declines: that read fails, which is fine here).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isGnomeKeyringDaemon,
  plainSessionsOpened,
  readSecretServiceItem,
  readSecretServiceItems,
  secretServiceItemExists,
  writeSecretServiceItem,
} from '../../main/core/secret-service-read';
import { SecretServiceSession } from '../../main/core/secret-service-session';
import { KeyringSecretStore } from '../../main/core/vault';

const CANARY = 'sk-ant-api03-NOT-GNOME-KEYRING-canary';
const SERVICE = 'claude-auth-tray-owner-test';

let child: ChildProcess;
let env: NodeJS.ProcessEnv;
let log = '';
let saved: string | undefined;
const calls = (): { member: string; algorithm?: string }[] =>
  log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { member: string; algorithm?: string });
/**
 * The fake's log up to now: a marker call from another connection, answered after every call sent
 * before it (the bus delivers in order), then wait for its line.
 */
async function logged(): Promise<{ member: string; algorithm?: string }[]> {
  const marker = `Marker${Math.random().toString(36).slice(2, 8)}`;
  spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/', `org.example.Test.${marker}`],
    { env: { ...process.env, ...env }, timeout: 10_000 },
  );
  const until = Date.now() + 10_000;
  while (!log.includes(marker) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return calls();
}
const plainOrSecret = (): unknown[] =>
  calls().filter(
    (c) => (c.member === 'OpenSession' && c.algorithm === 'plain') || ['GetSecrets', 'SetSecret'].includes(c.member),
  );

beforeAll(async () => {
  child = spawn(
    'dbus-run-session',
    ['--', process.execPath, path.join(__dirname, '..', 'support', 'fake-secret-service.cjs'), CANARY],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' } },
  );
  const address = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the fake Secret Service did not start')), 15_000);
    child.stdout!.on('data', (b: Buffer) => {
      log += b.toString();
      const m = /READY (\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the fake Secret Service exited (${code})`)));
  });
  env = { DBUS_SESSION_BUS_ADDRESS: address };
  saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = address; // the native store in this process talks to the fake
});
afterAll(() => {
  if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
});

describe('the plain fast path with a Secret Service that is not gnome-keyring', () => {
  it('is a Secret Service that hands a secret to any plain read (so the tests below can fail)', async () => {
    const send = (...args: string[]): string =>
      spawnSync(
        'dbus-send',
        ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', ...args],
        { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10_000 },
      ).stdout;
    const session = /object path "([^"]+)"/.exec(
      send('org.freedesktop.Secret.Service.OpenSession', 'string:plain', 'variant:string:'),
    )?.[1];
    expect(session).toBeDefined();
    const item = /object path "([^"]+)"/.exec(
      send('org.freedesktop.Secret.Service.SearchItems', `dict:string:string:service,${SERVICE},username,a`),
    )?.[1];
    expect(item).toBeDefined();
    const reply = send('org.freedesktop.Secret.Service.GetSecrets', `array:objpath:${item}`, `objpath:${session}`);
    expect(reply).toContain(CANARY);
    await logged();
    log = log.replace(/^\{.*\n/gm, ''); // those calls were the test's own
  });

  it('opens no plain session and asks for no secret: no answer, the native module is asked', async () => {
    const opened = plainSessionsOpened.count;
    expect(await readSecretServiceItem(SERVICE, 'a', env)).toBeUndefined();
    expect(await readSecretServiceItems(SERVICE, ['a', 'b', 'c'], env)).toBeUndefined();
    // Not even a search reaches it (a provider may prompt to unlock for one): only the marker.
    expect((await logged()).map((c) => c.member)).toEqual([expect.stringMatching(/^Marker/)]);
    expect(plainOrSecret()).toEqual([]);
    expect(plainSessionsOpened.count).toBe(opened);
  });

  it("`use`'s existence search, sent before the owner is known, carries nothing secret and its answer is not taken", async () => {
    const opened = plainSessionsOpened.count;
    const before = calls().length;
    // The fake has an item for `a` and answers the search: still no answer, since its owner is not gnome-keyring.
    expect(await secretServiceItemExists(SERVICE, 'a', env)).toBeUndefined();
    const reached = (await logged()).slice(before).map((c) => c.member);
    expect(reached).toEqual(['SearchItems', expect.stringMatching(/^Marker/)]);
    expect(plainOrSecret()).toEqual([]);
    expect(plainSessionsOpened.count).toBe(opened);
    log = log.replace(/^\{.*\n/gm, ''); // the tests below count searches of their own
  });

  it('sends it no secret either: the write is left to the native module', async () => {
    expect(await writeSecretServiceItem(SERVICE, 'a', 'sk-ant-api03-WRITE-canary', env)).toBe(false);
    await logged();
    expect(plainOrSecret()).toEqual([]);
  });

  it("the helper's one session per process (secret-service-session.ts) sends it nothing either", async () => {
    const opened = plainSessionsOpened.count;
    const session = new SecretServiceSession(env);
    try {
      expect(await session.read(SERVICE, 'a')).toBeUndefined();
      expect(await session.read(SERVICE, 'b')).toBeUndefined();
      expect(await session.write(SERVICE, 'a', 'sk-ant-api03-SESSION-WRITE-canary')).toBe(false);
    } finally {
      session.close();
    }
    const before = calls().length;
    expect((await logged()).slice(before).map((c) => c.member)).toEqual([expect.stringMatching(/^Marker/)]);
    expect(plainOrSecret()).toEqual([]);
    expect(calls().some((c) => c.member === 'SearchItems')).toBe(false);
    expect(plainSessionsOpened.count).toBe(opened);
  });

  it('the vault falls back to the native module, which asks for its encrypted session', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const before = calls().length;
    const got = await store.getQuick('a').then(
      (v) => v,
      () => 'failed',
    );
    expect(got).not.toBe(CANARY);
    const later = (await logged()).slice(before);
    expect(later.some((c) => c.member === 'OpenSession' && c.algorithm && c.algorithm !== 'plain')).toBe(true);
    expect(plainOrSecret()).toEqual([]);
  });
});

describe('which process is gnome-keyring-daemon', () => {
  const proc = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-proc-'));
  afterAll(() => fs.rmSync(proc, { recursive: true, force: true }));
  const fakeProc = (pid: number, p: { exe?: string; comm?: string; argv?: string[] }): number => {
    fs.mkdirSync(path.join(proc, String(pid)));
    if (p.exe) fs.symlinkSync(p.exe, path.join(proc, String(pid), 'exe'));
    if (p.comm !== undefined) fs.writeFileSync(path.join(proc, String(pid), 'comm'), `${p.comm}\n`);
    if (p.argv) fs.writeFileSync(path.join(proc, String(pid), 'cmdline'), `${p.argv.join('\0')}\0`);
    return pid;
  };

  it('decides by the executable when it can be read', () => {
    expect(isGnomeKeyringDaemon(fakeProc(10, { exe: '/usr/bin/gnome-keyring-daemon' }), proc)).toBe(true);
    expect(isGnomeKeyringDaemon(fakeProc(11, { exe: '/usr/bin/gnome-keyring-daemon (deleted)' }), proc)).toBe(true);
    expect(isGnomeKeyringDaemon(fakeProc(12, { exe: '/usr/bin/keepassxc' }), proc)).toBe(false);
    expect(isGnomeKeyringDaemon(fakeProc(13, { exe: '/usr/bin/ksecretd' }), proc)).toBe(false);
    // A readable executable wins over the name a process gives itself.
    const named = fakeProc(14, {
      exe: '/usr/bin/node',
      comm: 'gnome-keyring-d',
      argv: ['/usr/bin/gnome-keyring-daemon'],
    });
    expect(isGnomeKeyringDaemon(named, proc)).toBe(false);
  });

  it('when the executable is unreadable (a non-dumpable daemon), by comm and argv[0] together', () => {
    const gkr = fakeProc(20, { comm: 'gnome-keyring-d', argv: ['/usr/bin/gnome-keyring-daemon', '--start'] });
    expect(isGnomeKeyringDaemon(gkr, proc)).toBe(true);
    expect(isGnomeKeyringDaemon(fakeProc(21, { comm: 'gnome-keyring-d', argv: ['gnome-keyring-dummy'] }), proc)).toBe(
      false,
    );
    expect(
      isGnomeKeyringDaemon(fakeProc(22, { comm: 'keepassxc', argv: ['/usr/bin/gnome-keyring-daemon'] }), proc),
    ).toBe(false);
    expect(isGnomeKeyringDaemon(fakeProc(23, {}), proc)).toBe(false);
    expect(isGnomeKeyringDaemon(99, proc)).toBe(false); // no such process
    expect(isGnomeKeyringDaemon(0, proc)).toBe(false);
  });

  // The real case behind the fallback: a daemon installed with cap_ipc_lock (as Debian does) is not
  // dumpable, and its own (non-root) user cannot read its exe link. Needs root to set that up here.
  const root = process.getuid?.() === 0 && spawnSync('setcap', ['-v', 'x', '/dev/null']).error === undefined;
  it.runIf(root)('a non-dumpable daemon (file capability), seen by its own non-root user', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-cap-'));
    try {
      fs.chmodSync(dir, 0o755);
      const { buildSync } = await import('esbuild');
      const bundle = path.join(dir, 'ssr.cjs');
      buildSync({
        entryPoints: [path.join(__dirname, '..', '..', 'main', 'core', 'secret-service-read.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: bundle,
        logLevel: 'silent',
      });
      const gkr = path.join(dir, 'gnome-keyring-daemon');
      const other = path.join(dir, 'keepassxc');
      fs.copyFileSync('/usr/bin/sleep', gkr);
      fs.copyFileSync('/usr/bin/sleep', other);
      fs.chmodSync(gkr, 0o755);
      fs.chmodSync(other, 0o755);
      for (const f of [gkr, other]) expect(spawnSync('setcap', ['cap_ipc_lock+ep', f]).status).toBe(0);
      const script = [
        `${gkr} 30 & a=$!; ${other} 30 & b=$!; sleep 0.3`,
        'readlink /proc/$a/exe >/dev/null 2>&1 && echo exe-readable || echo exe-unreadable',
        `${JSON.stringify(process.execPath)} -e 'const m=require(process.argv[1]);` +
          `console.log(m.isGnomeKeyringDaemon(+process.argv[2]), m.isGnomeKeyringDaemon(+process.argv[3]))' ${bundle} $a $b`,
        'kill $a $b',
      ].join('\n');
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.stdout.trim().split('\n'), r.stderr).toEqual(['exe-unreadable', 'true false']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('this test process is not it', () => {
    expect(isGnomeKeyringDaemon(process.pid)).toBe(false);
  });
});
