import { internalBinding } from './node-internals';
import { rawPipe, type PipeHandle, type Raw } from './unix-socket';

/** What spawnPiped reports: output as it comes, then the end (exit seen and both pipes at their end). */
export interface PipedListener {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** node:child_process's 'close': the exit code, or null and the signal that ended the process. */
  close(code: number | null, signal: NodeJS.Signals | null): void;
}

interface ProcessHandle {
  spawn(o: object): number;
  close(cb?: () => void): void;
  pid?: number;
  onexit?: (exitCode: number, signalCode: string) => void;
}

/**
 * Starts `file` with `args` (stdin ignored, stdout and stderr piped to the listener), in its own
 * process group when `detached` — what node:child_process's spawn does with the same options, on the
 * same libuv process and pipe handles it drives itself, without loading the module: a cold apiKeyHelper
 * run starts the user's command once, and child_process's first spawn cost more than the fork and exec
 * (≈4 ms of CPU: the module, its streams and option handling; issue 16). Returns the pid, or undefined
 * when the handles are not usable here (node-internals.ts) or the program could not be started: the
 * caller then takes node:child_process, which reports why.
 */
export function spawnPiped(
  file: string,
  args: readonly string[],
  opts: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string | undefined; readonly detached: boolean },
  on: PipedListener,
): number | undefined {
  const wrap = internalBinding('process_wrap');
  const Process = wrap?.Process as (new () => ProcessHandle) | undefined;
  const r = typeof Process === 'function' ? rawPipe() : undefined;
  if (!Process || !r) return undefined;
  let p: ProcessHandle;
  let out: PipeHandle;
  let err: PipeHandle;
  try {
    p = new Process();
    out = new r.Pipe(r.SOCKET);
    err = new r.Pipe(r.SOCKET);
  } catch {
    return undefined;
  }
  const closeAll = (): void => {
    for (const h of [p, out, err]) {
      try {
        h.close();
      } catch {
        // not a handle any more
      }
    }
  };
  let status: number;
  try {
    status = p.spawn({
      file,
      args: [file, ...args],
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      envPairs: Object.entries(opts.env)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v}`),
      stdio: [{ type: 'ignore' }, { type: 'pipe', handle: out }, { type: 'pipe', handle: err }],
      detached: opts.detached,
      windowsHide: true,
    });
  } catch {
    status = -1;
  }
  if (status !== 0 || typeof p.pid !== 'number') {
    closeAll();
    return undefined;
  }
  // 'close' as child_process has it: after the exit and the end of both pipes, whichever comes last.
  let open = 3;
  let code: number | null = null;
  let signal: NodeJS.Signals | null = null;
  const done = (): void => {
    if (--open === 0) on.close(code, signal);
  };
  p.onexit = (exitCode, signalCode) => {
    if (signalCode) signal = signalCode as NodeJS.Signals;
    else code = exitCode;
    p.close();
    done();
  };
  read(r, out, on.stdout, done);
  read(r, err, on.stderr, done);
  return p.pid;
}

/** Reads a pipe until its end (or a read error), then closes it and calls `end`. */
function read(r: Raw, h: PipeHandle, data: (b: Buffer) => void, end: () => void): void {
  let ended = false;
  const finish = (): void => {
    if (ended) return;
    ended = true;
    h.readStop();
    h.close(end);
  };
  h.onread = (ab) => {
    const n = r.state[r.kRead]!;
    if (n > 0 && ab) data(Buffer.from(ab, r.state[r.kOffset]!, n));
    else if (n < 0) finish(); // the end of the stream (UV_EOF) or an error: either way no more output
  };
  if (h.readStart() < 0) finish();
}
