/**
 * The `statusLine` key in Claude Code's settings.json, owned like every other key the app writes
 * (issue 15, item 1): one entry in the plan the settings bridge merges. A status line of the user's
 * own is kept and wrapped — our command runs theirs with the same input — and `off` gives back their
 * value byte for byte (the bridge keeps its text as the entry's prior).
 */
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { PlanEntry } from '../claude-settings/activation-plan';
import { ownsValue, type OwnedRecord } from '../claude-settings/settings-merge';
import { quoteSh, type CliRuntime } from '../helper-command';
import { keyShellExpr, statusCachePath } from './status-line-cache';
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

/** The user's deadline: Claude Code cancels a status line after 5 s; ours must print before. */
export const THEIRS_DEADLINE_S = 4;

/**
 * The shell line that wraps the user's status line without Node on its path (issue 15: "no visible
 * delay"). Claude Code runs it with `/bin/sh -c`, detached (its own process group), the JSON and a
 * newline on stdin (2.1.197's hook runner). In order:
 *  - reads the JSON once (the shell's own `read`: one line) and builds the session key `k`
 *    (status-line-cache.ts: login folder, cloud switches, whether a key variable is set, limits);
 *  - takes our text from the cache when the cache is newer than profiles.json and holds a line for
 *    `k` — builtins only, no process started;
 *  - without one (rare: the first line after a change nobody rendered), the previous form: theirs
 *    piped into our Node command, which prints both, records and writes the cache;
 *  - with one: a watchdog subshell (`sleep 4`, then `statusline --stop` — the user's line and what it
 *    started; killed as soon as theirs is done, its trap takes the sleep along), theirs run exactly as
 *    Claude Code would run it (`/bin/sh -c`, the same input, stderr untouched) and its output kept byte
 *    for byte; then, when the input carries limits, the recorder started detached — stdio on
 *    /dev/null, the JSON in its environment, never a command line or a file — before printing, so a
 *    Claude Code gone meanwhile (SIGPIPE on our printf) loses no reading; then theirs (trailing
 *    whitespace dropped) with ours after its first line, exactly as `--wrapped` prints it.
 * The input is only ever expanded inside double quotes or as a `case` word: never run, never split.
 */
function fastWrappedLine(rt: CliRuntime, wrapped: string, dataDir: string): string {
  const cache = quoteSh(statusCachePath(dataDir));
  const profiles = quoteSh(path.join(dataDir, 'profiles.json'));
  const input = `${STATUS_INPUT_VAR}="$i" `;
  const theirs = `/bin/sh -c ${quoteSh(wrapped)}`;
  const quiet = '</dev/null >/dev/null 2>&1';
  return [
    'IFS= read -r i',
    `f=${cache}`,
    "n='\n'",
    keyShellExpr(),
    'c=',
    // A regular file only (a FIFO would block the read, a link is none of ours); a line with a control
    // character (escape sequences) is none of ours either: the slow path renders it again.
    `if [ -f "$f" ] && [ ! -h "$f" ] && [ "$f" -nt ${profiles} ]; then while IFS= read -r l; do case $l in "$k\t"*) c=\${l#*\t}; break;; esac; done <"$f"; fi`,
    'case $c in *[[:cntrl:]]*) c=;; esac',
    `if [ -z "$c" ]; then printf '%s\\n' "$i" | ${theirs} | ${oursSh(rt, ['statusline', '--wrapped'], input)}`,
    `else (trap 'kill -9 $! 2>/dev/null; exit' TERM; sleep ${THEIRS_DEADLINE_S} & wait; ${oursSh(rt, ['statusline', '--stop'])} $$) ${quiet} & w=$!`,
    // (A here-document would save printf's fork, ≈ 0.5 ms, but bash 3.2 — macOS's /bin/sh — writes
    // it to a temp file and has had bugs with here-documents inside $(…).)
    `t=$(printf '%s\\n' "$i" | ${theirs})`,
    'kill $w 2>/dev/null',
    `case $k in *L) ${oursSh(rt, ['statusline', '--record'], input)} ${quiet} & ;; esac`,
    'while :; do case $t in *[[:space:]]) t=${t%?};; *) break;; esac; done',
    `case $t in '') printf '%s\\n' "$c";; *"$n"*) printf '%s  │  %s\\n%s\\n' "\${t%%"$n"*}" "$c" "\${t#*"$n"}";; *) printf '%s  │  %s\\n' "$t" "$c";; esac`,
    'fi',
  ].join('; ');
}

/**
 * The command Claude Code runs for our status line: our Node command alone, or, with the user's own
 * line on macOS/Linux, the shell line above (the cache in dataDir).
 *
 * Windows: Claude Code 2.1.197 runs status lines (its hook runner) with Git Bash —
 * `spawn(command, { shell: <Git Bash's bash.exe> })`, i.e. `bash -c`, with Git Bash's folder put first
 * on PATH; PowerShell only where no Git Bash is found (it then refuses bash hooks) or when the entry
 * says `"shell": "powershell"`. So the Windows form is bash syntax too: forward-slash paths in single
 * quotes, the variable as a `VAR=value` prefix. It keeps our process starting theirs (`--wrap-b64`,
 * with bash, as Claude Code would): the fast line's watchdog stops processes by pid, and Git Bash's
 * pids are not Windows pids. Not run here (no Windows machine): a unit test pins the string.
 */
export function statusLineCommand(rt: CliRuntime, wrapped?: string, dataDir?: string): string {
  if (rt.platform === 'win32') {
    const win = { ...rt, execPath: rt.execPath.replace(/\\/g, '/'), cliPath: rt.cliPath.replace(/\\/g, '/') };
    const args = ['statusline', ...(wrapped ? ['--wrap-b64', Buffer.from(wrapped, 'utf8').toString('base64')] : [])];
    return oursSh(win, args);
  }
  if (!wrapped) return oursSh(rt, ['statusline']);
  if (dataDir) return fastWrappedLine(rt, wrapped, dataDir);
  return `IFS= read -r i; printf '%s\\n' "$i" | /bin/sh -c ${quoteSh(wrapped)} | ${oursSh(rt, ['statusline', '--wrapped'], `${STATUS_INPUT_VAR}="$i" `)}`;
}

/** True for a status line this app wrote (any runtime path). */
export function isOurStatusLine(v: unknown): boolean {
  return isCommandStatusLine(v) && /\bstatusline(?: --wrap(?:-b64)? | --wrapped\b|\s*$)/.test(v.command);
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
export function statusLineEntry(rt: CliRuntime, user: unknown, dataDir?: string): PlanEntry {
  const object: Obj = isCommandStatusLine(user)
    ? { ...user, command: statusLineCommand(rt, user.command, dataDir) }
    : { type: 'command', command: statusLineCommand(rt), padding: 0 };
  return { path: [STATUS_LINE_KEY], value: JSON.stringify(object), object };
}
