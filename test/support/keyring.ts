import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PrivateKeyring {
  /** Environment for child processes that must use this keyring. */
  readonly env: NodeJS.ProcessEnv;
  /** Locks the login collection (Secret Service Lock), as a screen lock or a timeout would. */
  lock(): void;
  stop(): Promise<void>;
}

/**
 * Starts a private D-Bus session with a fresh, unlocked gnome-keyring Secret Service (DEVELOPERS.md:
 * always a fresh data dir, or the keyring comes up locked). Stop it with stop().
 */
export async function startKeyring(opts: { locked?: boolean } = {}): Promise<PrivateKeyring> {
  // `--unlock` returns before the daemon has its login collection unlocked as the default one, and
  // now and then (≈1 start in 50 here) it never unlocks it: every write of the test file then failed
  // with "no default keyring" or "a locked collection". Wait for it; start afresh when it does not come.
  for (let attempt = 1; ; attempt++) {
    const kr = await startOnce(opts);
    if (opts.locked || (await unlockedDefault(kr.env, 5_000))) return kr;
    await kr.stop();
    if (attempt === 3) throw new Error('gnome-keyring did not unlock its login collection (3 starts)');
  }
}

/** Whether the default collection is there and unlocked, within ms. */
async function unlockedDefault(env: NodeJS.ProcessEnv, ms: number): Promise<boolean> {
  const ask = (...args: string[]): string =>
    spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 10_000,
    }).stdout;
  const until = Date.now() + ms;
  for (;;) {
    const alias = ask('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default');
    const collection = /object path "(\/org\/freedesktop\/secrets\/collection\/[^"]+)"/.exec(alias)?.[1];
    const locked =
      collection &&
      ask(
        collection,
        'org.freedesktop.DBus.Properties.Get',
        'string:org.freedesktop.Secret.Collection',
        'string:Locked',
      );
    if (locked && /boolean false/.test(locked)) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startOnce(opts: { locked?: boolean }): Promise<PrivateKeyring> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-kr-'));
  const data = path.join(dir, 'data');
  const run = path.join(dir, 'run');
  fs.mkdirSync(data);
  fs.mkdirSync(run, { mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const script = [
    'set -e',
    `export XDG_DATA_HOME='${data}' XDG_RUNTIME_DIR='${run}'`,
    // Locked: started without a password, so there is no unlocked default keyring to write to.
    opts.locked
      ? 'eval "$(gnome-keyring-daemon --start --components=secrets </dev/null)"'
      : 'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"',
    'echo "READY $DBUS_SESSION_BUS_ADDRESS"',
    'exec sleep 100000',
  ].join('\n');
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'bash', '-c', script], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' },
  });
  const address = await new Promise<string>((resolve, reject) => {
    let outText = '';
    let errText = '';
    const t = setTimeout(() => reject(new Error(`keyring did not start: ${errText}`)), 15_000);
    child.stdout?.on('data', (b: Buffer) => {
      outText += b.toString();
      const m = /READY (\S+)/.exec(outText);
      if (m?.[1]) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (b: Buffer) => (errText += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`keyring exited (${code}): ${errText}`));
    });
  });
  child.removeAllListeners('exit');
  const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: run };
  return {
    env,
    lock() {
      // dbus-send ships with dbus itself (unlike gdbus); `secret-tool lock` crashes on this daemon.
      const r = spawnSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.secrets',
          '/org/freedesktop/secrets',
          'org.freedesktop.Secret.Service.Lock',
          'array:objpath:/org/freedesktop/secrets/collection/login',
        ],
        { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10_000 },
      );
      if (r.status !== 0) throw new Error(`could not lock the keyring: ${r.stderr}`);
    },
    async stop() {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // gone
        }
      }
      await new Promise((r) => setTimeout(r, 50));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
