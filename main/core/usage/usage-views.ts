/** Usage readings matched to profiles, and how they read in `status` and the tray (issue 15, item 3). */
import type { Profile } from '../../../common/profile';
import type { UsageView } from '../../../common/usage';
import { ageText, USAGE_STALE_MS, usageWindowText, WINDOW_LABEL } from '../../../common/usage-text';
import { usageFor, USAGE_WINDOWS, type UsageRecord } from './usage-record';

/** The login folder of a Claude.ai account (issue 14's storageDir); undefined = the default account. */
function storageDirOf(p: Profile): string | undefined {
  const d = (p as { storageDir?: unknown }).storageDir;
  return typeof d === 'string' && d !== '' ? d : undefined;
}

/** The latest reading for a Claude.ai profile, from the status line's records. */
export function usageOfProfile(p: Profile, records: readonly UsageRecord[]): UsageView | undefined {
  if (p.kind !== 'claude-ai') return undefined;
  const r = usageFor(records, storageDirOf(p));
  if (!r) return undefined;
  return {
    seenAt: r.seenAt,
    ...(r.fiveHour ? { fiveHour: r.fiveHour } : {}),
    ...(r.sevenDay ? { sevenDay: r.sevenDay } : {}),
  };
}

/** ["5-hour 62 % · resets 14:30", "weekly 18 % · resets Fri 09:00", "seen 2 h ago"]. */
export function usageLines(u: UsageView, now: number): string[] {
  const lines = USAGE_WINDOWS.flatMap((w) => {
    const r = u[w];
    return r ? [`${WINDOW_LABEL[w]} ${usageWindowText(r, now)}`] : [];
  });
  if (now - u.seenAt > USAGE_STALE_MS) lines.push(`seen ${ageText(now - u.seenAt)} ago`);
  return lines;
}

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
