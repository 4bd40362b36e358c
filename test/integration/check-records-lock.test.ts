/**
 * Issue 13: profile-checks.json is written by the tray's monitor and by CLI `refresh`, each a
 * read-merge-write of the whole file. Two processes recording at the same moment must not lose each
 * other's records: the write happens under the project's file lock (file-lock.ts), reading what the
 * other wrote. Real processes, many records each.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChecks } from '../../main/core/check-records';
import { bundleSupportScript } from '../support/bundle';

let root: string;
let worker: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-checks-'));
  worker = await bundleSupportScript('check-record-worker', root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function run(dataDir: string, tag: string, n: number): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [worker, dataDir, tag, String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, err })));
}

describe('profile-checks.json between processes', () => {
  it('three processes recording 150 checks each at once lose none', async () => {
    const dataDir = fs.mkdtempSync(path.join(root, 'app-'));
    const n = 150;
    const tags = ['a', 'b', 'c'];
    const results = await Promise.all(tags.map((t) => run(dataDir, t, n)));
    expect(results).toEqual(tags.map(() => ({ code: 0, err: '' })));
    const ids = Object.keys(readChecks(dataDir));
    const lost = tags
      .flatMap((t) => Array.from({ length: n }, (_, i) => `${t}-${i}`))
      .filter((id) => !ids.includes(id));
    expect(lost).toEqual([]);
    // Nothing left beside the file: no lock, no temp file.
    expect(fs.readdirSync(dataDir).sort()).toEqual(['profile-checks.json']);
    expect(fs.statSync(path.join(dataDir, 'profile-checks.json')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
