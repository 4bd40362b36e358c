/**
 * Issue 15, the "many refreshes in a row" flake: a recorder's time is its Node start
 * (`performance.timeOrigin`), taken only after a start-up whose length varies by tens of ms under load,
 * so of two recorders started in a row the earlier can carry the later time (measured here: 14 of 195
 * adjacent pairs of 40 back-to-back starts). Order by clock alone, the older reading then replaced the
 * newer one. Here the interleavings are forced (pending files with swapped times, drained by the real
 * holder code); the record must end with the newest reading either way.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { drainPending, dropPending, PENDING_DIR } from '../../main/core/usage/status-line-recorder';
import { readUsageRecords } from '../../main/core/usage/usage-record';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const T = 1_800_000_000_000;
const RESETS = T + 3_600_000;
const reading = (pct: number) => ({
  fiveHour: { usedPercent: pct, resetsAt: RESETS },
  sevenDay: { usedPercent: 18, resetsAt: RESETS + 2 * 86_400_000 },
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-recorder-order-'));
  dirs.push(dir);
  return dir;
}
const recorded = (dir: string): number | undefined => readUsageRecords(dir)[0]?.fiveHour?.usedPercent;

it('the line before the last started its recorder late (a later time): both pending, the last reading wins', () => {
  const dir = dataDir();
  dropPending(dir, { at: T + 7, reading: reading(39) }); // line 39's recorder, slow to start
  dropPending(dir, { at: T, reading: reading(40) }); // line 40's, quick
  expect(drainPending(dir)).toBe(true);
  expect(recorded(dir)).toBe(40);
  expect(fs.readdirSync(path.join(dir, PENDING_DIR))).toEqual([]);
});

it('the late recorder drained first, the last reading (an earlier time) after it: the last reading wins', () => {
  const dir = dataDir();
  dropPending(dir, { at: T + 7, reading: reading(39) });
  drainPending(dir);
  dropPending(dir, { at: T, reading: reading(40) });
  drainPending(dir);
  expect(recorded(dir)).toBe(40);
  // ... and its time does not go back: a third reading from between them is still older.
  expect(readUsageRecords(dir)[0]?.seenAt).toBe(T + 7);
});

it('the newest reading drained first, the late recorder of the one before it after: the newest stands', () => {
  const dir = dataDir();
  dropPending(dir, { at: T, reading: reading(40) });
  drainPending(dir);
  dropPending(dir, { at: T + 7, reading: reading(39) });
  drainPending(dir);
  expect(recorded(dir)).toBe(40);
});
