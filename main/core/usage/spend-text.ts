import type { SpendView } from '../../../common/usage';
import { ageText } from '../../../common/usage-text';

/** Spend is refreshed at most hourly: older than this, say how old. */
const SPEND_STALE_MS = 2 * 3600_000;

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** "organisation spend: today $1.23 · this month $45.67" (and its age when stale). */
export function spendLine(s: SpendView, now: number): string {
  const age = now - s.fetchedAt > SPEND_STALE_MS ? ` (${ageText(now - s.fetchedAt)} ago)` : '';
  return `organisation spend: today ${usd(s.todayUsd)} · this month ${usd(s.monthUsd)}${age}`;
}
