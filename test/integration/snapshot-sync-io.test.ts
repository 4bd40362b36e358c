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
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../../main/core/app-api';
import { appDataDir } from '../../main/core/paths';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore, type SecretStore } from '../../main/core/vault';
import { keyringForFile } from '../support/app-harness';
import { canaryKey, CLI, runningBackgroundCheck, waitForExit } from '../support/cli';

const keyring = keyringForFile();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cjsFs = createRequire(import.meta.url)('node:fs') as Record<string, unknown>;
const SYNC = Object.keys(cjsFs).filter((k) => k.endsWith('Sync') && typeof cjsFs[k] === 'function');

/**
 * Marks a read made by Claude Code's mismatch (which profile applies in this folder, where a key
 * comes from): computed once per new verdict, not per snapshot (AppApi's memo).
 */
const mismatchOnce = (stack: string): string => (/\bclaudeMismatch\b/.test(stack) ? ' (mismatch, once)' : '');

/** Runs fn with every synchronous fs function of this process counting its calls (name and path). */
function syncCalls(fn: () => void): string[] {
  const calls: string[] = [];
  const stop = recordSync(calls);
  try {
    fn();
  } finally {
    stop();
  }
  return calls;
}

/** Wraps every synchronous fs function until the returned function is called. */
function recordSync(calls: string[]): () => void {
  const saved = new Map(SYNC.map((k) => [k, cjsFs[k] as (...a: unknown[]) => unknown]));
  for (const [k, f] of saved)
    cjsFs[k] = (...a: unknown[]) => {
      calls.push(`${k} ${String(a[0])}${mismatchOnce(new Error().stack ?? '')}`);
      return f(...a);
    };
  syncBuiltinESMExports();
  return () => {
    for (const [k, f] of saved) cjsFs[k] = f;
    syncBuiltinESMExports();
  };
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

  it('at start the tray builds its menu before the doctor has read, and asks Claude Code reading no settings file and scanning no PATH synchronously', async () => {
    const s = keyring.box();
    const bin = path.join(s.home, 'bin');
    fs.mkdirSync(bin);
    const claude = path.join(bin, 'claude');
    fs.writeFileSync(
      claude,
      `#!/bin/sh\n[ "$1 $2" = "auth status" ] && echo '{"loggedIn":false,"authMethod":"api_key","apiProvider":"firstParty","apiKeySource":"ANTHROPIC_API_KEY"}'\n`,
      { mode: 0o755 },
    );
    const proj = path.join(s.home, 'proj');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    const projSettings = path.join(proj, '.claude', 'settings.json');
    fs.writeFileSync(projSettings, JSON.stringify({ env: { ANTHROPIC_API_KEY: canaryKey('PROJ') } }));
    const env: NodeJS.ProcessEnv = { ...s.env, PATH: `${bin}:/usr/bin:/bin` };
    const files = [
      claude,
      projSettings,
      path.join(proj, '.claude', 'settings.local.json'),
      path.join(env.CLAUDE_CONFIG_DIR ?? path.join(s.home, '.claude'), 'settings.json'),
    ];
    const a = new AppApi({
      env,
      cwd: proj,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const k = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'Key', secret: canaryKey('K2') });
    // Switched from the terminal: nothing in this app has read the doctor's files yet.
    const use = spawnSync(process.execPath, [CLI, 'use', k.profile.id], { env, cwd: proj, encoding: 'utf8' });
    expect(use.status).toBe(0);
    // The check `use` left running (fake `claude` on the PATH): the tray's own verdict replaces its
    // record below, so the sandbox's clean-up would no longer see it and remove the folder it still
    // writes into (CI, stop 22: ENOTEMPTY). Waited for by its pid at the end.
    const check = runningBackgroundCheck(s.appDir);
    expect(check).toBeGreaterThan(0);
    const sent: Snapshot[] = [];
    a.onSnapshot((x) => sent.push(x));
    const calls: string[] = [];
    const stop = recordSync(calls);
    let first: Snapshot;
    try {
      a.start();
      first = a.snapshot(); // the tray's first menu
      const end = Date.now() + 15_000;
      const kinds = (): string[] => sent.flatMap((x) => x.warnings.map((w) => w.kind));
      while (
        !(kinds().includes('plaintext-in-settings') && kinds().includes('claude-code-mismatch')) &&
        Date.now() < end
      )
        await sleep(20);
    } finally {
      stop();
      a.stop();
      if (check) waitForExit(check);
    }
    // The doctor's findings and Claude Code's verdict arrived, published after the first menu …
    expect(first.profiles.map((p) => p.profile.name)).toEqual(['Key']);
    expect(first.warnings.map((w) => w.kind)).not.toContain('plaintext-in-settings');
    const last = sent.at(-1)!;
    expect(last.warnings.map((w) => w.kind)).toEqual(
      expect.arrayContaining(['plaintext-in-settings', 'claude-code-mismatch']),
    );
    // … and none of it read a settings file or looked for `claude` synchronously (was: the doctor's
    // three files at the first snapshot, the PATH scan and the settings files twice for the verdict).
    // The mismatch, once per new verdict, reads the folder's project files (which profile applies here).
    expect(calls.filter((c) => files.some((f) => c.endsWith(` ${f}`)))).toEqual([]);
    const projFiles = calls.filter((c) => c.includes(`${path.join(proj, '.claude')}/`));
    expect(projFiles.filter((c) => !c.endsWith('(mismatch, once)'))).toEqual([]);
  }, 60_000);

  it("the first snapshot the window asks for reads the app's files and an unchecked profile's key without blocking, once", async () => {
    // A key check that never ends: the monitor has no state for the key, so the snapshot needs its hint.
    const server = http.createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const s = keyring.box();
    const real = new KeyringSecretStore();
    const reads = { sync: 0, async: 0 };
    const fromSnapshot = (): boolean => /CachedSecrets/.test(new Error().stack ?? '');
    const store: SecretStore = {
      get: (a) => (fromSnapshot() && reads.sync++, real.get(a)),
      getAsync: (a) => (reads.async++, real.getAsync(a)),
      set: (a, v) => real.set(a, v),
      delete: (a) => real.delete(a),
      accounts: () => real.accounts(),
    };
    const deps = {
      env: s.env,
      cwd: s.home,
      store,
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' as const },
      apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    const key = canaryKey('K3');
    await new AppApi(deps).handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'Key', secret: key });
    reads.sync = 0;
    // The tray starts with that profile saved.
    const a = new AppApi(deps);
    fs.writeFileSync(path.join(appDataDir(s.env), 'app-settings.json'), '{}\n');
    const appFiles = ['app-settings.json', 'project-pins.json', 'profile-checks.json'].map((f) =>
      path.join(appDataDir(s.env), f),
    );
    a.onSnapshot(() => undefined);
    a.start();
    const calls: string[] = [];
    const stop = recordSync(calls);
    try {
      const first = await a.handlers['app:snapshot'](undefined);
      const again = await a.handlers['app:snapshot'](undefined);
      stop();
      expect(first.profiles[0]!.state.hint).toBe(`sk-ant-…${key.slice(-4)}`);
      expect(again.profiles[0]!.state.hint).toBe(first.profiles[0]!.state.hint);
      expect(calls.filter((c) => appFiles.some((f) => c.endsWith(` ${f}`)))).toEqual([]);
      expect(reads).toEqual({ sync: 0, async: 1 }); // once, off the main thread
    } finally {
      stop();
      a.stop();
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);
});
