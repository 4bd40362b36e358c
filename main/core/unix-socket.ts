import * as fs from 'node:fs';
import type * as Net from 'node:net';
import { internalBinding } from './node-internals';

/**
 * A client connection to a Unix socket (the session bus) for one short conversation, with the
 * events secret-service-read.ts listens to: 'connect', 'data', 'error', 'close'.
 *
 * Through node:net the first connection of a process costs ≈6–8 ms of CPU: the module with its
 * streams, the Socket, the stream machinery's first run — more than the whole Secret Service
 * conversation, and a third of a `use` (issue 16; measured: connect plus one round trip on the bus,
 * 7 ms of CPU through net, 0.6 ms through the handle). So where Node exposes it, the libuv pipe
 * handle that net itself drives is used directly (process.binding('pipe_wrap'), the same handle,
 * connect request and read/write calls as net's own socket): the same bytes on the same socket,
 * without the stream layers. That binding is Node's internal API, used only where node-internals.ts
 * allows it and only with the shape checked here; anything else — another Node, Electron, a missing
 * or changed binding, any error setting it up — takes node:net.
 */
export interface UnixSocket {
  on(event: 'connect' | 'close', l: () => void): void;
  on(event: 'data', l: (chunk: Buffer) => void): void;
  on(event: 'error', l: (e: unknown) => void): void;
  write(data: Buffer): void;
  /**
   * Writes `data` at once, before the connection is reported (a Unix socket's connect completes in the
   * call itself; libuv reports it a turn of the event loop later): true when it went out (any rest
   * queued behind it), false when it could not — then write it on 'connect' as usual. Only on the
   * pipe handle.
   */
  writeNow?(data: Buffer): boolean;
  destroy(): void;
}

export interface PipeHandle {
  /** The socket's descriptor (POSIX), -1 before there is one. */
  readonly fd?: number;
  connect(req: object, path: string): number;
  readStart(): number;
  readStop(): number;
  writeBuffer(req: object, data: Buffer): number;
  close(cb?: () => void): void;
  onread?: (ab: ArrayBuffer | undefined) => void;
}
export interface Raw {
  Pipe: new (type: number) => PipeHandle;
  PipeConnectWrap: new () => { oncomplete?: (status: number) => void };
  WriteWrap: new () => { handle?: PipeHandle; oncomplete?: () => void; async?: boolean };
  SOCKET: number;
  state: Int32Array;
  kRead: number;
  kOffset: number;
  kAsync: number;
}

let raw: Raw | null | undefined; // null: not available here

export function rawPipe(): Raw | undefined {
  if (raw !== undefined) return raw ?? undefined;
  raw = null;
  const p = internalBinding('pipe_wrap');
  const s = p && internalBinding('stream_wrap');
  const constants = p?.constants as { SOCKET?: unknown } | undefined;
  if (
    p &&
    s &&
    typeof p.Pipe === 'function' &&
    typeof p.PipeConnectWrap === 'function' &&
    typeof s.WriteWrap === 'function' &&
    typeof constants?.SOCKET === 'number' &&
    s.streamBaseState instanceof Int32Array &&
    typeof s.kReadBytesOrError === 'number' &&
    typeof s.kArrayBufferOffset === 'number' &&
    typeof s.kLastWriteWasAsync === 'number'
  ) {
    raw = {
      Pipe: p.Pipe as Raw['Pipe'],
      PipeConnectWrap: p.PipeConnectWrap as Raw['PipeConnectWrap'],
      WriteWrap: s.WriteWrap as Raw['WriteWrap'],
      SOCKET: constants.SOCKET,
      state: s.streamBaseState,
      kRead: s.kReadBytesOrError,
      kOffset: s.kArrayBufferOffset,
      kAsync: s.kLastWriteWasAsync,
    };
  }
  return raw ?? undefined;
}

/** Connects to the socket at `path` (a leading NUL: an abstract socket, as net takes it). */
export function connectUnix(path: string, opts: { viaNet?: boolean } = {}): UnixSocket {
  const r = opts.viaNet ? undefined : rawPipe();
  if (r) {
    try {
      return viaHandle(r, path);
    } catch {
      // set-up failed: node:net below
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require('node:net') as typeof Net;
  return net.createConnection(path);
}

function viaHandle(r: Raw, path: string): UnixSocket {
  const listeners: Record<string, Array<(a?: unknown) => void>> = { connect: [], data: [], error: [], close: [] };
  const emit = (event: string, arg?: unknown): void => {
    for (const l of listeners[event]!) l(arg);
  };
  const handle = new r.Pipe(r.SOCKET);
  const writes = new Set<object>(); // kept alive until libuv is done with them
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    handle.readStop();
    handle.close(() => emit('close'));
  };
  const fail = (e: unknown): void => {
    if (closed) return;
    emit('error', e);
    close();
  };
  const req = new r.PipeConnectWrap();
  req.oncomplete = (status: number) => {
    if (closed) return;
    if (status < 0) return fail(new Error(`connect failed (${status})`));
    handle.onread = (ab) => {
      const n = r.state[r.kRead]!;
      if (n > 0 && ab) emit('data', Buffer.from(ab, r.state[r.kOffset]!, n));
      else if (n < 0) fail(new Error(`read failed (${n})`)); // the end of the stream too
    };
    const err = handle.readStart();
    if (err < 0) return fail(new Error(`read failed (${err})`));
    emit('connect');
  };
  const err = handle.connect(req, path);
  if (err < 0) {
    handle.close();
    throw new Error(`connect failed (${err})`);
  }
  const socket = {
    on(event: string, l: (a?: never) => void) {
      listeners[event]!.push(l as (a?: unknown) => void);
    },
    writeNow(data: Buffer): boolean {
      // Straight to the descriptor: an AF_UNIX connect() is done when it returns (a full backlog is an
      // error, never "in progress"), so the bytes need no turn of the event loop, which `use` spends
      // loading its switch instead (issue 16). Anything unexpected (no descriptor, EAGAIN, a failed
      // connect: ENOTCONN) writes nothing here and leaves the bytes to 'connect'.
      const fd = handle.fd;
      if (closed || typeof fd !== 'number' || fd < 0) return false;
      let n: number;
      try {
        n = fs.writeSync(fd, data);
      } catch {
        return false;
      }
      if (n < data.length) socket.write(data.subarray(n)); // libuv sends the rest once connected
      return true;
    },
    write(data: Buffer) {
      if (closed) return;
      const w = new r.WriteWrap();
      w.handle = handle;
      w.async = false;
      w.oncomplete = () => writes.delete(w);
      writes.add(w);
      const e = handle.writeBuffer(w, data);
      if (e < 0) fail(new Error(`write failed (${e})`));
      else if (r.state[r.kAsync] === 0) writes.delete(w); // written at once: no completion follows
    },
    destroy: close,
  };
  return socket as UnixSocket;
}
