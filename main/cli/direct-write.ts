import * as fs from 'node:fs';

/**
 * Writes `text` straight to a descriptor, without setting up process.stdout/stderr: a stream over a
 * pipe loads node:net and its machinery, more than a hot path's whole output costs (issue 16: the
 * `api-key` helper, the status line). Writes on after a partial write or a non-blocking pipe's
 * EAGAIN; output to a reader that left (EPIPE) is dropped, as stdio-guard.ts does for the streams.
 * The bytes are written as given (a status line passes the user's own output on unchanged).
 */
export function writeDirect(fd: 1 | 2, text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(fd, buf));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw e;
    }
  }
}
