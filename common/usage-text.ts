/**
 * How subscription usage reads, everywhere it is shown (status line, tray, window, `status`):
 * "62 % · resets 14:30". Pure; local time of the machine.
 */

export interface UsageWindowView {
  readonly usedPercent: number;
  readonly resetsAt?: number;
}

const DAY_MS = 24 * 3600_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** "14:30" within the next day, else "Fri 09:00". */
export function resetClock(at: number, now: number): string {
  const d = new Date(at);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return at - now < DAY_MS ? hm : `${WEEKDAYS[d.getDay()]} ${hm}`;
}

/** "62 % · resets 14:30" (a reset in the past: the window has reset since). */
export function usageWindowText(w: UsageWindowView, now: number): string {
  const pct = `${Math.round(w.usedPercent)} %`;
  if (w.resetsAt === undefined) return pct;
  if (w.resetsAt <= now) return `${pct} · reset since`;
  return `${pct} · resets ${resetClock(w.resetsAt, now)}`;
}

/** "5 min", "3 h", "2 days": how old a reading is. */
export function ageText(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** A reading older than this is shown with its age. */
export const USAGE_STALE_MS = 15 * 60_000;

export const WINDOW_LABEL = { fiveHour: '5-hour', sevenDay: 'weekly' } as const;

/** ["5-hour 62 % · resets 14:30", "weekly 18 % · resets Fri 09:00", "seen 2 h ago"]. */
export function usageLines(
  u: { readonly fiveHour?: UsageWindowView; readonly sevenDay?: UsageWindowView; readonly seenAt: number },
  now: number,
): string[] {
  const lines = (['fiveHour', 'sevenDay'] as const).flatMap((w) => {
    const r = u[w];
    return r ? [`${WINDOW_LABEL[w]} ${usageWindowText(r, now)}`] : [];
  });
  if (now - u.seenAt > USAGE_STALE_MS) lines.push(`seen ${ageText(now - u.seenAt)} ago`);
  return lines;
}

/** Spend is refreshed at most hourly: older than this, say how old. */
const SPEND_STALE_MS = 2 * 3600_000;

/** "organisation spend: today $1.23 · this month $45.67" (and its age when stale). */
export function spendLine(
  s: { readonly todayUsd: number; readonly monthUsd: number; readonly fetchedAt: number },
  now: number,
): string {
  const age = now - s.fetchedAt > SPEND_STALE_MS ? ` (${ageText(now - s.fetchedAt)} ago)` : '';
  return `organisation spend: today $${s.todayUsd.toFixed(2)} · this month $${s.monthUsd.toFixed(2)}${age}`;
}
