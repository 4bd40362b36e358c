import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeFile } from './file-lock';

export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. Default 0o600. */
  readonly newFileMode?: number;
  /**
   * false: still atomic (readers see the old or the new content), but not fsynced — for records
   * whose loss in a crash costs nothing but asking again (the Claude Code check's; issue 16).
   */
  readonly durable?: boolean;
  /**
   * false: the data is fsynced before the rename (a crash leaves the old or the new content, never an
   * empty file), but the folder is not: the rename itself may be lost in a crash, leaving the old
   * content. For a record whose older content is still a correct state and that a later durable write
   * to the same folder makes durable anyway (the ownership record after a switch; issue 16).
   */
  readonly syncFolder?: boolean;
  /**
   * false: a symlink at the target is replaced, never written through (a file only this app writes,
   * such as the status line's cache: a link planted there must not redirect our writes).
   */
  readonly followLinks?: boolean;
}

/** A finished, fsynced temp file beside its target: commit renames it into place, abort removes it. */
export interface PendingWrite {
  /** The file that commit replaces (a symlink's target, not the link). */
  readonly file: string;
  commit(): void;
  abort(): void;
}

const writeListeners = new Set<(file: string) => void>();

/**
 * Calls l with the path of every file this process writes atomically, right after the rename: a
 * cache of a file's content (the tray's snapshot inputs, issue 13) drops it without asking the disk.
 */
export function onFileWritten(l: (file: string) => void): () => void {
  writeListeners.add(l);
  return () => writeListeners.delete(l);
}

/**
 * Writes a file so a reader (or a crash) only ever sees the old or the new content:
 * temp file in the same folder, fsync, rename over the target, fsync the folder.
 */
export function writeFileAtomic(target: string, data: string, opts: AtomicWriteOptions = {}): void {
  prepareAtomicWrite(target, data, opts).commit();
}

/**
 * Does every slow step of an atomic write (temp file, data, fsync) and leaves only the rename, so a
 * caller can check right before it that nobody else wrote the target meanwhile (issue 12, item 2).
 */
export function prepareAtomicWrite(target: string, data: string, opts: AtomicWriteOptions = {}): PendingWrite {
  const found = opts.followLinks === false ? undefined : resolveLinks(target);
  const file = found?.file ?? target;
  const dir = path.dirname(file);
  // A settings file kept in a dotfiles repo is often a symlink: write through it, never replace the
  // link — and never invent the folder a dangling link points into.
  if (file === target) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweepTemps(dir);
  let mode = opts.newFileMode ?? 0o600;
  if (found) {
    // The link resolution's last lstat is the file's own (not a link): its mode, without another stat.
    if (found.mode !== undefined) mode = found.mode & 0o7777;
  } else {
    try {
      mode = fs.statSync(file).mode & 0o7777;
    } catch {
      // new file: keep the default mode
    }
  }
  const { tmp, fd } = createTemp(dir, path.basename(file), mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fchmodSync(fd, mode); // umask may have narrowed the mode given to open
    if (opts.durable !== false) fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    removeFile(tmp);
    throw e;
  }
  fs.closeSync(fd);
  let done = false;
  return {
    file,
    commit() {
      if (done) return;
      done = true;
      try {
        fs.renameSync(tmp, file);
      } catch (e) {
        removeFile(tmp);
        throw e;
      }
      if (opts.durable !== false && opts.syncFolder !== false) syncDir(dir);
      for (const l of [...writeListeners]) l(file);
    },
    abort() {
      if (done) return;
      done = true;
      removeFile(tmp);
    },
  };
}

/**
 * A new temp file beside the target, named `.<name>.<pid>.<8 hex>.tmp` (sweepTemps knows the form).
 * Exclusive create, so a name taken already is never written into: another name is drawn. Drawn
 * with Math.random, not node:crypto — the name needs to be unique, not secret, and loading
 * node:crypto costs a `use` ≈2.5 ms (issue 16).
 */
function createTemp(dir: string, name: string, mode: number): { tmp: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    const hex = Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
    const tmp = path.join(dir, `.${name}.${process.pid}.${hex}.tmp`);
    try {
      return { tmp, fd: fs.openSync(tmp, 'wx', mode) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
    }
  }
}

/**
 * Follows symlinks one hop at a time, so a dangling link yields the path it points at (realpath
 * fails there, and renaming over the link would replace it with a regular file). With the mode of
 * what is there (undefined: nothing yet).
 */
function resolveLinks(target: string): { file: string; mode?: number } {
  let file = target;
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file };
      throw e;
    }
    if (!st.isSymbolicLink()) return { file, mode: st.mode };
    file = path.resolve(path.dirname(file), fs.readlinkSync(file));
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, '${target}'`), { code: 'ELOOP', path: target });
}

const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes temp files (this module's names) that a killed writer left in dir: only those of dead pids. */
function sweepTemps(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !pidAlive(pid)) removeFile(path.join(dir, name));
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort: some filesystems refuse fsync on directories
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function readFileIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
