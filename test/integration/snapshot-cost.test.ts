/**
 * Issue 13, snapshot cost on Electron's main thread: one activation builds one snapshot (it built
 * three, each running the doctor: three settings files and `git ls-files`); a snapshot from the cache
 * runs no git and scans no PATH; a change to a watched settings file is seen (real files, real
 * fs.watch, a real git behind a wrapper that logs each run).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';
import { keyringForFile } from '../support/app-harness';
import { canaryKey } from '../support/cli';

const keyring = keyringForFile();
const logs: string[] = [];
afterAll(() => logs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * An app in a git project whose .claude/settings.local.json holds a token (so the doctor asks git),
 * with a PATH of one folder: a `git` that logs each run, then runs the real one. Two Bedrock
 * profiles (followed through their files: no network, no check of their own).
 */
async function project() {
  const s = keyring.box();
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  expect(realGit).not.toBe('');
  const bin = path.join(s.home, 'bin');
  fs.mkdirSync(bin);
  // Outside HOME: the monitor follows ~/.aws through HOME's folder watch while ~/.aws does not exist.
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-gitlog-'));
  logs.push(logDir);
  const log = path.join(logDir, 'git.log');
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho run >> '${log}'\nexec '${realGit}' "$@"\n`, {
    mode: 0o755,
  });
  const proj = path.join(s.home, 'proj');
  fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
  expect(spawnSync(realGit, ['init', '-q', proj]).status).toBe(0);
  fs.writeFileSync(
    path.join(proj, '.claude', 'settings.local.json'),
    JSON.stringify({ env: { ANTHROPIC_AUTH_TOKEN: canaryKey('LOCAL') } }),
  );
  const a = new AppApi({
    env: { ...s.env, PATH: bin, CAT_GIT_LOG: log },
    cwd: proj,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    apiBaseUrl: 'http://127.0.0.1:9',
  });
  const one = await a.handlers['profiles:add']({
    kind: 'bedrock',
    name: 'One',
    region: 'us-east-1',
    authMode: 'aws-profile',
    awsProfile: 'one',
  });
  const two = await a.handlers['profiles:add']({
    kind: 'bedrock',
    name: 'Two',
    region: 'us-east-1',
    authMode: 'aws-profile',
    awsProfile: 'two',
  });
  const sent: Snapshot[] = [];
  a.onSnapshot((x) => sent.push(x));
  const gitRuns = (): number =>
    fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  /** Waits until nothing was sent for `quietMs`. */
  const settle = async (quietMs = 700): Promise<void> => {
    let n = -1;
    while (n !== sent.length) {
      n = sent.length;
      await sleep(quietMs);
    }
  };
  return { s, a, proj, one: one.profile.id, two: two.profile.id, sent, gitRuns, settle };
}

describe('snapshot cost', () => {
  it('one activation builds and sends one snapshot, and asks git once', async () => {
    const { a, one, two, sent, gitRuns, settle } = await project();
    a.start();
    try {
      await a.handlers['profiles:activate'](one);
      await settle();
      const [sent0, git0, built0] = [sent.length, gitRuns(), a.snapshotsBuilt];
      const returned = await a.handlers['profiles:activate'](two);
      await settle();
      expect(a.snapshotsBuilt - built0).toBe(1); // was 3
      expect(sent.length - sent0).toBe(1); // was 3: the monitor's reload, Claude Code's answer, a watch
      expect(sent.at(-1)).toEqual(returned); // what the window got back is what the tray shows
      expect(returned.activeProfileId).toBe(two);
      expect(returned.warnings.map((w) => w.kind)).toContain('plaintext-in-settings');
      expect(gitRuns() - git0).toBe(1); // was 3: one doctor per snapshot
    } finally {
      a.stop();
    }
  });

  it('a snapshot from the cache runs no git and scans no PATH; a watched settings file changed is seen', async () => {
    const { a, proj, sent, gitRuns, settle } = await project();
    a.start();
    try {
      await a.handlers['app:snapshot'](undefined);
      await settle();
      const git0 = gitRuns();
      const inputs = (a as unknown as { inputs: { stats: { doctorRuns: number; pathScans: number } } }).inputs;
      const stats0 = { ...inputs.stats };
      for (let i = 0; i < 20; i++) a.snapshot();
      await a.handlers['app:snapshot'](undefined);
      expect(gitRuns()).toBe(git0);
      expect(inputs.stats).toEqual(stats0);

      // Claude Code's project settings get a plaintext key: the watch re-reads and publishes.
      const n = sent.length;
      fs.writeFileSync(
        path.join(proj, '.claude', 'settings.json'),
        JSON.stringify({ env: { ANTHROPIC_API_KEY: canaryKey('PROJ') } }),
      );
      const end = Date.now() + 10_000;
      const seen = (): boolean =>
        sent
          .slice(n)
          .some((x) =>
            x.warnings.some((w) => w.kind === 'plaintext-in-settings' && w.message.includes('project settings')),
          );
      while (!seen() && Date.now() < end) await sleep(20);
      expect(seen()).toBe(true);
      expect(inputs.stats.doctorRuns).toBe(stats0.doctorRuns + 1);
      expect(gitRuns()).toBeGreaterThan(git0);

      // A file in a watched folder that is none of the inputs: nothing is read again.
      await settle();
      const stats1 = { ...inputs.stats };
      fs.writeFileSync(path.join(proj, '.claude', 'notes.txt'), 'x');
      await sleep(600);
      expect(inputs.stats).toEqual(stats1);
    } finally {
      a.stop();
    }
  });
});
