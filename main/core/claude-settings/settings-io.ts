import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../common/errors';
import { sleepSync } from '../file-lock';
import { nesting } from './jsonc-edit';
import { strictJson } from './json-tree';

/** How long a doubtful read must stay the same before it is believed. */
const SETTLE_MS = 100;
const STEP_MS = 5;
const GIVE_UP_MS = 5_000;
/** A blank file younger than this is a save in progress, not an empty settings file. */
const FRESH_MS = 2_000;

/**
 * Reads settings.json, waiting out another program's save in place (issue 12, item 1). Editors, sync
 * tools and Claude Code on some paths truncate the file and then write it: a read in that gap sees
 * '' or a prefix. A read that is absent, blank, shorter than `expectedLength` (what this edit read
 * before) or not a whole document is read again every few ms, and only believed once it has stayed
 * the same for SETTLE_MS — so an empty file is taken as `{}` only when it stays empty.
 */
export function readSettled(file: string, expectedLength = 0): string | undefined {
  let text = readKeepingBytes(file);
  if (looksWhole(text, expectedLength)) return text;
  const start = Date.now();
  let since = start;
  for (;;) {
    sleepSync(STEP_MS);
    const again = readKeepingBytes(file);
    const now = Date.now();
    if (again !== text) {
      if (looksWhole(again, expectedLength)) return again;
      text = again;
      since = now;
    } else if (now - since >= SETTLE_MS && !justEmptied(file, text)) {
      return text;
    }
    if (now - start > GIVE_UP_MS) throw keptChanging(file);
  }
}

/**
 * A blank file modified within FRESH_MS: most likely a writer that truncated it and has not written
 * yet (a stalled editor on a loaded machine). Taking it as `{}` and renaming over it would send the
 * writer's bytes into the replaced file: the user's content lost. Wait for it instead (GIVE_UP_MS).
 */
function justEmptied(file: string, text: string | undefined): boolean {
  if (text === undefined || text.trim() !== '') return false;
  try {
    return Date.now() - fs.statSync(file).mtimeMs < FRESH_MS;
  } catch {
    return false; // gone: the next read says so
  }
}

/** Present, not blank, as long as expected, and every bracket closed (a save cut short is not). */
function looksWhole(text: string | undefined, expectedLength: number): text is string {
  if (text === undefined || text.trim() === '' || text.length < expectedLength) return false;
  const body = text.trimEnd();
  if (!body.endsWith('}') && !body.endsWith(']')) return false;
  // Strict JSON is whole; json-tree keeps the parse for the merge that follows (issue 16).
  return strictJson(text.startsWith('\uFEFF') ? text.slice(1) : text) !== undefined || nesting(body).final === 0;
}

let lastRead: { text: string; bytes: Buffer } | undefined;

/** The file's text, its bytes kept for bytesOf (the last read only). */
function readKeepingBytes(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const text = bytes.toString('utf8');
  lastRead = { text, bytes };
  return text;
}

/**
 * text as UTF-8 bytes: for the text readSettled last returned, the bytes it was read from (a 1 MB
 * settings.json was encoded twice more, for the backup compare and the last-moment check: ≈1 ms
 * each; issue 16). Only when they are the encoding itself: a text with U+FFFD may come from bytes
 * that are not UTF-8, and is encoded as before (so those bytes never pass for it).
 */
export function bytesOf(text: string): Buffer {
  if (lastRead && lastRead.text === text && !text.includes('\uFFFD')) return lastRead.bytes;
  return Buffer.from(text, 'utf8');
}

/**
 * A byte compare made for the last moment before the rename (issue 12, item 2): `expect` prepares the
 * expected bytes and a buffer up front, `holds` then only opens, fstats, reads and compares — no
 * allocation, so no garbage-collection pause can widen the gap in which another writer's save would
 * be overwritten.
 */
export class ByteCheck {
  private expected: Buffer | undefined;
  private scratch = Buffer.alloc(0);

  expect(text: string | undefined): void {
    this.expected = text === undefined ? undefined : bytesOf(text);
    const need = (this.expected?.length ?? 0) + 1;
    if (this.scratch.length < need) this.scratch = Buffer.alloc(need);
  }

  /** Whether file holds exactly the expected bytes (or is absent when undefined was expected). */
  holds(file: string): boolean {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.expected === undefined;
      throw e;
    }
    try {
      const want = this.expected;
      if (want === undefined || fs.fstatSync(fd).size !== want.length) return false;
      let got = 0;
      for (let n = 1; n > 0 && got <= want.length; got += n) {
        n = fs.readSync(fd, this.scratch, got, this.scratch.length - got, got);
      }
      return got === want.length && this.scratch.subarray(0, got).equals(want);
    } finally {
      fs.closeSync(fd);
    }
  }
}

export function keptChanging(file: string): AppError {
  return new AppError({
    kind: 'settings-conflict',
    message: `${file} kept changing while Claude Auth Tray tried to update it.`,
    nextStep: 'Try again in a moment.',
    details: { file },
  });
}

/**
 * One clear line for a file-system failure on settings.json, its folder or the app's backups
 * (issue 12, item 13), instead of a raw errno text or a stack overflow. Other errors pass through.
 */
export function settingsIoError(e: unknown, settingsFile: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string') return e;
  const where = err.path ?? settingsFile;
  const folder = path.dirname(where);
  const made = (message: string, nextStep: string): AppError =>
    new AppError({ kind: 'io-error', message, nextStep, details: { file: settingsFile, code: err.code ?? '' } });
  switch (err.code) {
    case 'EISDIR':
      return made(
        `${settingsFile} is a folder, not a file.`,
        'Move or rename that folder (Claude Code cannot read it either), then try again.',
      );
    case 'ELOOP':
      return made(
        `${settingsFile} is a symbolic link that leads back to itself.`,
        'Point the link at a real file, or delete it, then try again.',
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return made(
        `Could not update ${settingsFile}: the disk that holds ${folder} is full.`,
        'Free some space, then try again. The file was left as it was.',
      );
    case 'EACCES':
    case 'EPERM':
      return made(
        `Could not update ${settingsFile}: no permission to write ${where}.`,
        'Check the owner and permissions of that file and its folder, then try again.',
      );
    case 'EROFS':
      return made(`Could not update ${settingsFile}: ${folder} is read-only.`, 'Make it writable, then try again.');
    case 'ENOTDIR':
      return made(
        `Could not reach ${settingsFile}: a part of its path is a file, not a folder.`,
        'Fix the path (or CLAUDE_CONFIG_DIR), then try again.',
      );
    case 'ENOENT':
      return made(
        `Could not update ${settingsFile}: the folder ${folder} does not exist (a symbolic link pointing into a missing folder?).`,
        'Create that folder or fix the link, then try again.',
      );
    default:
      return e;
  }
}
