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

/**
 * Starts `claude-auth-tray claude-check` detached (its own process, no terminal, not waited for) and
 * records that it runs. Returns false when Claude Code is not installed (nothing to ask); true when
 * it was started now or earlier in this process.
 *
 * `after`: a pid the check waits for before it looks at anything (`claude-check --after`): `use`
 * starts it before it switches, and the check must see the state the switch leaves.
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
  const g = globalThis as unknown as Record<symbol, 'started' | 'no claude' | undefined>;
  if (g[STARTED]) return g[STARTED] === 'started';
  if (!(env.CLAUDE_AUTH_TRAY_CLAUDE_BIN || findOnPath('claude', env))) {
    g[STARTED] = 'no claude';
    return false;
  }
  const args = [cliPath, 'claude-check', ...(after === undefined ? [] : ['--after', String(after)])];
  const opts = { env: env as NodeJS.ProcessEnv, cwd };
  // Detached, through the process handle where Node allows it (spawn-detached.ts). No pid: the
  // record shows no running check and `status` asks itself.
  const pid =
    process.platform === 'win32'
      ? spawnDetached(process.execPath, args, opts)
      : spawnDetached('/bin/sh', ['-c', 'sleep 0.1; exec "$0" "$@"', process.execPath, ...args], opts);
  g[STARTED] = 'started';
  if (pid !== undefined) recordRunning(env, pid);
  return true;
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
