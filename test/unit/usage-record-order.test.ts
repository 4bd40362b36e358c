/**
 * Issue 15: the fast status line's detached recorders can finish out of order; a reading from a line
 * that started before the one recorded does not replace it (a clock set back further still records).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readUsageRecords, recordUsage } from '../../main/core/usage/usage-record';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('an older reading arriving late is dropped; the newest stands', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-usage-order-'));
  dirs.push(dir);
  const t = 1_800_000_000_000;
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 50 } }, t)).toBe(true);
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 40 } }, t - 300)).toBe(false);
  expect(readUsageRecords(dir)[0]?.fiveHour?.usedPercent).toBe(50);
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 55 } }, t + 300)).toBe(true);
  // A clock set back by more than a minute: recorded.
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 20 } }, t - 3_600_000)).toBe(true);
  expect(readUsageRecords(dir)[0]?.fiveHour?.usedPercent).toBe(20);
});
