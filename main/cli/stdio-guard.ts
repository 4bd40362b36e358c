/**
 * `claude-auth-tray status | head -1`: once the reader is gone a write fails with EPIPE, which Node
 * raises as an unhandled 'error' event (a stack, exit 1). Every command instead runs on to its own
 * exit code with its output going nowhere, as `ls | head -1` does; the failed write is dropped, and
 * later ones are too (a destroyed stream emits no second error). Any other output error is still one.
 *
 * Asking for process.stdout and process.stderr creates them (a stream over a pipe each, ≈1.5 ms):
 * `use` writes its lines straight to the descriptor (output.ts `outDirect`) and guards the streams
 * only when it hands over to the full command set or reports an error (issue 16).
 */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listeners('error').includes(dropEpipe)) continue;
    stream.on('error', dropEpipe);
  }
}

function dropEpipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}
