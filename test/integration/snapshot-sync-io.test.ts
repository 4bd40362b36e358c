/**
 * Issue 13, "keep synchronous I/O only on the CLI's hot path": a tray snapshot built from unchanged
 * inputs reads no file and no keychain item synchronously — profiles.json, app settings, pins, the
 * last checks and the keys of profiles not checked yet are kept until they change. Proven by counting
 * every synchronous fs call (the real `fs`, wrapped while the snapshot builds) and every keychain read
 * (the real Secret Service behind a counting store); a CLI `add` in a real second process still shows.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore, type SecretStore } from '../../main/core/vault';
import { keyringForFile } from '../support/app-harness';
import { canaryKey, CLI } from '../support/cli';

const keyring = keyringForFile();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cjsFs = createRequire(import.meta.url)('node:fs') as Record<string, unknown>;
const SYNC = Object.keys(cjsFs).filter((k) => k.endsWith('Sync') && typeof cjsFs[k] === 'function');

/** Runs fn with every synchronous fs function of this process counting its calls (path and caller). */
function syncCalls(fn: () => void): string[] {
  const calls: string[] = [];
  const saved = new Map(SYNC.map((k) => [k, cjsFs[k] as (...a: unknown[]) => unknown]));
  for (const [k, f] of saved)
    cjsFs[k] = (...a: unknown[]) => {
      calls.push(`${k} ${String(a[0])}`);
      return f(...a);
    };
  syncBuiltinESMExports();
  try {
    fn();
  } finally {
    for (const [k, f] of saved) cjsFs[k] = f;
    syncBuiltinESMExports();
  }
  return calls;
}

describe('a cached tray snapshot does no synchronous I/O', () => {
  it('0 sync file reads and 0 keychain reads from unchanged inputs; a CLI add in another process shows', async () => {
    const s = keyring.box();
    const real = new KeyringSecretStore();
    let keychainReads = 0;
    const store: SecretStore = {
      get: (a) => (keychainReads++, real.get(a)),
      set: (a, v) => real.set(a, v),
      delete: (a) => real.delete(a),
      accounts: () => real.accounts(),
    };
    const a = new AppApi({
      env: s.env,
      cwd: s.home,
      store,
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
      apiBaseUrl: 'http://127.0.0.1:9', // the key's check fails fast: a closed loopback port
    });
    await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'Key', secret: canaryKey('K1') });
    await a.handlers['profiles:add']({
      kind: 'bedrock',
      name: 'Bed',
      region: 'us-east-1',
      authMode: 'aws-profile',
      awsProfile: 'b',
    });
    const sent: Snapshot[] = [];
    a.onSnapshot((x) => sent.push(x));
    a.start();
    try {
      // Right after start the key is not checked yet: its state comes from the keychain, once.
      const first = a.snapshot();
      expect(first.profiles.map((p) => p.profile.name)).toEqual(['Key', 'Bed']);
      await a.handlers['app:snapshot'](undefined);
      await sleep(1500); // the watches settle
      a.snapshot();
      const reads0 = keychainReads;
      const calls = syncCalls(() => {
        for (let i = 0; i < 10; i++) a.snapshot();
      });
      expect(calls).toEqual([]); // was: profiles.json, its marker, app-settings.json, project-pins.json per snapshot
      expect(keychainReads).toBe(reads0);

      // Another process adds a profile: the watch reads it, the tray shows it.
      const r = spawnSync(
        process.execPath,
        [CLI, 'add', 'bedrock', '--name', 'FromCli', '--region', 'us-east-1', '--aws-profile', 'c'],
        { env: s.env, encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const end = Date.now() + 10_000;
      while (!sent.some((x) => x.profiles.some((p) => p.profile.name === 'FromCli')) && Date.now() < end)
        await sleep(20);
      expect(a.snapshot().profiles.map((p) => p.profile.name)).toEqual(['Key', 'Bed', 'FromCli']);
      await sleep(800);
      expect(syncCalls(() => a.snapshot())).toEqual([]); // cached again
    } finally {
      a.stop();
    }
  }, 60_000);
});
