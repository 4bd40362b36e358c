/**
 * The `statusLine` key in Claude Code's settings.json, owned like every other key the app writes
 * (issue 15, item 1): one entry in the plan the settings bridge merges. A status line of the user's
 * own is kept and wrapped — our command runs theirs with the same input — and `off` gives back their
 * value byte for byte (the bridge keeps its text as the entry's prior).
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { PlanEntry } from '../claude-settings/activation-plan';
import { ownsValue, type OwnedRecord } from '../claude-settings/settings-merge';
import { quoteCmd, quoteSh, type CliRuntime } from '../helper-command';
import { STATUS_INPUT_VAR } from './status-line-input';

export const STATUS_LINE_KEY = 'statusLine';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A status line Claude Code would run: `{ "type": "command", "command": "…" }`. */
export function isCommandStatusLine(v: unknown): v is Obj & { type: 'command'; command: string } {
  return isObj(v) && v.type === 'command' && typeof v.command === 'string' && v.command.trim() !== '';
}

/** Our CLI's status-line mode as a POSIX sh command (Claude Code runs status lines with `/bin/sh -c`). */
function oursSh(rt: CliRuntime, args: readonly string[], env = ''): string {
  const cmd = [quoteSh(rt.execPath), quoteSh(rt.cliPath), ...args.map(quoteSh)].join(' ');
  return `${env}${rt.runAsNode ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${cmd}`;
}

/**
 * The command Claude Code runs for our status line. With the user's own line on macOS/Linux, a small
 * POSIX shell line runs theirs and ours at the same time (issue 15: wrapping must add no visible
 * delay; starting theirs from our Node process would add Node's start-up to theirs): it reads the JSON
 * once — one line: Claude Code 2.1.197 writes `JSON.stringify(input)` and a newline, then closes (its
 * hook runner; the compat test's user line parses what it gets), and the shell's own `read` saves
 * starting `cat` (≈ 4 ms of the ≈ 10 the line adds, bench) —, pipes it to theirs run exactly as
 * Claude Code would (`/bin/sh -c`, stderr untouched), and theirs' output becomes our stdin, the JSON our
 * environment (`statusline --wrapped`: prints theirs, then ours; stops theirs with what it started
 * after 4 s). Our exit status is the line's, so Claude Code always shows it. (The JSON is small —
 * Claude Code's status input is a few fixed fields —, far below the 128 KB one variable may hold.)
 *
 * Windows keeps the earlier form (our process starts theirs; base64 because no quoting survives every
 * layer), untested here. Caution: Claude Code 2.1.197's hook runner, which runs status lines, uses
 * Git Bash on Windows (PowerShell when it finds none), not cmd — so the cmd syntax below (`set "…" &&`,
 * `^%`) is likely wrong there for the packaged app; the POSIX line above may be what Git Bash needs.
 * To verify on a Windows machine before changing.
 */
export function statusLineCommand(rt: CliRuntime, wrapped?: string): string {
  if (rt.platform === 'win32') {
    const args = ['statusline', ...(wrapped ? ['--wrap-b64', Buffer.from(wrapped, 'utf8').toString('base64')] : [])];
    const cmd = [quoteCmd(rt.execPath), quoteCmd(rt.cliPath), ...args].join(' ');
    return rt.runAsNode ? `set "ELECTRON_RUN_AS_NODE=1" && ${cmd}` : cmd;
  }
  if (!wrapped) return oursSh(rt, ['statusline']);
  return `IFS= read -r i; printf '%s\\n' "$i" | /bin/sh -c ${quoteSh(wrapped)} | ${oursSh(rt, ['statusline', '--wrapped'], `${STATUS_INPUT_VAR}="$i" `)}`;
}

/** True for a status line this app wrote (any runtime path). */
export function isOurStatusLine(v: unknown): boolean {
  return isCommandStatusLine(v) && /\bstatusline(?: --wrap(?:-b64)? | --wrapped\s*$|\s*$)/.test(v.command);
}

/**
 * The user's own status line: the current value when it is theirs, else (while ours is in place)
 * the value it replaced, from the bridge's record.
 */
export function userStatusLine(current: unknown, owned: OwnedRecord): unknown {
  const e = owned.entries.find((x) => x.path.length === 1 && x.path[0] === STATUS_LINE_KEY);
  if (e && current !== undefined && ownsValue(e, current)) {
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
