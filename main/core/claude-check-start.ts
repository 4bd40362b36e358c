import * as path from 'node:path';
import { findOnPath } from './find-on-path';
import { appDataDir, type Env } from './paths';
import { replaceFile } from './replace-file';
import { spawnDetached } from './spawn-detached';

/**
 * Starting the background `claude auth status` check of a switch (issue 16), apart from
 * claude-check.ts (the verdicts, fingerprints and Claude Code's answer), so that `use`'s first stage
 * loads only this: it starts the check before the switch's own code is loaded (see main/cli/use.ts).
 */

export function checkRecordPath(env: Env = process.env): string {
  return path.join(appDataDir(env), 'claude-check.json');
}

/**
 * Whether this process started its check already, or found no `claude` (asked once per process):
 * `use`'s first stage asks, and its second stage or a hand-over to the full command set (other
 * bundles, the same process) must not start a second check.
 */
const STARTED = Symbol.for('claude-auth-tray.background-check-started');
type Started = 'started' | 'no claude' | 'deferred';
const state = (): Record<symbol, Started | undefined> => globalThis as unknown as Record<symbol, Started | undefined>;

/**
 * `use`'s first stage: looks for `claude` now and, when it is there, has the check started by
 * startDeferredCheck when the stage ends (after the switch, its lines and any hand-over), not before
 * the switch. Forking this process costs far more than the fork: libuv forks (no vfork on Node 20),
 * which write-protects every page of the parent, and each page the switch then writes costs a page
 * fault (≈350 a switch, ≈2 ms with the child's start competing for the second core; issue 16). Forked
 * last, only process.exit() is left to pay for it. Meanwhile startBackgroundCheck answers true
 * ("a check is coming"), so the switch, or the full command set it hands over to, says it is checking
 * and starts no check of its own. Returns whether a check is coming.
 */
export function deferBackgroundCheck(env: Env = process.env): boolean {
  const g = state();
  if (g[STARTED]) return g[STARTED] !== 'no claude';
  g[STARTED] = env.CLAUDE_AUTH_TRAY_CLAUDE_BIN || findOnPath('claude', env) ? 'deferred' : 'no claude';
  return g[STARTED] === 'deferred';
}

/** Starts the check deferBackgroundCheck armed (if it did, and once): see startBackgroundCheck. */
export function startDeferredCheck(cliPath: string, env: Env, cwd: string, after: number): void {
  if (state()[STARTED] === 'deferred') spawnCheck(cliPath, env, cwd, after);
}

/**
 * Starts `claude-auth-tray claude-check` detached (its own process, no terminal, not waited for) and
 * records that it runs. Returns false when Claude Code is not installed (nothing to ask); true when
 * it was started now or earlier in this process.
 *
 * `after`: a pid the check waits for before it looks at anything (`claude-check --after`): `use`
 * starts it as its last step, and the check must see the state the switch leaves (the process's
 * end, not its last write: a later `use` in a hand-over, say).
 *
 * Where there is a POSIX shell, the check's Node starts a tenth of a second later (`sleep 0.1`, then
 * the shell becomes that Node: same pid): a Node starting at once takes a core for ≈25 ms while the
 * switch that started it is still finishing, and on a 2-core machine that was most of what `claude`
 * on the PATH added to a switch (issue 16). Claude Code's answer takes ≈330 ms anyway; `status`
 * waits for a check that is still running.
 */
export function startBackgroundCheck(
  cliPath: string,
  env: Env = process.env,
  cwd = process.cwd(),
  after?: number,
): boolean {
  const g = state();
  if (g[STARTED]) return g[STARTED] !== 'no claude';
  if (!(env.CLAUDE_AUTH_TRAY_CLAUDE_BIN || findOnPath('claude', env))) {
    g[STARTED] = 'no claude';
    return false;
  }
  spawnCheck(cliPath, env, cwd, after);
  return true;
}

function spawnCheck(cliPath: string, env: Env, cwd: string, after: number | undefined): void {
  const args = [cliPath, 'claude-check', ...(after === undefined ? [] : ['--after', String(after)])];
  const opts = { env: env as NodeJS.ProcessEnv, cwd };
  // Detached, through the process handle where Node allows it (spawn-detached.ts). No pid: the
  // record shows no running check and `status` asks itself.
  const pid =
    process.platform === 'win32'
      ? spawnDetached(process.execPath, args, opts)
      : spawnDetached('/bin/sh', ['-c', 'sleep 0.1; exec "$0" "$@"', process.execPath, ...args], opts);
  state()[STARTED] = 'started';
  if (pid !== undefined) recordRunning(env, pid);
}

/**
 * `{ running: pid }` into claude-check.json, not fsynced (a record lost in a crash only means asking
 * again; replace-file.ts: ≈1 ms less of a switch than the general atomic write). Never creates the
 * app folder (a check that outlives its folder leaves nothing); no folder, or a race: the next
 * `status` asks Claude Code itself.
 */
function recordRunning(env: Env, pid: number): void {
  replaceFile(checkRecordPath(env), `${JSON.stringify({ version: 1, running: pid, startedAt: Date.now() })}\n`);
}
