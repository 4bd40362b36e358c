import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProfilesFile } from '../../common/profile';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import { markerOf, trusted } from './profiles-trusted';
import { replaceFile } from './replace-file';
import { refreshStatusCache } from './usage/status-line-recorder';

export { readTrustedProfiles } from './profiles-trusted';

/** Records that these bytes of profiles.json passed the schema (best effort; no fsync: a lost marker only costs speed). */
export function markValidated(profilesFile: string, raw: string, known?: string): void {
  const marker = markerOf(profilesFile);
  let fd: number | undefined;
  try {
    if ((known ?? readFileIfExists(marker)) === raw) return;
    // Rewritten in place, not through a temp file and a rename (a new file and a rename cost a
    // switch ≈0.3 ms; issue 16): a reader that meets it half-written, or a crash that leaves it so,
    // finds bytes that differ from profiles.json, and the lean path then hands over to the full
    // command, which validates. It only ever vouches for bytes equal to profiles.json. No link is
    // followed (O_NOFOLLOW): a link planted there is not written through.
    fd = fs.openSync(marker, fs.constants.O_WRONLY | fs.constants.O_CREAT | NOFOLLOW, 0o600);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.nlink !== 1) {
      // Another name shares this file (a hard link: dedupe tools link it to the user's identical copy
      // of profiles.json): never written through; a new file takes the name.
      fs.closeSync(fd);
      fd = undefined;
      replaceFile(marker, raw);
      return;
    }
    // Written over the old bytes, then cut to length only when it was longer: truncating to zero
    // first cost a switch ≈0.3 ms (ext4 frees the blocks, and a file truncated to zero and written
    // again is flushed when it is closed: auto_da_alloc; issue 16). Meanwhile the copy holds the new
    // bytes followed by a rest of the old ones, or a mix of the two: bytes that differ from
    // profiles.json unless they are the new text itself, as above.
    const size = Buffer.byteLength(raw);
    fs.writeFileSync(fd, raw);
    if (st.size > size) fs.ftruncateSync(fd, size);
  } catch {
    // read-only folder, a link, or a race: the next lean `use` takes the full path
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Sets activeProfileId under the profiles lock, written as ProfileStore.save writes it (same key
 * order, indentation, byte order mark), for an id the validated file holds. False when the file is
 * no longer the validated one (someone changed it meanwhile): the caller takes the full path.
 */
export function setActiveTrusted(profilesFile: string, id: string): boolean {
  return withFileLock(path.join(path.dirname(profilesFile), 'profiles.lock'), () => {
    const t = trusted(profilesFile);
    if (!t || !t.file.profiles.some((p) => p.id === id)) return false;
    const next: ProfilesFile = { version: t.file.version, activeProfileId: id, profiles: t.file.profiles };
    const text = JSON.stringify(next, null, 2) + '\n';
    const out = t.raw.startsWith('\uFEFF') ? `\uFEFF${text}` : text;
    writeFileAtomic(profilesFile, out, { newFileMode: 0o600 });
    markValidated(profilesFile, out, t.raw); // the marker held t.raw: trusted() compared it
    refreshStatusCache(path.dirname(profilesFile)); // the status line names the new profile (issue 15)
    return true;
  });
}
