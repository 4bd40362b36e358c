/**
 * Subscription usage as Claude Code reports it to its status line (`rate_limits.five_hour` /
 * `rate_limits.seven_day`: `used_percentage`, `resets_at` in epoch seconds; see
 * docs/claude-code-auth.md, "Verified against the real Claude Code"). The status-line command
 * records the latest reading per account in `usage/<account key>.json` in the app data folder; the
 * tray follows that folder. No network call, no token: only what Claude Code piped to the status line.
 *
 * This file is on the status line's hot path: no schema library, plain checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
// Not node:crypto: this module is on the `use` path, which does not load it (issue 16).
import { sha256Hex } from '../sha256';

export interface UsageWindow {
  /** 0–100. */
  readonly usedPercent: number;
  /** Epoch ms, when Claude Code said. */
  readonly resetsAt?: number;
}

export interface UsageReading {
  readonly fiveHour?: UsageWindow;
  readonly sevenDay?: UsageWindow;
}

export interface UsageRecord extends UsageReading {
  readonly version: 1;
  /** The account's login folder (`CLAUDE_SECURESTORAGE_CONFIG_DIR`); undefined = the default account. */
  readonly storageDir?: string;
  /** Epoch ms of the last status line that carried this reading. */
  readonly seenAt: number;
}

export type UsageWindowName = 'fiveHour' | 'sevenDay';
export const USAGE_WINDOWS: readonly UsageWindowName[] = ['fiveHour', 'sevenDay'];

/** A rewrite of an unchanged reading at most this often (the status line runs many times a minute). */
export const RESEEN_WRITE_MS = 60_000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function windowFrom(v: unknown): UsageWindow | undefined {
  if (!isObj(v)) return undefined;
  const pct = v.used_percentage;
  if (typeof pct !== 'number' || !Number.isFinite(pct)) return undefined;
  const usedPercent = Math.min(100, Math.max(0, pct));
  const r = v.resets_at;
  let resetsAt: number | undefined;
  if (typeof r === 'number' && Number.isFinite(r) && r > 0) resetsAt = r < 1e11 ? r * 1000 : r;
  else if (typeof r === 'string' && !Number.isNaN(Date.parse(r))) resetsAt = Date.parse(r);
  return resetsAt === undefined ? { usedPercent } : { usedPercent, resetsAt };
}

/** The reading in a status-line input object, or undefined when it carries none (API keys, clouds). */
export function readingFromStatusInput(input: unknown): UsageReading | undefined {
  if (!isObj(input) || !isObj(input.rate_limits)) return undefined;
  const fiveHour = windowFrom(input.rate_limits.five_hour);
  const sevenDay = windowFrom(input.rate_limits.seven_day);
  if (!fiveHour && !sevenDay) return undefined;
  return { ...(fiveHour ? { fiveHour } : {}), ...(sevenDay ? { sevenDay } : {}) };
}

export function usageDir(dataDir: string): string {
  return path.join(dataDir, 'usage');
}

/** The file name for an account: `default`, or a hash of its login folder (a path is no file name). */
export function accountKey(storageDir: string | undefined): string {
  if (!storageDir) return 'default';
  return sha256Hex(path.resolve(storageDir)).slice(0, 16);
}

export function usageFile(dataDir: string, storageDir: string | undefined): string {
  return path.join(usageDir(dataDir), `${accountKey(storageDir)}.json`);
}

/** Parses a record file's text; anything unexpected is no record. */
export function parseUsageRecord(text: string): UsageRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(v) || v.version !== 1 || typeof v.seenAt !== 'number') return undefined;
  const win = (w: unknown): UsageWindow | undefined =>
    isObj(w) && typeof w.usedPercent === 'number'
      ? {
          usedPercent: Math.min(100, Math.max(0, w.usedPercent)),
          ...(typeof w.resetsAt === 'number' ? { resetsAt: w.resetsAt } : {}),
        }
      : undefined;
  const fiveHour = win(v.fiveHour);
  const sevenDay = win(v.sevenDay);
  return {
    version: 1,
    seenAt: v.seenAt,
    ...(typeof v.storageDir === 'string' ? { storageDir: v.storageDir } : {}),
    ...(fiveHour ? { fiveHour } : {}),
    ...(sevenDay ? { sevenDay } : {}),
  };
}

const sameWindow = (a: UsageWindow | undefined, b: UsageWindow | undefined): boolean =>
  a?.usedPercent === b?.usedPercent && a?.resetsAt === b?.resetsAt;

/** Claude Code's reset times of one window may differ a little between answers: within this, one window. */
export const SAME_WINDOW_MS = 3600_000;

/**
 * Which of two readings of one account is newer by what they say, whatever the clocks: 1 when `a` is,
 * -1 when `b` is, 0 when they cannot tell (no window with a reset time in both, equal, or the two
 * windows disagree — then the clock decides). A window whose reset is later is a window further on;
 * within one window (the same reset) the use only grows until the reset.
 */
function contentOrder(a: UsageReading, b: UsageReading): number {
  let order = 0;
  for (const w of USAGE_WINDOWS) {
    const x = a[w];
    const y = b[w];
    if (x?.resetsAt === undefined || y?.resetsAt === undefined) continue;
    const sameWindow = Math.abs(x.resetsAt - y.resetsAt) <= SAME_WINDOW_MS;
    const d = Math.sign(sameWindow ? x.usedPercent - y.usedPercent : x.resetsAt - y.resetsAt);
    if (d === 0) continue;
    if (order !== 0 && d !== order) return 0;
    order = d;
  }
  return order;
}

/**
 * Records a reading for an account (atomic write). Skips the write when the same reading was
 * recorded less than RESEEN_WRITE_MS ago, and refuses an older one: older by what it says
 * (contentOrder), else by its time. Returns whether it wrote.
 */
export function recordUsage(
  dataDir: string,
  storageDir: string | undefined,
  reading: UsageReading,
  now: number,
): boolean {
  const file = usageFile(dataDir, storageDir);
  let prev: UsageRecord | undefined;
  try {
    prev = parseUsageRecord(fs.readFileSync(file, 'utf8'));
  } catch {
    prev = undefined;
  }
  // Two readings close in time: what they say orders them first (contentOrder), the clock only when
  // they cannot tell. A recorder's time is its Node start, taken after a start-up that varies by tens
  // of ms under load, so the recorders of two lines in a row can carry their times swapped (the
  // "many refreshes in a row" flake: the line before the last replaced the last reading).
  const close = prev !== undefined && Math.abs(now - prev.seenAt) < RESEEN_WRITE_MS;
  const order = prev && close ? contentOrder(reading, prev) : 0;
  if (order < 0) return false;
  // A reading from a status line that started before the one recorded (the detached recorder runs
  // out of order now and then): the newer one stands. A clock set back further than that still records.
  if (order === 0 && prev && now < prev.seenAt && prev.seenAt - now < RESEEN_WRITE_MS) return false;
  if (
    prev &&
    sameWindow(prev.fiveHour, reading.fiveHour) &&
    sameWindow(prev.sevenDay, reading.sevenDay) &&
    now - prev.seenAt < RESEEN_WRITE_MS &&
    now >= prev.seenAt
  )
    return false;
  const rec: UsageRecord = {
    version: 1,
    ...(storageDir ? { storageDir: path.resolve(storageDir) } : {}),
    // A newer reading by what it says keeps the later time seen: a time never goes back.
    seenAt: order > 0 && prev ? Math.max(now, prev.seenAt) : now,
    ...(reading.fiveHour ? { fiveHour: reading.fiveHour } : {}),
    ...(reading.sevenDay ? { sevenDay: reading.sevenDay } : {}),
  };
  fs.mkdirSync(usageDir(dataDir), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, JSON.stringify(rec) + '\n');
  return true;
}

/** Every recorded account's latest reading. */
export function readUsageRecords(dataDir: string): UsageRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(usageDir(dataDir)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const out: UsageRecord[] = [];
  for (const n of names) {
    try {
      const r = parseUsageRecord(fs.readFileSync(path.join(usageDir(dataDir), n), 'utf8'));
      if (r) out.push(r);
    } catch {
      // a file removed meanwhile, or unreadable: no reading
    }
  }
  return out;
}

/** The record for one account's login folder (undefined folder = default account). */
export function usageFor(records: readonly UsageRecord[], storageDir: string | undefined): UsageRecord | undefined {
  const want = storageDir ? path.resolve(storageDir) : undefined;
  return records.find((r) => r.storageDir === want);
}
