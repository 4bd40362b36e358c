import * as fs from 'node:fs';
import * as path from 'node:path';
import { aheadOfClock, parseCachedKey, type CachedKey } from './helper-cache';
import { readLinkOrFile, replaceFile, tempBeside } from './replace-file';

/**
 * When the key a refresh stored was fetched (its fetchedAt, as text; no secret), written as the key
 * goes to the keychain and always before the lock is released. A refresh that finds it saying the key
 * is not usable takes the lock at once and, when it still says the same under the lock, runs the
 * command without reading the keychain first (the stored item is read while the command runs; issue 16,
 * see refreshHelperKey).
 *
 * A refresh whose command printed the very key the keychain already holds writes nothing to the
 * keychain (gnome-keyring re-encrypts, rewrites and fsyncs its whole file for a SetSecret): it writes
 * the stamp `<now>-<the stored item's fetchedAt>` instead, "the item fetched at M was confirmed at N".
 * A reader that finds the item fetched at M takes N as its fetchedAt (`confirmedKey`); an item with any
 * other fetchedAt (written since by anyone) is untouched by it. It names an item, not a time, so it
 * holds whenever it is read: an item's fetchedAt and key are written together and never change.
 *
 * The stamp is a symbolic link whose target is that text (it points at nothing): made under a temp
 * name and renamed over the stamp, read with one readlink. A small file renamed over an existing one
 * made ext4 allocate and start writing its data at the rename (auto_da_alloc), ≈0.25–0.45 ms of a cold
 * helper run; a link has no data. Where a link cannot be made (symlink fails: Windows without
 * Developer Mode, exFAT, some SMB mounts) it is a regular file of the text and a newline, renamed
 * over the name (replace-file.ts), as before the link and as an older version still writes it: both
 * forms read as the stamp. Anything else at the name — other text, a link to something else, a folder
 * — reads as no stamp: the keychain path, as without one; nothing is ever written through it. An older
 * version reads a confirmation (`N-M`) as no stamp: its keychain path, which runs the command once
 * under the lock and writes.
 */
export function helperStampFile(dataDir: string, id: string): string {
  return path.join(dataDir, 'locks', `helper-${id}.fetched`);
}

/** A stamp: its text (compared as a whole), the time it vouches for, and the item's fetchedAt it names. */
export interface Stamp {
  readonly text: string;
  readonly at: number;
  readonly item: number;
}

const STAMP = /^(\d{1,15})(?:-(\d{1,15}))?$/;

function parseStamp(text: string): Stamp | undefined {
  const m = STAMP.exec(text);
  if (!m) return undefined;
  const at = Number(m[1]);
  return { text, at, item: m[2] === undefined ? at : Number(m[2]) };
}

/**
 * The stamp when there is one, else undefined: no stamp, or something else there. A link to the text,
 * or a regular file of the text and a newline: the stamp of a version before the link (and where links
 * cannot be made, writeStamp) means exactly the same, written under the lock on every refresh, so
 * versions that share a data folder stay single-flight.
 */
export function readStamp(file: string): Stamp | undefined {
  try {
    const { text, link } = readLinkOrFile(file, 40);
    if (link) return parseStamp(text);
    return text.endsWith('\n') ? parseStamp(text.slice(0, -1)) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the stamp `text` (see helperStampFile); where that fails, removes it (the keychain path then). */
export function writeStamp(file: string, text: string): void {
  const tmp = tempBeside(file);
  let linked = false;
  try {
    fs.symlinkSync(text, tmp);
    linked = true;
    fs.renameSync(tmp, file); // replaces whatever is at the name, never writes through it
    return;
  } catch {
    // No links here (EPERM: Windows without Developer Mode, exFAT, some SMB mounts): the file stamp,
    // which readStamp reads as the same.
    if (!linked && replaceFile(file, `${text}\n`)) return;
  }
  // Without a stamp the next refresh reads the keychain first, as it always did.
  for (const f of [tmp, file]) {
    try {
      fs.unlinkSync(f);
    } catch {
      // none there
    }
  }
}

/**
 * The cached key with its fetchedAt moved to the stamp's time when the stamp confirms this very item.
 * A confirmation dated more than the clock skew ahead of `now` (the clock was set back since, or the
 * text was planted: the stamp is a file, not the keychain) vouches for nothing: the item keeps its own
 * time, so no reader takes a key for fresher than the keychain says, nor the tray's next look for later.
 */
export function confirmedKey(c: CachedKey | undefined, s: Stamp | undefined, now: number): CachedKey | undefined {
  return c && s && s.item === c.fetchedAt && s.at > c.fetchedAt && !aheadOfClock(s.at, now)
    ? { key: c.key, fetchedAt: s.at }
    : c;
}

/** A helper profile's cached key as every reader should see it: the keychain's, confirmed by its stamp. */
export function readConfirmedKey(
  store: { get(account: string): string | undefined },
  dataDir: string,
  id: string,
  now: number,
): CachedKey | undefined {
  const c = parseCachedKey(store.get(id));
  return c && confirmedKey(c, readStamp(helperStampFile(dataDir, id)), now);
}
