/**
 * One of Node's internal bindings (the libuv handles node:net and node:child_process drive), where
 * it is safe to use one: only on the Node majors it was checked on, never in Electron, never under
 * --pending-deprecation (process.binding is deprecated in the documentation, DEP0111; with that flag
 * it would print a warning). undefined elsewhere or on any error: the caller takes the public module.
 * Issue 16: the public modules' first use costs a CLI more than the work (a socket: ≈7 ms of CPU, a
 * detached spawn: ≈4 ms); the handles themselves cost well under 1 ms.
 */
const CHECKED_MAJORS = new Set(['20']);

let usable: boolean | undefined;

export function internalBinding(
  name: 'pipe_wrap' | 'stream_wrap' | 'process_wrap',
): Record<string, unknown> | undefined {
  if (usable === undefined) {
    const binding = (process as unknown as { binding?: { name?: string } }).binding;
    const pending =
      // Node wraps process.binding as `deprecated` under pending deprecation, whichever way it was
      // asked for (--pending_deprecation too: the review found the underscore spelling got through).
      binding?.name !== 'binding' ||
      process.execArgv.some((a) => /^--pending[-_]deprecation/.test(a)) ||
      /--pending[-_]deprecation/.test(process.env.NODE_OPTIONS ?? '') ||
      process.env.NODE_PENDING_DEPRECATION === '1';
    usable =
      !pending &&
      !process.versions.electron &&
      CHECKED_MAJORS.has(process.versions.node.split('.')[0]!) &&
      typeof (process as unknown as { binding?: unknown }).binding === 'function';
  }
  if (!usable || forcePublic) return undefined;
  try {
    return (process as unknown as { binding(n: string): Record<string, unknown> }).binding(name);
  } catch {
    return undefined;
  }
}

/**
 * Sends a signal to a process or (negative pid) a process group, as process.kill does, where Node's
 * own unchecked call underneath it is usable (internalBinding's rules): process.kill turns the usual
 * answer after a command ended, ESRCH (the group is gone), into an exception with a stack trace,
 * ≈0.3 ms of a cold apiKeyHelper run (issue 16). Returns whether the signal was sent; anything
 * elsewhere goes through process.kill. false, sending nothing, for a pid that is not a safe non-zero integer.
 */
export function signalProcess(pid: number, signal: 'SIGKILL'): boolean {
  // Node's unchecked kill does not check the pid (NaN becomes 0: the caller's own process group; 1.5
  // becomes 1) and 0 is the caller's group for either: never a helper's pid.
  if (!Number.isSafeInteger(pid) || pid === 0) return false;
  const raw = (process as unknown as { _kill?: unknown })._kill;
  // SIGKILL is 9 wherever POSIX signals are (this is never called on Windows).
  if (typeof raw === 'function' && process.platform !== 'win32' && internalBinding('process_wrap'))
    return (raw as (pid: number, sig: number) => number).call(process, pid, 9) === 0;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

let forcePublic = false;
/** Tests: the public modules only, as on a Node where the bindings are not used. */
export function usePublicModulesOnly(on: boolean): void {
  forcePublic = on;
}
