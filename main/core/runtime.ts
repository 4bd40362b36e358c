import * as path from 'node:path';
import type { CliRuntime } from './helper-command';

/**
 * How to re-invoke this app's CLI from a shell, as seen from the running process: node (or the app
 * binary as node) plus the built CLI entry `dist/cli/index.js`.
 */
export function currentCliRuntime(cliDir: string): CliRuntime {
  return {
    execPath: process.execPath,
    cliPath: path.join(cliDir, 'index.js'),
    runAsNode: Boolean(process.versions.electron),
    platform: process.platform,
  };
}
