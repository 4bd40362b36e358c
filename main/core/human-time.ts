/** "42 min", "3 h", "2 days": short human durations for menus, notifications and the CLI. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400 * 2) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/** "in 42 min" / "42 min ago". */
export function relTime(ms: number): string {
  return ms >= 0 ? `in ${humanDuration(ms)}` : `${humanDuration(ms)} ago`;
}
