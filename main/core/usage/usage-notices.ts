/**
 * Usage notifications (issue 15, item 4). Pure: (account, latest reading, sent set, now) → notices.
 * At each threshold (default 80 % and 95 %) of the 5-hour or the weekly window, once per window —
 * only the highest one crossed, so a first reading at 97 % does not fire twice — and once when a
 * window that had been high resets. Keys are `<profile>|usage:<window>:<threshold|reset>|<window end>`
 * (the third field is a time, so pruneSent drops them two days after the window ended).
 */
import type { UsageView } from '../../../common/usage';
import { resetClock, WINDOW_LABEL } from '../../../common/usage-text';
import { sanitizeForTerminal } from '../../../common/terminal-text';
import type { Notice } from '../notification-policy';
import { SAME_WINDOW_MS, USAGE_WINDOWS } from './usage-record';

export interface UsageNoticeInput {
  readonly profile: { readonly id: string; readonly name: string; readonly muted: boolean };
  readonly usage: UsageView | undefined;
  readonly sent: ReadonlySet<string>;
  readonly now: number;
  readonly thresholdsPct: readonly number[];
}

interface SentKey {
  readonly key: string;
  readonly window: string;
  readonly what: string;
  readonly end: number;
}

function parseKey(profileId: string, key: string): SentKey | undefined {
  const m = /^(.*)\|usage:(fiveHour|sevenDay):(\d+|reset)\|(\d+)$/.exec(key);
  if (!m || m[1] !== profileId) return undefined;
  return { key, window: m[2]!, what: m[3]!, end: Number(m[4]) };
}

export function usageNotices(i: UsageNoticeInput): { notices: Notice[]; sent: Set<string> } {
  const sent = new Set(i.sent);
  const notices: Notice[] = [];
  const id = i.profile.id;
  const name = sanitizeForTerminal(i.profile.name);
  const mine = [...sent].map((k) => parseKey(id, k)).filter((k): k is SentKey => k !== undefined);
  const push = (key: string, title: string, body: string): void => {
    if (sent.has(key)) return;
    sent.add(key);
    if (!i.profile.muted) notices.push({ key, profileId: id, title, body, screen: 'edit' });
  };
  const thresholds = [...new Set(i.thresholdsPct)].sort((a, b) => a - b);

  for (const w of USAGE_WINDOWS) {
    const label = WINDOW_LABEL[w];
    // A window that was high and has ended since: say so once.
    const highEnds = new Set(mine.filter((k) => k.window === w && k.what !== 'reset').map((k) => k.end));
    for (const end of highEnds) {
      if (end > i.now) continue;
      push(
        `${id}|usage:${w}:reset|${end}`,
        `${name}: the ${label} limit has reset`,
        `Claude Code can use the full ${label} allowance of this account again.`,
      );
    }

    const r = i.usage?.[w];
    if (!r || r.resetsAt === undefined || r.resetsAt <= i.now) continue;
    // The window this reading belongs to, as first recorded (reset times may move a little).
    const known = mine.find((k) => k.window === w && Math.abs(k.end - r.resetsAt!) < SAME_WINDOW_MS);
    const end = known?.end ?? r.resetsAt;
    const crossed = thresholds.filter((t) => r.usedPercent >= t);
    const top = crossed.at(-1);
    if (top === undefined) continue;
    for (const t of crossed.slice(0, -1)) sent.add(`${id}|usage:${w}:${t}|${end}`);
    const last = top === thresholds.at(-1);
    push(
      `${id}|usage:${w}:${top}|${end}`,
      `${name}: ${Math.round(r.usedPercent)} % of the ${label} limit used`,
      `It resets at ${resetClock(r.resetsAt, i.now)}.${last ? ' At 100 % Claude Code stops until then.' : ''}`,
    );
  }
  return { notices, sent };
}
