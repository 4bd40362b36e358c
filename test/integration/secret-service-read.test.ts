/**
 * Issue 16: the api-key helper reads its key straight from the Secret Service over D-Bus, without
 * the native module, but only when that read has a certain answer; anything else is left to
 * @napi-rs/keyring (its behaviour is pinned by keychain-backend.test.ts). Real gnome-keyring.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getSecretsCall,
  message,
  openingBatch,
  parseMessages,
  plainSessionsOpened,
  readSecretServiceItem,
  readSecretServiceItems,
  searchCall,
  secretServiceItemExists,
  TIMEOUT_MS,
  sessionBusPath,
  setSecretCall,
  useNetOnly,
  writeSecretServiceItem,
} from '../../main/core/secret-service-read';
import { bundleSupportScript } from '../support/bundle';
import { KeyringSecretStore } from '../../main/core/vault';
import { startKeyring } from '../support/keyring';
import { keyringInProcess } from '../support/keyring-in-process';
import { Body, standInBus, type Answer } from '../support/stand-in-bus';

const SERVICE = 'claude-auth-tray-ssr-test';
const rand = (): string => Math.random().toString(36).slice(2, 8);

const kr = keyringInProcess();

const read = (account: string, env: NodeJS.ProcessEnv = kr.env): Promise<string | undefined> =>
  readSecretServiceItem(SERVICE, account, env);

describe('the direct Secret Service read (issue 16)', () => {
  it('reads back exactly what the native module stored, UTF-8 included', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `a-${rand()}`;
    const b = `b-${rand()}`;
    const json = JSON.stringify({ v: 1, key: 'sk-ant-api03-CANARY', note: 'Grüße ✓ 日本' });
    store.set(a, 'sk-ant-api03-READBACK-canary');
    store.set(b, json);
    expect(await read(a)).toBe('sk-ant-api03-READBACK-canary');
    expect(await read(b)).toBe(json);
    // The vault's read takes this path with gnome-keyring (its one plain session), not the native one.
    const opened = plainSessionsOpened.count;
    expect(await store.getQuick(b)).toBe(json);
    expect(plainSessionsOpened.count).toBe(opened + 1);
    await store.readQuick([a, b]);
    expect(plainSessionsOpened.count).toBe(opened + 2);
    store.set(a, 'sk-ant-api03-CHANGED-canary');
    expect(await read(a)).toBe('sk-ant-api03-CHANGED-canary');
    store.delete(a);
    store.delete(b);
  });

  it('has no answer for an absent item, a name that differs only in case, or another service', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `case-${rand()}`;
    store.set(a, 'sk-ant-api03-CASE-canary');
    expect(await read(`absent-${rand()}`)).toBeUndefined();
    expect(await read(a.toUpperCase())).toBeUndefined();
    expect(await readSecretServiceItem(`${SERVICE}-other`, a, kr.env)).toBeUndefined();
    expect(await store.getQuick(`absent-${rand()}`)).toBeUndefined(); // the native answer: none
    store.delete(a);
  });

  it('leaves two matching items to the native module (its "ambiguous" error), never picking one', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `dup-${rand()}`;
    store.set(a, 'sk-ant-api03-FIRST-canary');
    const r = spawnSync('secret-tool', ['store', '--label', 'x', 'service', SERVICE, 'username', a, 'extra', '1'], {
      env: { ...process.env, ...kr.env },
      input: 'sk-ant-api03-SECOND-canary',
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(await read(a)).toBeUndefined();
    await expect(store.getQuick(a)).rejects.toThrow();
    spawnSync('secret-tool', ['clear', 'service', SERVICE, 'username', a], { env: { ...process.env, ...kr.env } });
  });

  it('has no answer without a reachable bus, or with the keyring locked (the native module then speaks)', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `lock-${rand()}`;
    store.set(a, 'sk-ant-api03-LOCKED-canary');
    expect(await read(a, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' })).toBeUndefined();
    expect(await read(a, {})).toBeUndefined();
    const own = await startKeyring();
    try {
      const env = { DBUS_SESSION_BUS_ADDRESS: own.env.DBUS_SESSION_BUS_ADDRESS };
      const t = Date.now();
      spawnSync('secret-tool', ['store', '--label', 'x', 'service', SERVICE, 'username', a], {
        env: { ...process.env, ...env },
        input: 'sk-ant-api03-OWN-canary',
      });
      expect(await read(a, env)).toBe('sk-ant-api03-OWN-canary');
      own.lock();
      expect(await read(a, env)).toBeUndefined();
      expect(await readSecretServiceItems(SERVICE, [a, 'other'], env)).toBeUndefined();
      expect(await writeSecretServiceItem(SERVICE, a, 'sk-ant-api03-NOPE-canary', env)).toBe(false);
      expect(Date.now() - t).toBeLessThan(10_000); // no wait for a prompt
    } finally {
      await own.stop();
    }
    store.delete(a);
  });

  it('reads many accounts in one conversation: the ones present, none of the absent, each its own', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const ids = Array.from({ length: 60 }, (_, i) => `many-${i}-${rand()}`);
    ids.forEach((id, i) => i % 3 !== 2 && store.set(id, `sk-ant-api03-MANY${i}-canary`));
    const got = await readSecretServiceItems(SERVICE, ids, kr.env);
    expect(got).toBeDefined();
    expect(new Map(got)).toEqual(
      new Map(ids.flatMap((id, i) => (i % 3 !== 2 ? [[id, `sk-ant-api03-MANY${i}-canary`] as const] : []))),
    );
    expect(await store.readQuick(ids)).toEqual(got);
    // The same answer the native listing gives for these accounts.
    const all = store.readAll();
    for (const id of ids) expect(got!.get(id)).toBe(all.get(id));
    // One ambiguous account: no answer for any of them.
    const dup = ids[0]!;
    spawnSync('secret-tool', ['store', '--label', 'x', 'service', SERVICE, 'username', dup, 'extra', '2'], {
      env: { ...process.env, ...kr.env },
      input: 'sk-ant-api03-DUP-canary',
    });
    expect(await readSecretServiceItems(SERVICE, ids, kr.env)).toBeUndefined();
    spawnSync('secret-tool', ['clear', 'service', SERVICE, 'username', dup], { env: { ...process.env, ...kr.env } });
    for (const id of ids) store.delete(id);
    expect(await readSecretServiceItems(SERVICE, ids, kr.env)).toEqual(new Map());
  });

  it('replaces the secret of an existing item as the native module does, and leaves a new item to it', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `w-${rand()}`;
    const env = { ...process.env, ...kr.env };
    const search = (): string =>
      spawnSync('secret-tool', ['search', '--all', 'service', SERVICE, 'username', a], {
        env,
        encoding: 'utf8',
      })
        .stdout.replace(/^(secret|modified|created) = .*$/gm, '')
        // The generic schema is what an item without one means: gnome-keyring reports it once it has
        // read the item back from its file, which under load may happen between the two searches
        // (a fresh-clone CI run, session 6). Any other schema still shows.
        .replace(/^schema = org\.freedesktop\.Secret\.Generic$/gm, '')
        // secret-tool prints attributes in hash order, which may change when the item is rewritten.
        // Blank lines (what the replacements above leave) say nothing: an extra one from the generic
        // schema made the two listings differ (a fresh-clone CI run, session 7).
        .split('\n')
        .filter((l) => l !== '')
        .sort()
        .join('\n');
    expect(await writeSecretServiceItem(SERVICE, a, 'sk-ant-api03-NEW-canary', kr.env)).toBe(false);
    expect(store.get(a)).toBeUndefined(); // nothing created
    store.set(a, 'sk-ant-api03-OLD-canary');
    const before = search();
    const json = JSON.stringify({ v: 1, key: 'sk-ant-api03-NEW-canary', note: 'ü✓' });
    expect(await writeSecretServiceItem(SERVICE, a, json, kr.env)).toBe(true);
    expect(store.get(a)).toBe(json); // the native module reads what was written
    expect(search()).toBe(before); // same item: label, attributes, schema
    await store.setQuick(a, 'sk-ant-api03-THIRD-canary');
    expect(store.get(a)).toBe('sk-ant-api03-THIRD-canary');
    const b = `w2-${rand()}`;
    await store.setQuick(b, 'sk-ant-api03-CREATED-canary'); // absent: the native module creates it
    expect(store.get(b)).toBe('sk-ant-api03-CREATED-canary');
    store.delete(a);
    store.delete(b);
  });

  it('`use` only asks whether a key is there: searched, no session opened, the secret never on the bus', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `has-${rand()}`;
    store.set(a, 'sk-ant-api03-PRESENT-canary');
    const opened = plainSessionsOpened.count;
    expect(await secretServiceItemExists(SERVICE, a, kr.env)).toBe(true);
    expect(await store.hasQuick(a)).toBe(true);
    expect(plainSessionsOpened.count).toBe(opened);
    // No certain answer (absent, another service, no bus): the native module decides.
    expect(await secretServiceItemExists(SERVICE, `absent-${rand()}`, kr.env)).toBeUndefined();
    expect(await secretServiceItemExists(`${SERVICE}-other`, a, kr.env)).toBeUndefined();
    expect(
      await secretServiceItemExists(SERVICE, a, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }),
    ).toBeUndefined();
    expect(await store.hasQuick(`absent-${rand()}`)).toBe(false);
    store.delete(a);
    expect(await store.hasQuick(a)).toBe(false);
  });

  it('sends the existence search with the first batch, and takes its answer only from the owner it then checked', async () => {
    // This session's real gnome-keyring-daemon: the owner check accepts its pid.
    const pid = Number(
      /uint32 (\d+)/.exec(
        spawnSync(
          'dbus-send',
          [
            '--session',
            '--print-reply',
            '--dest=org.freedesktop.DBus',
            '/org/freedesktop/DBus',
            'org.freedesktop.DBus.GetConnectionUnixProcessID',
            'string:org.freedesktop.secrets',
          ],
          { env: { ...process.env, ...kr.env }, encoding: 'utf8', timeout: 10_000 },
        ).stdout,
      )?.[1],
    );
    expect(pid).toBeGreaterThan(0);
    const owner = ':1.5';
    const ask = async (searchAnsweredBy: string) => {
      const bus = await standInBus((c): Answer | undefined => {
        const fromBus = (signature: string, body: Body): Answer => ({
          sender: 'org.freedesktop.DBus',
          signature,
          body: body.done(),
        });
        if (c.member === 'Hello') return fromBus('s', new Body().str(':1.9'));
        if (c.member === 'GetNameOwner') return fromBus('s', new Body().str(owner));
        if (c.member === 'GetConnectionUnixProcessID') return fromBus('u', new Body().u32(pid));
        if (c.member !== 'SearchItems') return undefined;
        // One unlocked item, as gnome-keyring answers, stamped by the bus with who answered.
        const items = new Body().paths(['/org/freedesktop/secrets/collection/login/7']).paths([]);
        return { sender: searchAnsweredBy, signature: 'aoao', body: items.done() };
      });
      try {
        return { answer: await secretServiceItemExists(SERVICE, 'k', bus.env), calls: bus.calls };
      } finally {
        bus.close();
      }
    };
    // Answered by the checked owner: the item is there.
    expect((await ask(owner)).answer).toBe(true);
    // Answered by another connection (the name changed owner between the check and the search): no answer.
    const other = await ask(':1.6');
    expect(other.answer).toBeUndefined();
    // Only the bus's questions and the search, all in the first batch (serials 1–5), the search to the
    // well-known name without starting a service; no session, no secret.
    expect(other.calls.map((c) => [c.serial, c.member, c.destination, c.flags])).toEqual([
      [1, 'Hello', 'org.freedesktop.DBus', 0],
      [2, 'GetNameOwner', 'org.freedesktop.DBus', 0],
      [3, 'GetConnectionUnixProcessID', 'org.freedesktop.DBus', 0],
      [4, 'GetNameOwner', 'org.freedesktop.DBus', 0],
      [5, 'SearchItems', 'org.freedesktop.secrets', 2],
    ]);
  });

  it('gives no answer from a bus that never answers: the conversation ends at its timeout', async () => {
    const bus = await standInBus((): Answer | undefined => undefined);
    try {
      const t0 = Date.now();
      expect(await secretServiceItemExists(SERVICE, 'k', bus.env)).toBeUndefined();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(bus.calls.map((c) => c.member)).toContain('SearchItems');
    } finally {
      bus.close();
    }
  }, 20_000);

  it('talks to the bus without node:net on Node 20 (its start-up cost more than the conversation), with the same answers through net', async () => {
    const store = new KeyringSecretStore(SERVICE);
    const a = `sock-${rand()}`;
    store.set(a, 'sk-ant-api03-SOCKET-canary');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-ssr-'));
    try {
      const probe = await bundleSupportScript('ssr-probe', dir);
      const r = spawnSync(process.execPath, [probe, SERVICE, a], {
        env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: kr.env.DBUS_SESSION_BUS_ADDRESS },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe(''); // no deprecation warning either
      const major = process.versions.node.split('.')[0];
      expect(JSON.parse(r.stdout)).toEqual({ exists: true, read: true, net: major !== '20' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The fallback (another Node, Electron): the same answers through node:net.
    useNetOnly(true);
    try {
      expect(await secretServiceItemExists(SERVICE, a, kr.env)).toBe(true);
      expect(await read(a)).toBe('sk-ant-api03-SOCKET-canary');
      expect(await secretServiceItemExists(SERVICE, `absent-${rand()}`, kr.env)).toBeUndefined();
    } finally {
      useNetOnly(false);
    }
    store.delete(a);
  });

  it('writes its messages byte for byte as it reads them back: strings in UTF-8, arrays with their length', () => {
    const m = message(7, {
      path: '/org/freedesktop/secrets',
      iface: 'org.freedesktop.Secret.Service',
      member: 'SearchItems',
      dest: ':1.5',
      signature: 'sas',
      body: (w) => {
        w.str('Grüße ✓ 日本');
        const end = w.arrayStart(4);
        for (const x of ['a', 'ü']) w.str(x);
        end();
      },
    });
    const { messages, rest } = parseMessages(m);
    expect(rest.length).toBe(0);
    expect(messages).toHaveLength(1);
    const [r] = messages;
    expect([r!.type, r!.signature]).toEqual([1, 'sas']);
    expect(r!.body.str()).toBe('Grüße ✓ 日本');
    expect(r!.body.paths()).toEqual(['a', 'ü']); // an array of strings, read as ao reads it
    expect(m.readUInt32LE(8)).toBe(7); // the serial
  });

  it('finds the bus in the address forms D-Bus uses', () => {
    expect(sessionBusPath({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1/bus' })).toBe('/run/user/1/bus');
    expect(sessionBusPath({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/a%2cb,guid=00' })).toBe('/tmp/a,b');
    expect(sessionBusPath({ DBUS_SESSION_BUS_ADDRESS: 'unix:abstract=/tmp/dbus-x,guid=1' })).toBe('\0/tmp/dbus-x');
    expect(sessionBusPath({ DBUS_SESSION_BUS_ADDRESS: 'tcp:host=h,port=1;unix:path=/b' })).toBe('/b');
    expect(sessionBusPath({ DBUS_SESSION_BUS_ADDRESS: 'tcp:host=h,port=1' })).toBeUndefined();
    expect(sessionBusPath({})).toBeUndefined();
  });
});

/**
 * The writer's bytes, golden: the hex below was made by main's writer (before issue 16's string-built
 * messages; main:main/core/secret-service-read.ts bundled with esbuild) for the same calls. The branch's
 * writer was claimed byte-identical: any change to a header field, padding, alignment or UTF-8 length
 * shows here, not only in what a reader (our own parser) accepts.
 */
describe('the D-Bus writer, byte for byte as the writer before issue 16', () => {
  const dest = ':1.42';
  const hex = (b: Buffer): string => b.toString('hex');

  it('openingBatch(1000): AUTH EXTERNAL, BEGIN, Hello, GetNameOwner, GetConnectionUnixProcessID, GetNameOwner', () => {
    expect(hex(openingBatch(1000))).toBe(
      [
        '00415554482045585445524e414c2033313330333033300d0a424547494e0d0a6c01000100000000010000006d000000',
        '01016f00150000002f6f72672f667265656465736b746f702f4442757300000002017300140000006f72672e66726565',
        '6465736b746f702e4442757300000000030173000500000048656c6c6f00000006017300140000006f72672e66726565',
        '6465736b746f702e44427573000000006c0100011c000000020000007f00000001016f00150000002f6f72672f667265',
        '656465736b746f702f4442757300000002017300140000006f72672e667265656465736b746f702e4442757300000000',
        '030173000c0000004765744e616d654f776e65720000000006017300140000006f72672e667265656465736b746f702e',
        '44427573000000000801670001730000170000006f72672e667265656465736b746f702e73656372657473006c010001',
        '1c000000030000008f00000001016f00150000002f6f72672f667265656465736b746f702f4442757300000002017300',
        '140000006f72672e667265656465736b746f702e4442757300000000030173001a000000476574436f6e6e656374696f',
        '6e556e697850726f63657373494400000000000006017300140000006f72672e667265656465736b746f702e44427573',
        '000000000801670001730000170000006f72672e667265656465736b746f702e73656372657473006c0100011c000000',
        '040000007f00000001016f00150000002f6f72672f667265656465736b746f702f444275730000000201730014000000',
        '6f72672e667265656465736b746f702e4442757300000000030173000c0000004765744e616d654f776e657200000000',
        '06017300140000006f72672e667265656465736b746f702e44427573000000000801670001730000170000006f72672e',
        '667265656465736b746f702e7365637265747300',
      ].join(''),
    );
  });

  it('SearchItems with non-ASCII attributes (no auto-start), and one with the flag clear', () => {
    const call = searchCall('Claude Auth Tray — prüfung', 'konto-Grüße-日本-😀');
    expect(hex(message(5, { ...call, dest, noAutoStart: true }))).toBe(
      [
        '6c01020166000000050000008300000001016f00180000002f6f72672f667265656465736b746f702f73656372657473',
        '0000000000000000020173001e0000006f72672e667265656465736b746f702e5365637265742e536572766963650000',
        '030173000b0000005365617263684974656d73000000000006017300050000003a312e34320000000801670005617b73',
        '737d0000000000005e000000000000000700000073657276696365001d000000436c6175646520417574682054726179',
        '20e28094207072c3bc66756e6700000008000000757365726e616d6500000000190000006b6f6e746f2d4772c3bcc39f',
        '652de697a5e69cac2df09f988000',
      ].join(''),
    );
    expect(hex(message(6, { ...searchCall('svc', 'ü'), dest }))).toBe(
      [
        '6c01000137000000060000008300000001016f00180000002f6f72672f667265656465736b746f702f73656372657473',
        '0000000000000000020173001e0000006f72672e667265656465736b746f702e5365637265742e536572766963650000',
        '030173000b0000005365617263684974656d73000000000006017300050000003a312e34320000000801670005617b73',
        '737d0000000000002f000000000000000700000073657276696365000300000073766300000000000800000075736572',
        '6e616d650000000002000000c3bc00',
      ].join(''),
    );
  });

  it('SetSecret with a UTF-8 secret (two-, three- and four-byte characters)', () => {
    const call = setSecretCall(
      '/org/freedesktop/secrets/collection/login/4',
      '/org/freedesktop/secrets/session/s12',
      'sk-ant-ü€😀-x',
    );
    expect(hex(message(7, { ...call, dest }))).toBe(
      [
        '6c01000157000000070000009600000001016f002b0000002f6f72672f667265656465736b746f702f73656372657473',
        '2f636f6c6c656374696f6e2f6c6f67696e2f340000000000020173001b0000006f72672e667265656465736b746f702e',
        '5365637265742e4974656d00000000000301730009000000536574536563726574000000000000000601730005000000',
        '3a312e34320000000801670008286f617961797329000000240000002f6f72672f667265656465736b746f702f736563',
        '726574732f73657373696f6e2f733132000000000000000012000000736b2d616e742dc3bce282acf09f98802d780000',
        '0a000000746578742f706c61696e00',
      ].join(''),
    );
  });

  it('GetSecrets for three items', () => {
    const items = [1, 22, 333].map((n) => `/org/freedesktop/secrets/collection/login/${n}`);
    expect(hex(message(8, { ...getSecretsCall(items, '/org/freedesktop/secrets/session/s3'), dest }))).toBe(
      [
        '6c010001c4000000080000008100000001016f00180000002f6f72672f667265656465736b746f702f73656372657473',
        '0000000000000000020173001e0000006f72672e667265656465736b746f702e5365637265742e536572766963650000',
        '030173000a0000004765745365637265747300000000000006017300050000003a312e34320000000801670003616f6f',
        '0000000000000000960000002b0000002f6f72672f667265656465736b746f702f736563726574732f636f6c6c656374',
        '696f6e2f6c6f67696e2f31002c0000002f6f72672f667265656465736b746f702f736563726574732f636f6c6c656374',
        '696f6e2f6c6f67696e2f3232000000002d0000002f6f72672f667265656465736b746f702f736563726574732f636f6c',
        '6c656374696f6e2f6c6f67696e2f333333000000230000002f6f72672f667265656465736b746f702f73656372657473',
        '2f73657373696f6e2f733300',
      ].join(''),
    );
  });
});
