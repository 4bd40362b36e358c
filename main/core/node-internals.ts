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
    const pending =
      process.execArgv.includes('--pending-deprecation') ||
      (process.env.NODE_OPTIONS ?? '').includes('--pending-deprecation') ||
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

let forcePublic = false;
/** Tests: the public modules only, as on a Node where the bindings are not used. */
export function usePublicModulesOnly(on: boolean): void {
  forcePublic = on;
}
