import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` as a fresh file (mode 600) renamed over `file`: readers see the old content or the new,
 * never half of it, and a link (symbolic or hard) planted at the name is replaced, never written
 * through. Not fsynced: for small records whose loss in a crash costs only asking again (the helper's
 * served record, the running background check; the helper's stamp where links cannot be made,
 * helper-refresh.ts). The temp name is the form atomic-write.ts sweeps. The lean form of that module's
 * write, for hot paths: four system calls (its link resolution, folder sweep and mode fix-up cost a
 * switch ≈1 ms; issue 16). false on any failure, nothing left.
 */
export function replaceFile(file: string, text: string): boolean {
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // not created
    }
    return false;
  }
}

/** A temp name beside `file`: `.<name>.<pid>.<8 hex>.tmp`, the form atomic-write.ts sweeps. */
export function tempBeside(file: string): string {
  const hex = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${hex}.tmp`);
}

/** Where a small record is read as a file: never through a link, never blocking on a FIFO at the name. */
const RECORD_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * A small record's text (a lock, the helper's stamp): the target of a symbolic link at the name (the
 * record written as a link, which points at nothing), else the content of a regular file of at most
 * `max` bytes (`link` says which). A link is never followed; anything else at the name (a FIFO, a folder, a socket) or a
 * larger file throws, as a missing one does (ENOENT).
 */
export function readLinkOrFile(file: string, max = Infinity): { text: string; link: boolean } {
  try {
    return { text: fs.readlinkSync(file), link: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e; // EINVAL: not a link
  }
  const fd = fs.openSync(file, RECORD_FLAGS);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > max) throw new Error('not a record file');
    return { text: fs.readFileSync(fd, 'utf8'), link: false };
  } finally {
    fs.closeSync(fd);
  }
}
