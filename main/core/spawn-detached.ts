import type * as ChildProcessModule from 'node:child_process';
import { internalBinding } from './node-internals';

/**
 * Starts a process detached (its own session, no terminal, stdio ignored) and lets it run on after
 * this one exits; returns its pid, or undefined when it could not be started. `use` starts Claude
 * Code's check this way (issue 16): through node:child_process the first spawn of a process costs
 * ≈4 ms of CPU (the module and its option handling) for what is one fork and exec, which the
 * libuv process handle that child_process itself drives does in well under 1 ms. That handle is
 * Node's internal API, used only where node-internals.ts allows it; anywhere else, or on any error
 * setting it up, node:child_process does it.
 */
export function spawnDetached(
  file: string,
  args: readonly string[],
  opts: { readonly env: NodeJS.ProcessEnv; readonly cwd: string },
): number | undefined {
  const wrap = internalBinding('process_wrap');
  const Process = wrap?.Process as
    | (new () => {
        spawn(o: object): number;
        unref(): void;
        close(): void;
        pid?: number;
        onexit?: () => void;
      })
    | undefined;
  if (typeof Process === 'function') {
    try {
      const p = new Process();
      if (typeof p.spawn === 'function' && typeof p.unref === 'function') {
        p.onexit = () => p.close();
        const err = p.spawn({
          file,
          args: [file, ...args],
          cwd: opts.cwd,
          envPairs: Object.entries(opts.env)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}=${v}`),
          stdio: [{ type: 'ignore' }, { type: 'ignore' }, { type: 'ignore' }],
          detached: true,
          windowsHide: true,
        });
        if (err !== 0) {
          p.close();
          return undefined;
        }
        p.unref();
        return p.pid;
      }
    } catch {
      // set-up failed: node:child_process below
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('node:child_process') as typeof ChildProcessModule;
  const child = spawn(file, [...args], {
    detached: true,
    stdio: 'ignore',
    env: opts.env,
    cwd: opts.cwd,
    windowsHide: true,
  });
  child.on('error', () => undefined); // no pid then: the caller records no running process
  child.unref();
  return child.pid;
}
