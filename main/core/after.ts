/**
 * Calls `f` after `ms` unless cancelled first (the returned function). Through Atomics.waitAsync where
 * there is one: Node's setTimeout and clearTimeout cost a short process ≈0.3–0.5 ms of lazy compiles of
 * Node's timer lists on their first call, for a timeout that almost never fires (issue 16: the Secret
 * Service conversation's 2 s, the helper command's timeout). Like an unref'd timer it keeps no process
 * alive: what it guards does (the conversation's socket, the command's process and pipes).
 */
export function after(ms: number, f: () => void): () => void {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  // Plain Node only: in Electron (the tray) the timeout task goes to its own platform, unverified.
  if (typeof waitAsync === 'function' && !process.versions.electron) {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const r = waitAsync(cell, 0, 0, ms);
    if (r.async) {
      void r.value.then((v) => {
        if (v === 'timed-out') f();
      });
      return () => void Atomics.notify(cell, 0);
    }
  }
  const t = setTimeout(f, ms);
  return () => clearTimeout(t);
}
type WaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
