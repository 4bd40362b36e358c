/** Usage readings matched to profiles, and how they read in `status` and the tray (issue 15, item 3). */
import type { Profile } from '../../../common/profile';
import { billingOf } from '../../../common/providers';
import type { UsageView } from '../../../common/usage';
import { usageFor, USAGE_WINDOWS, type UsageRecord } from './usage-record';

/** The login folder of a Claude.ai account (issue 14's storageDir); undefined = the default account. */
function storageDirOf(p: Profile): string | undefined {
  const d = (p as { storageDir?: unknown }).storageDir;
  return typeof d === 'string' && d !== '' ? d : undefined;
}

/** The latest reading for a Claude.ai profile, from the status line's records. */
export function usageOfProfile(p: Profile, records: readonly UsageRecord[]): UsageView | undefined {
  if (billingOf(p) !== 'subscription') return undefined;
  const r = usageFor(records, storageDirOf(p));
  if (!r) return undefined;
  return {
    seenAt: r.seenAt,
    ...(r.fiveHour ? { fiveHour: r.fiveHour } : {}),
    ...(r.sevenDay ? { sevenDay: r.sevenDay } : {}),
  };
}

export { usageLines } from '../../../common/usage-text';

/** The earliest reset still ahead, to look again then (a high window that resets is worth a notice). */
export function nextResetAt(records: readonly UsageRecord[], now: number): number | undefined {
  let at: number | undefined;
  for (const r of records)
    for (const w of USAGE_WINDOWS) {
      const t = r[w]?.resetsAt;
      if (t !== undefined && t > now && (at === undefined || t < at)) at = t;
    }
  return at;
}
