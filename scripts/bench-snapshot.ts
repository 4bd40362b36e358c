/**
 * Bench row for the snapshot cost on Electron's main thread (issue 13): the tray's snapshot with its
 * inputs cached (SnapshotInputs: the doctor and the PATH scan read again only when a watched file
 * changes) against the same snapshot with those inputs read each time, as every snapshot did before
 * (the doctor: three settings files and `git ls-files`; a PATH scan for `claude`). A real AppApi in
 * a git project whose settings.local.json holds a token (so the doctor asks git), three profiles,
 * the private Secret Service; rounds interleaved, the first two discarded. Also: snapshots built
 * per activation.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listPins } from '../main/core/accounts/project-pins';
import { AppApi } from '../main/core/app-api';
import { readChecks } from '../main/core/check-records';
import { findClaude } from '../main/core/claude-auth-status';
import { systemClock } from '../main/core/clock';
import { runDoctor } from '../main/core/doctor';
import { appDataDir } from '../main/core/paths';
import { KeyringSecretStore } from '../main/core/vault';

const med = (a: readonly number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function snapshotCost(runs: number, pathNoClaude: string): Promise<{ ratio: number; filesRatio: number }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-bench-snap-'));
  const proj = path.join(home, 'proj');
  fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
  fs.mkdirSync(path.join(home, 'claude'));
  spawnSync('git', ['init', '-q', proj]);
  fs.writeFileSync(
    path.join(proj, '.claude', 'settings.local.json'),
    JSON.stringify({ env: { ANTHROPIC_AUTH_TOKEN: 'sk-ant-api03-BENCHLOCAL-not-a-real-key' } }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: pathNoClaude,
    HOME: home,
    CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
    CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
  };
  const a = new AppApi({
    env,
    cwd: proj,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: process.platform },
    apiBaseUrl: 'http://127.0.0.1:9', // key checks: a closed loopback port, never the internet
  });
  try {
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three'])
      ids.push(
        (
          await a.handlers['profiles:add']({
            kind: 'bedrock',
            name,
            region: 'us-east-1',
            authMode: 'aws-profile',
            awsProfile: name.toLowerCase(),
          })
        ).profile.id,
      );
    const store = new KeyringSecretStore();
    ids.push(
      (
        await a.handlers['profiles:add']({
          kind: 'anthropic-api-key',
          name: 'Key',
          secret: 'sk-ant-api03-BENCH-not-a-real-key-000000',
        })
      ).profile.id,
    );
    a.onSnapshot(() => undefined);
    a.start();
    await a.handlers['app:snapshot'](undefined);
    const cases: Record<string, () => void> = {
      // What every snapshot did before: the doctor and the PATH scan, then the rest.
      uncached: () => {
        runDoctor(env, proj);
        findClaude(env);
        a.snapshot();
      },
      // Inputs cached (the doctor, the PATH scan), but what else a snapshot read each time before
      // the files and keys were cached: profiles.json (validated), app settings, pins, the last
      // checks, and the keychain for a profile the monitor had not checked yet.
      files: () => {
        a.svc.list();
        a.settings.load();
        listPins(env);
        readChecks(appDataDir(env));
        store.get(ids[3]!);
        a.snapshot();
      },
      cached: () => void a.snapshot(),
    };
    const times: Record<string, number[]> = { uncached: [], files: [], cached: [] };
    const names = Object.keys(cases);
    for (let i = 0; i < runs + 2; i++)
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + i) % names.length]!;
        const t = performance.now();
        cases[name]!();
        const ms = performance.now() - t;
        if (i >= 2) times[name]!.push(ms);
      }
    const built0 = a.snapshotsBuilt;
    for (const id of [ids[1]!, ids[2]!, ids[0]!]) await a.handlers['profiles:activate'](id);
    await new Promise((r) => setTimeout(r, 500));
    const perActivation = (a.snapshotsBuilt - built0) / 3;
    const u = med(times.uncached!);
    const c = med(times.cached!);
    const f = med(times.files!);
    console.log(
      `\nTray snapshot (in process, AppApi, 4 profiles, a project whose settings hold a token; n = ${runs} each, interleaved)`,
    );
    console.log(`  inputs read each time (before)   median ${u.toFixed(2).padStart(7)} ms`);
    console.log(`  inputs cached, files/keys read   median ${f.toFixed(2).padStart(7)} ms   ${(f / u).toFixed(2)}x`);
    console.log(
      `  all cached (now)                 median ${c.toFixed(2).padStart(7)} ms   ${(c / u).toPrecision(2)}x   ${(c / f).toPrecision(2)}x of the row above`,
    );
    console.log(`  snapshots built per activation: ${perActivation.toFixed(1)}`);
    return { ratio: c / u, filesRatio: c / f };
  } finally {
    a.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
