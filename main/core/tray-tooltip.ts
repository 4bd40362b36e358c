/**
 * The tray's tooltip, fitted to the platform. Windows cuts a tooltip at 127 characters
 * (NOTIFYICONDATA.szTip: 128 UTF-16 units with its NUL) silently and mid-word, so on win32 the app
 * shortens it itself: the warning first, then a long profile name, each at a whole word with "…";
 * the active profile's state always stays. Pure: the platform is passed in.
 */

/** Characters (UTF-16 units, as Windows counts them) a win32 tray tooltip keeps. */
export const WIN32_TOOLTIP_MAX = 127;

const SEP = ' — ';
/** Less room than this for the warning and it is left out (a stub of it says nothing). */
const MIN_TAIL = 16;

/**
 * At most max characters, cut at a word with "…" (a text of one long word is cut inside it, never
 * between the halves of a surrogate pair).
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  if (space > max / 2) head = head.slice(0, space);
  else if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head.replace(/[\s,;:.]+$/, '')}…`;
}

export interface TooltipParts {
  /** "Claude Auth Tray", or the problem's title: always whole. */
  readonly head: string;
  /** The active profile's name and state ("key rejected"): the state always whole. */
  readonly name?: string;
  readonly state?: string;
  /** Then a warning or the problem's message: the first to give way. */
  readonly tail?: string;
}

const join = (head: string, name: string | undefined, state: string | undefined, tail?: string): string =>
  [head, state === undefined ? undefined : name === undefined ? state : `${name} · ${state}`, tail]
    .filter((x) => x !== undefined && x !== '')
    .join(SEP);

/** The tooltip text: whole, or on win32 fitted into WIN32_TOOLTIP_MAX characters. */
export function fitTrayTooltip(p: TooltipParts, platform: string): string {
  const max = WIN32_TOOLTIP_MAX;
  const whole = join(p.head, p.name, p.state, p.tail);
  if (platform !== 'win32' || whole.length <= max) return whole;
  const core = join(p.head, p.name, p.state);
  const room = max - core.length - SEP.length;
  if (p.tail && room >= MIN_TAIL) return join(p.head, p.name, p.state, shorten(p.tail, room));
  if (core.length <= max || p.name === undefined) return shorten(core, max);
  const rest = join(p.head, '', p.state).length; // the head, " — ", " · " and the state
  return join(p.head, shorten(p.name, max - rest), p.state);
}
