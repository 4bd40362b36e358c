/**
 * Issue 13, "One source of change": profiles.json changed by ANOTHER process (the built CLI, run as a
 * real child process) reaches a running AppApi within a second; our own writes fire once; stop() leaves
 * no watch behind. The AppApi runs in this process over a private Secret Service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import type { ProfilesChangeSource } from '../../main/core/profile-store';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, cli, cliAsync, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
const boxes: Sandbox[] = [];
beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
});
afterAll(async () => {
  boxes.forEach((b) => b.cleanup());
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Resolves with the time the predicate first held, polled every 10 ms; rejects after timeoutMs. */
const until = async (what: string, pred: () => boolean, timeoutMs: number): Promise<number> => {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
  return Date.now();
};

/** A started AppApi over a sandbox with one profile ("Old", active), made by the CLI. */
function started() {
  const sb = sandbox(kr.env);
  boxes.push(sb);
  // The CLI's `use` asks Claude Code; the app finds no `claude` on its PATH.
  const cliEnv = { ...sb.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' };
  const old = cli(['add', 'anthropic-api-key', '--name', 'Old', '--key-stdin'], cliEnv, canaryKey('OLD'));
  expect(old.stderr).toBe('');
  expect(cli(['use', 'Old'], cliEnv).code).toBe(0);
  const a = new AppApi({
    env: { ...sb.env, PATH: path.join(sb.home, 'no-bin') },
    cwd: sb.home,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    apiBaseUrl: 'http://127.0.0.1:9',
  });
  const snaps: { at: number; s: Snapshot }[] = [];
  a.onSnapshot((s) => snaps.push({ at: Date.now(), s }));
  const events: ProfilesChangeSource[] = [];
  a.svc.profiles.onChange((source) => events.push(source));
  a.start();
  return { a, sb, cliEnv, oldId: old.stdout.trim(), snaps, events };
}

describe('profiles.json changed by another process', () => {
  it('a CLI `add` then `use` in a second process: the AppApi publishes the new active profile within 1 s', async () => {
    const { a, sb, cliEnv, oldId, snaps, events } = started();
    expect(a.snapshot().activeProfileId).toBe(oldId);
    await sleep(300); // the start's own snapshots settle
    const added = await cliAsync(
      ['add', 'anthropic-api-key', '--name', 'New', '--key-stdin'],
      cliEnv,
      canaryKey('NEW'),
    );
    expect(added.stderr).toBe('');
    const newId = added.stdout.trim();
    const used = await cliAsync(['use', 'New'], cliEnv);
    expect(used.code).toBe(0);
    // From the moment `use` wrote profiles.json (an atomic rename keeps the temp file's mtime).
    const written = fs.statSync(path.join(sb.appDir, 'profiles.json')).mtimeMs;
    const seen = await until(
      'a snapshot with "New" active',
      () => snaps.some((x) => x.s.activeProfileId === newId),
      Math.max(0, written + 1000 - Date.now()),
    );
    const first = snaps.find((x) => x.s.activeProfileId === newId)!;
    console.log('CLI_TO_APPAPI_MS', Math.round(first.at - written), 'noticed', Math.round(seen - written));
    expect(first.at - written).toBeLessThan(1000);
    expect(first.s.profiles.map((p) => [p.profile.name, p.active])).toEqual([
      ['Old', false],
      ['New', true],
    ]);
    expect(events.every((e) => e === 'file')).toBe(true);
    a.stop();
  });

  it("first run: no app folder yet when the app starts; the CLI's first `add` still shows within 1 s", async () => {
    const sb = sandbox(kr.env);
    boxes.push(sb);
    expect(fs.existsSync(sb.appDir)).toBe(false);
    const a = new AppApi({
      env: { ...sb.env, PATH: path.join(sb.home, 'no-bin') },
      cwd: sb.home,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    });
    const snaps: { at: number; s: Snapshot }[] = [];
    a.onSnapshot((s) => snaps.push({ at: Date.now(), s }));
    a.start();
    const env = { ...sb.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' };
    expect(
      (await cliAsync(['add', 'anthropic-api-key', '--name', 'First', '--key-stdin'], env, canaryKey())).code,
    ).toBe(0);
    const written = fs.statSync(path.join(sb.appDir, 'profiles.json')).mtimeMs;
    await until(
      'a snapshot with "First"',
      () => snaps.some((x) => x.s.profiles.some((p) => p.profile.name === 'First')),
      Math.max(0, written + 1000 - Date.now()),
    );
    a.stop();
    expect(a.svc.profiles.watching).toBe(false);
  });

  it('an in-process update fires exactly one event (the watch does not fire it again)', async () => {
    const { a, oldId, cliEnv, events } = started();
    const other = cli(['add', 'anthropic-api-key', '--name', 'Other', '--key-stdin'], cliEnv, canaryKey('OTH'));
    await until('the CLI add', () => events.length === 1, 1000);
    events.length = 0;
    await a.handlers['profiles:activate'](other.stdout.trim());
    await sleep(800); // well past the watch's debounce
    expect(events).toEqual(['this-store']);
    // A write that changes nothing fires nothing.
    a.svc.profiles.update((f) => ({ file: f, result: undefined }));
    await sleep(500);
    expect(events).toEqual(['this-store']);
    expect(a.snapshot().activeProfileId).not.toBe(oldId);
    a.stop();
  });

  it('after stop(): no open watch, and another process’s change fires no event', async () => {
    const { a, cliEnv, snaps, events } = started();
    expect(a.svc.profiles.watching).toBe(true);
    a.stop();
    expect(a.svc.profiles.watching).toBe(false);
    const before = snaps.length;
    events.length = 0;
    const added = await cliAsync(
      ['add', 'anthropic-api-key', '--name', 'Late', '--key-stdin'],
      cliEnv,
      canaryKey('LATE'),
    );
    expect(added.code).toBe(0);
    expect((await cliAsync(['use', 'Late'], cliEnv)).code).toBe(0);
    await sleep(1000);
    expect(events).toEqual([]);
    expect(snaps.length).toBe(before);
  });
});
