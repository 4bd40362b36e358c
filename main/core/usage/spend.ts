/**
 * An organisation's spend from the Admin API's cost report (issue 15, item 3): today and this month
 * (UTC, as the report's buckets are), fetched at most hourly and cached in `spend.json` with the key
 * hints of the organisation's API keys, so API-key profiles that belong to it can show it. Only
 * totals and key hints (start…end, as the Admin API gives them) are stored, never a key.
 */
import * as path from 'node:path';
import type { SpendView } from '../../../common/usage';
import { readFileIfExists, writeFileAtomic } from '../atomic-write';
import type { AdminApi } from '../team/admin-api';

export const SPEND_REFRESH_MS = 3600_000;

export interface SpendRecord extends SpendView {
  /** `partial_key_hint`s of the organisation's active API keys. */
  readonly keyHints: readonly string[];
}

type SpendFile = Record<string, SpendRecord>;

export function spendFile(dataDir: string): string {
  return path.join(dataDir, 'spend.json');
}

export function readSpend(dataDir: string): SpendFile {
  try {
    const v = JSON.parse(readFileIfExists(spendFile(dataDir)) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as SpendFile) : {};
  } catch {
    return {};
  }
}

const dayStart = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const monthStart = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Today's and this month's spend (US dollars) from every page of the cost report. */
export async function fetchSpend(api: AdminApi, now: number): Promise<{ todayUsd: number; monthUsd: number }> {
  const buckets = await api.costReport(new Date(monthStart(now)).toISOString());
  const today = dayStart(now);
  let month = 0;
  let day = 0;
  for (const b of buckets) {
    const at = Date.parse(b.startingAt);
    if (Number.isNaN(at) || at < monthStart(now)) continue;
    month += b.cents;
    if (at >= today && at < today + 86_400_000) day += b.cents;
  }
  return { todayUsd: day / 100, monthUsd: month / 100 };
}

/**
 * The spend of an Admin-key profile's organisation: the cached record while younger than an hour,
 * else a fresh report (and key list), saved. `force` skips the cache.
 */
export async function spendFor(
  adminProfileId: string,
  api: AdminApi,
  dataDir: string,
  now: number,
  force = false,
): Promise<SpendRecord> {
  const cached = readSpend(dataDir)[adminProfileId];
  if (!force && cached && now - cached.fetchedAt < SPEND_REFRESH_MS && now >= cached.fetchedAt) return cached;
  const totals = await fetchSpend(api, now);
  let keyHints: string[];
  try {
    keyHints = (await api.apiKeys())
      .filter((k) => k.status === 'active' && typeof k.partial_key_hint === 'string')
      .map((k) => k.partial_key_hint!);
  } catch {
    keyHints = cached?.keyHints ? [...cached.keyHints] : []; // the totals still count
  }
  const rec: SpendRecord = { ...totals, fetchedAt: now, adminProfileId, keyHints };
  writeFileAtomic(spendFile(dataDir), JSON.stringify({ ...readSpend(dataDir), [adminProfileId]: rec }) + '\n');
  return rec;
}

/** Whether a key is the one a `partial_key_hint` ("sk-ant-api03-R2D...igAA") describes. */
export function keyMatchesHint(key: string, hint: string): boolean {
  const m = /^(.+?)\.{3}(.+)$/.exec(hint);
  if (!m) return false;
  return key.length > m[1]!.length + m[2]!.length && key.startsWith(m[1]!) && key.endsWith(m[2]!);
}

/** The spend to show on an API-key profile: its organisation's, when one of the records knows its key. */
export function spendForKey(key: string | undefined, records: SpendFile): SpendView | undefined {
  if (!key) return undefined;
  for (const r of Object.values(records)) {
    if (Array.isArray(r.keyHints) && r.keyHints.some((h) => keyMatchesHint(key, h))) {
      return { todayUsd: r.todayUsd, monthUsd: r.monthUsd, fetchedAt: r.fetchedAt, adminProfileId: r.adminProfileId };
    }
  }
  return undefined;
}
