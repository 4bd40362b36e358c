/**
 * The status line as Claude Code runs it, for tests of the wrapped line: the command from
 * settings.json, run under dash with one JSON line on stdin (issue 15).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The `statusLine.command` this app wrote into `<claudeDir>/settings.json`. */
export function statusLineCommand(claudeDir: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(claudeDir, 'settings.json'), 'utf8')) as {
      statusLine: { command: string };
    }
  ).statusLine.command;
}

/** Runs `cmd` with /usr/bin/dash -c, `stdin` plus a newline as its input; its stdout. */
export function runInDash(cmd: string, stdin: string, env: NodeJS.ProcessEnv, cwd?: string): string {
  const r = spawnSync('/usr/bin/dash', ['-c', cmd], {
    env,
    input: `${stdin}\n`,
    encoding: 'utf8',
    cwd,
    timeout: 20_000,
  });
  return r.stdout;
}

/** What Claude Code pipes for a session started in `cwd`, without rate limits. */
export const sessionWithoutLimits = (cwd: string): string =>
  JSON.stringify({ cwd, workspace: { current_dir: cwd, project_dir: cwd } });
