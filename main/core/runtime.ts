import * as path from 'node:path';
import type { CliRuntime } from './helper-command';

/** The parts of `process` that say how this process was started (tests pass others). */
export type ProcessInfo = Pick<NodeJS.Process, 'execPath' | 'platform'> & {
  readonly versions: Partial<Pick<NodeJS.ProcessVersions, 'electron'>>;
};

/**
 * How to re-invoke this app's CLI from a shell, as seen from the running process: node (or the app
 * binary as node) plus the built CLI entry `dist/cli/index.js`. The one answer for the CLI (its own
 * folder) and the tray app (`<app path>/dist/cli`): the app binary runs the CLI only as Node
 * (ELECTRON_RUN_AS_NODE=1), which opens no window.
 */
export function currentCliRuntime(cliDir: string, proc: ProcessInfo = process): CliRuntime {
  return {
    execPath: proc.execPath,
    cliPath: path.join(cliDir, 'index.js'),
    runAsNode: Boolean(proc.versions.electron),
    platform: proc.platform,
  };
}
