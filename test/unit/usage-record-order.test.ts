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

it('readings close in time are ordered by what they say first: the same window only grows, a later reset is a newer window', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-usage-order-'));
  dirs.push(dir);
  const t = 1_800_000_000_000;
  const r5 = t + 3_600_000;
  const r7 = t + 3 * 86_400_000;
  const pct = () => readUsageRecords(dir)[0]?.fiveHour?.usedPercent;
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 40, resetsAt: r5 } }, t)).toBe(true);
  // Same window, less used, a later time (a recorder that started late): older; refused.
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 39, resetsAt: r5 } }, t + 20)).toBe(false);
  // Same window (its reset a second off), more used, an earlier time: newer; its time does not go back.
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 41, resetsAt: r5 + 1000 } }, t - 20)).toBe(true);
  expect(pct()).toBe(41);
  expect(readUsageRecords(dir)[0]?.seenAt).toBe(t);
  // The next window (reset five hours on), little used, an earlier time: newer.
  expect(recordUsage(dir, undefined, { fiveHour: { usedPercent: 2, resetsAt: r5 + 18_000_000 } }, t - 30)).toBe(true);
  expect(pct()).toBe(2);
  // The windows disagree (5h says newer, the week says older): the clock decides — earlier, refused.
  expect(
    recordUsage(
      dir,
      undefined,
      { fiveHour: { usedPercent: 3, resetsAt: r5 + 18_000_000 }, sevenDay: { usedPercent: 1, resetsAt: r7 } },
      t - 40,
    ),
  ).toBe(true); // no week in the record: only 5h counts, and it says newer
  expect(
    recordUsage(
      dir,
      undefined,
      { fiveHour: { usedPercent: 4, resetsAt: r5 + 18_000_000 }, sevenDay: { usedPercent: 0, resetsAt: r7 } },
      t - 50,
    ),
  ).toBe(false);
  expect(pct()).toBe(3);
});
