/**
 * Issue 16, "one keychain session per process": the api-key helper keeps one Secret Service connection
 * for its whole run (secret-service-session.ts). Its answers are those of the one-conversation
 * functions (secret-service-read.test.ts); here: the same answers over one connection, and the built
 * helper's cold path (the keychain path: read, read under the lock, write; a due refresh by its stamp:
 * a search under the lock, write) on one connection instead of three. Real
 * gnome-keyring; the connections are counted in the helper process (test/support/bus-connections.cjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainSessionsOpened } from '../../main/core/secret-service-read';
import { SecretServiceSession } from '../../main/core/secret-service-session';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, cli, filesContaining, ROOT, sandbox, type Sandbox } from '../support/cli';
import { startKeyring } from '../support/keyring';
import { keyringInProcess } from '../support/keyring-in-process';
import { waitFor } from '../support/wait';

const SERVICE = 'claude-auth-tray-session-test';
const rand = (): string => Math.random().toString(36).slice(2, 8);

const kr = keyringInProcess();

describe('one Secret Service session for a whole process', () => {
  it('reads, reads again and writes on one connection, with the one-conversation answers', async () => {
    const native = new KeyringSecretStore(SERVICE);
    const a = `a-${rand()}`;
    const json = JSON.stringify({ v: 1, key: 'sk-ant-api03-SESSION-canary', note: 'Grüße ✓' });
    native.set(a, json);
    const opened = plainSessionsOpened.count;
    const s = new SecretServiceSession(kr.env);
    try {
      expect(await s.read(SERVICE, a)).toBe(json);
      expect(await s.read(SERVICE, a)).toBe(json);
      expect(await s.read(SERVICE, `absent-${rand()}`)).toBeUndefined();
      expect(await s.write(SERVICE, a, 'sk-ant-api03-WRITTEN-canary')).toBe(true);
      expect(native.get(a)).toBe('sk-ant-api03-WRITTEN-canary'); // the native module reads what was written
      expect(await s.read(SERVICE, a)).toBe('sk-ant-api03-WRITTEN-canary');
      const b = `b-${rand()}`;
      expect(await s.write(SERVICE, b, 'sk-ant-api03-NEW-canary')).toBe(false); // absent: nothing created
      expect(native.get(b)).toBeUndefined();
    } finally {
      s.close();
    }
    expect(plainSessionsOpened.count).toBe(opened + 1);
    native.delete(a);
  });

  it('the vault over one session: getQuick and setQuick as before, a new item left to the native module', async () => {
    const s = new SecretServiceSession(kr.env);
    const store = new KeyringSecretStore(SERVICE, 'linux', s);
    const a = `v-${rand()}`;
    try {
      await store.setQuick(a, 'sk-ant-api03-CREATED-canary'); // absent: the native set creates it
      expect(await store.getQuick(a)).toBe('sk-ant-api03-CREATED-canary');
      await store.setQuick(a, 'sk-ant-api03-REPLACED-canary');
      expect(store.get(a)).toBe('sk-ant-api03-REPLACED-canary');
      expect(await store.getQuick(`absent-${rand()}`)).toBeUndefined();
    } finally {
      s.close();
    }
    store.delete(a);
  });

  it('two matching items, a locked keyring, no bus: no answer and nothing written (the native module speaks)', async () => {
    const a = `dup-${rand()}`;
    const native = new KeyringSecretStore(SERVICE);
    native.set(a, 'sk-ant-api03-FIRST-canary');
    spawnSync('secret-tool', ['store', '--label', 'x', 'service', SERVICE, 'username', a, 'extra', '1'], {
      env: { ...process.env, ...kr.env },
      input: 'sk-ant-api03-SECOND-canary',
    });
    const s = new SecretServiceSession(kr.env);
    expect(await s.read(SERVICE, a)).toBeUndefined();
    expect(await s.write(SERVICE, a, 'sk-ant-api03-NOPE-canary')).toBe(false);
    s.close();
    spawnSync('secret-tool', ['clear', 'service', SERVICE, 'username', a], { env: { ...process.env, ...kr.env } });

    const none = new SecretServiceSession({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(await none.read(SERVICE, a)).toBeUndefined();
    expect(await none.write(SERVICE, a, 'sk-ant-api03-NOPE-canary')).toBe(false);
    none.close();

    const own = await startKeyring();
    const env = { DBUS_SESSION_BUS_ADDRESS: own.env.DBUS_SESSION_BUS_ADDRESS };
    const l = new SecretServiceSession(env);
    try {
      spawnSync('secret-tool', ['store', '--label', 'x', 'service', SERVICE, 'username', a], {
        env: { ...process.env, ...env },
        input: 'sk-ant-api03-OWN-canary',
      });
      expect(await l.read(SERVICE, a)).toBe('sk-ant-api03-OWN-canary');
      own.lock(); // locked while the session is open: the next search says so
      expect(await l.read(SERVICE, a)).toBeUndefined();
      expect(await l.write(SERVICE, a, 'sk-ant-api03-NOPE-canary')).toBe(false);
    } finally {
      l.close();
      await own.stop();
    }
  });
});

/**
 * The Secret Service calls made while fn runs, as dbus-monitor on the private bus sees them (members of
 * method calls to anyone but the bus itself, in order).
 */
async function secretCalls(env: NodeJS.ProcessEnv, fn: () => Promise<void>): Promise<string[]> {
  const mon = spawn('dbus-monitor', ['--session'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  mon.stdout.on('data', (b: Buffer) => (out += b.toString()));
  try {
    await waitFor(() => out.includes('member=NameAcquired'));
    await fn();
    // The monitor prints what it saw a moment later: a marker call of our own ends the list.
    spawnSync('dbus-send', ['--session', '--dest=org.freedesktop.DBus', '/', 'org.example.End.Marker'], {
      env: { ...process.env, ...env },
    });
    await waitFor(() => out.includes('member=Marker'));
  } finally {
    mon.kill();
  }
  return [...out.matchAll(/method call .*?destination=(\S+) .*?member=(\w+)/g)]
    .filter((m) => m[1] !== 'org.freedesktop.DBus' && m[2] !== 'Marker')
    .map((m) => m[2]!);
}

describe('searches spent sparingly (issue 16: the helper cold path)', () => {
  it('find() then write(): one search, no GetSecrets, the item the search found replaced', async () => {
    const native = new KeyringSecretStore(SERVICE);
    const a = `f-${rand()}`;
    native.set(a, 'sk-ant-api03-OLD-canary');
    const s = new SecretServiceSession(kr.env);
    try {
      const calls = await secretCalls(kr.env, async () => {
        expect(await s.find(SERVICE, a)).toBe(true);
        expect(await s.write(SERVICE, a, 'sk-ant-api03-FOUND-canary')).toBe(true);
      });
      expect(calls).toEqual(['OpenSession', 'SearchItems', 'SetSecret']);
    } finally {
      s.close();
    }
    expect(native.get(a)).toBe('sk-ant-api03-FOUND-canary');
    native.delete(a);
  });

  it('find() then reads: the first read asks for the secret of what find() found, a read again searches again, a write uses the latest search', async () => {
    const native = new KeyringSecretStore(SERVICE);
    const a = `r-${rand()}`;
    native.set(a, 'sk-ant-api03-READ-canary');
    const s = new SecretServiceSession(kr.env);
    try {
      const calls = await secretCalls(kr.env, async () => {
        void s.find(SERVICE, a);
        expect(await s.read(SERVICE, a)).toBe('sk-ant-api03-READ-canary');
        expect(await s.read(SERVICE, a)).toBe('sk-ant-api03-READ-canary');
        expect(await s.write(SERVICE, a, 'sk-ant-api03-AFTER-canary')).toBe(true);
      });
      expect(calls).toEqual(['OpenSession', 'SearchItems', 'GetSecrets', 'SearchItems', 'GetSecrets', 'SetSecret']);
    } finally {
      s.close();
    }
    expect(native.get(a)).toBe('sk-ant-api03-AFTER-canary');
    native.delete(a);
  });

  it('an item removed after its search: the write sends its SetSecret, gets an error, and the vault stores it natively', async () => {
    const native = new KeyringSecretStore(SERVICE);
    const a = `g-${rand()}`;
    native.set(a, 'sk-ant-api03-GONE-canary');
    const s = new SecretServiceSession(kr.env);
    expect(await s.find(SERVICE, a)).toBe(true);
    native.delete(a);
    expect(await s.write(SERVICE, a, 'sk-ant-api03-LOST-canary')).toBe(false); // nothing written there
    s.close();
    expect(native.get(a)).toBeUndefined();

    const s2 = new SecretServiceSession(kr.env);
    const store = new KeyringSecretStore(SERVICE, 'linux', s2);
    native.set(a, 'sk-ant-api03-GONE-canary');
    try {
      expect(await s2.find(SERVICE, a)).toBe(true);
      native.delete(a);
      await store.setQuick(a, 'sk-ant-api03-STORED-canary'); // as after a search that finds nothing
    } finally {
      s2.close();
    }
    expect(native.get(a)).toBe('sk-ant-api03-STORED-canary');
    native.delete(a);
  });

  it('find() of an absent item: false, and a write after it leaves the item to the native module', async () => {
    const s = new SecretServiceSession(kr.env);
    const a = `n-${rand()}`;
    try {
      expect(await s.find(SERVICE, a)).toBe(false);
      expect(await s.write(SERVICE, a, 'sk-ant-api03-NONE-canary')).toBe(false);
    } finally {
      s.close();
    }
    expect(new KeyringSecretStore(SERVICE).get(a)).toBeUndefined();
    const none = new SecretServiceSession({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(await none.find(SERVICE, a)).toBe(false);
    expect(await none.write(SERVICE, a, 'sk-ant-api03-NONE-canary')).toBe(false);
    none.close();
  });
});

describe('the built helper: one connection to the bus per run', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let counts = '';
  const KEY = canaryKey('SESSIONHELPER');
  const connections = (): string[] => fs.readFileSync(counts, 'utf8').trim().split('\n');
  beforeAll(() => {
    sb = sandbox();
    counts = path.join(sb.home, 'connections');
    env = {
      ...sb.env,
      ...kr.env,
      NODE_OPTIONS: `${sb.env.NODE_OPTIONS ?? ''} --require ${path.join(ROOT, 'test', 'support', 'bus-connections.cjs')}`,
      BUS_CONNECTIONS_OUT: counts,
    };
  });
  afterAll(() => sb.cleanup());

  it('cold (TTL expired: read, read under the lock, write the new key), warm and an API key: one each', () => {
    // The command prints the key without holding it (profiles.json is searched for it below).
    const command = `printf '%s%s\\n' ${KEY.slice(0, 16)} ${KEY.slice(16)}`;
    const helper = cli(['add', 'api-key-helper', '--name', 'H', '--command', command], env).stdout.trim();
    const apiKey = cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], env, KEY).stdout.trim();
    expect(cli(['api-key', '--profile', helper], env).stdout).toBe(`${KEY}\n`); // the cache item exists now
    fs.rmSync(counts, { force: true });
    const cold = cli(['api-key', '--profile', helper], { ...env, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1' });
    expect(cold.stdout).toBe(`${KEY}\n`);
    expect(cold.code).toBe(0);
    const warm = cli(['api-key', '--profile', helper], env);
    expect(warm.stdout).toBe(`${KEY}\n`);
    const key = cli(['api-key', '--profile', apiKey], env);
    expect(key.stdout).toBe(`${KEY}\n`);
    // One connection each, and on Node 20 through the pipe handle, not node:net (whose first
    // connection alone cost the helper ≈ 6 ms of CPU; issue 16).
    const major = process.versions.node.split('.')[0];
    expect(connections()).toEqual(major === '20' ? ['1', '1', '1'] : ['1 net', '1 net', '1 net']);
    // The cold run wrote its cache to the keychain (read back natively), and nowhere else.
    expect(JSON.parse(new KeyringSecretStore().get(helper) ?? '{}')).toMatchObject({ v: 1, key: KEY });
    expect(filesContaining([sb.home], KEY)).toEqual([]);
    new KeyringSecretStore().delete(helper);
    new KeyringSecretStore().delete(apiKey);
  });

  it('a refresh its stamp says is due: the same key is read while the command runs and not written (no SetSecret); a new key is written; warm: one GetSecrets, nothing runs', async () => {
    // The command prints a prefix and the rest of the key from a file (no file holds the whole key).
    const rest = path.join(sb.home, 'rest');
    const runs = path.join(sb.home, 'runs');
    fs.writeFileSync(rest, KEY.slice(16));
    const command = `echo x >> '${runs}'; printf '%s%s\\n' ${KEY.slice(0, 16)} "$(cat '${rest}')"`;
    const ran = (): number => fs.readFileSync(runs, 'utf8').trim().split('\n').length;
    const helper = cli(['add', 'api-key-helper', '--name', 'D', '--command', command], env).stdout.trim();
    expect(cli(['api-key', '--profile', helper], env).stdout).toBe(`${KEY}\n`); // cached and stamped
    const before = ran();
    const cold = await secretCalls(kr.env, async () => {
      const r = cli(['api-key', '--profile', helper], { ...env, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1' });
      expect(r.stdout).toBe(`${KEY}\n`);
    });
    expect(cold).toEqual(['OpenSession', 'SearchItems', 'GetSecrets']);
    expect(ran()).toBe(before + 1);
    // Warm (the default TTL) right after: the confirmed key is served, the command does not run.
    const warm = await secretCalls(kr.env, async () => {
      expect(cli(['api-key', '--profile', helper], env).stdout).toBe(`${KEY}\n`);
    });
    expect(warm).toEqual(['OpenSession', 'SearchItems', 'GetSecrets']);
    expect(ran()).toBe(before + 1);
    // A new key: written (on the item the search found), then served warm.
    const NEW = canaryKey('SESSIONNEWKEY');
    fs.writeFileSync(rest, NEW.slice(16));
    const changed = await secretCalls(kr.env, async () => {
      const r = cli(['api-key', '--profile', helper], { ...env, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1' });
      expect(r.stdout).toBe(`${KEY.slice(0, 16)}${NEW.slice(16)}\n`);
    });
    expect(changed).toEqual(['OpenSession', 'SearchItems', 'GetSecrets', 'SetSecret']);
    expect(JSON.parse(new KeyringSecretStore().get(helper) ?? '{}')).toMatchObject({
      v: 1,
      key: `${KEY.slice(0, 16)}${NEW.slice(16)}`,
    });
    expect(filesContaining([sb.home], KEY)).toEqual([]);
    new KeyringSecretStore().delete(helper);
  });
});
