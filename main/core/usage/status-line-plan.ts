/**
 * The `statusLine` key in Claude Code's settings.json, owned like every other key the app writes
 * (issue 15, item 1): one entry in the plan the settings bridge merges. A status line of the user's
 * own is kept and wrapped — our command runs theirs with the same input — and `off` gives back their
 * value byte for byte (the bridge keeps its text as the entry's prior).
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { PlanEntry } from '../claude-settings/activation-plan';
import { hashValue, type OwnedRecord } from '../claude-settings/settings-merge';
import { quoteCmd, quoteSh, type CliRuntime } from '../helper-command';

export const STATUS_LINE_KEY = 'statusLine';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A status line Claude Code would run: `{ "type": "command", "command": "…" }`. */
export function isCommandStatusLine(v: unknown): v is Obj & { type: 'command'; command: string } {
  return isObj(v) && v.type === 'command' && typeof v.command === 'string' && v.command.trim() !== '';
}

/**
 * The command Claude Code runs for our status line (through its shell: bash on macOS/Linux). The
 * user's own command rides along as one argument: quoted for sh, base64 for cmd (which has no
 * quoting that keeps every byte).
 */
export function statusLineCommand(rt: CliRuntime, wrapped?: string): string {
  if (rt.platform === 'win32') {
    const args = ['statusline', ...(wrapped ? ['--wrap-b64', Buffer.from(wrapped, 'utf8').toString('base64')] : [])];
    const cmd = [quoteCmd(rt.execPath), quoteCmd(rt.cliPath), ...args].join(' ');
    return rt.runAsNode ? `set "ELECTRON_RUN_AS_NODE=1" && ${cmd}` : cmd;
  }
  const args = ['statusline', ...(wrapped ? ['--wrap', wrapped] : [])];
  const cmd = [quoteSh(rt.execPath), quoteSh(rt.cliPath), ...args.map(quoteSh)].join(' ');
  return rt.runAsNode ? `ELECTRON_RUN_AS_NODE=1 ${cmd}` : cmd;
}

/** True for a status line this app wrote (any runtime path). */
export function isOurStatusLine(v: unknown): boolean {
  return isCommandStatusLine(v) && /\bstatusline(?: --wrap(?:-b64)? |\s*$)/.test(v.command);
}

/**
 * The user's own status line: the current value when it is theirs, else (while ours is in place)
 * the value it replaced, from the bridge's record.
 */
export function userStatusLine(current: unknown, owned: OwnedRecord): unknown {
  const e = owned.entries.find((x) => x.path.length === 1 && x.path[0] === STATUS_LINE_KEY);
  if (e && current !== undefined && hashValue(current) === e.valueHash) {
    return e.prior === undefined ? undefined : (parseJsonc(e.prior) as unknown);
  }
  return current;
}

/**
 * Our entry. The user's other fields (padding, refreshInterval, …) stay as they were; only the
 * command becomes ours, carrying theirs. A user value that is no command status line is replaced
 * while ours is on, and comes back with `off`.
 */
export function statusLineEntry(rt: CliRuntime, user: unknown): PlanEntry {
  const object: Obj = isCommandStatusLine(user)
    ? { ...user, command: statusLineCommand(rt, user.command) }
    : { type: 'command', command: statusLineCommand(rt), padding: 0 };
  return { path: [STATUS_LINE_KEY], value: JSON.stringify(object), object };
}
