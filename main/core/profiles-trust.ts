import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProfilesFile } from '../../common/profile';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import { markerOf, trusted } from './profiles-trusted';
import { refreshStatusCache } from './usage/status-line-recorder';

export { readTrustedProfiles } from './profiles-trusted';

/** Records that these bytes of profiles.json passed the schema (best effort; no fsync: a lost marker only costs speed). */
export function markValidated(profilesFile: string, raw: string): void {
  const marker = markerOf(profilesFile);
  try {
    if (readFileIfExists(marker) === raw) return;
    const tmp = `${marker}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, raw, { mode: 0o600 });
    fs.renameSync(tmp, marker);
  } catch {
    // read-only folder or a race: the next lean `use` takes the full path
  }
}

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
    markValidated(profilesFile, out);
    refreshStatusCache(path.dirname(profilesFile)); // the status line names the new profile (issue 15)
    return true;
  });
}
