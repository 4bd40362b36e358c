import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProfilesFile } from '../../common/profile';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import { refreshStatusCache } from './usage/status-line-recorder';

/**
 * Which bytes of profiles.json the full schema has accepted: a copy of them, kept beside the file.
 * `use` has a lean bundle without the schema library (issue 16); it trusts profiles.json only when
 * its bytes are exactly the ones last validated (or written) by ProfileStore, and otherwise hands
 * over to the full command. Equal bytes passed the very same check, so the lean path accepts nothing
 * the full one would refuse. (A copy, not a hash: comparing costs less than loading node:crypto, and
 * is exact. A marker of an older version — a SHA-256 — matches nothing: one full `use` renews it.)
 */
const MARKER = '.profiles-validated';

const markerOf = (profilesFile: string): string => path.join(path.dirname(profilesFile), MARKER);

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

function trusted(profilesFile: string): { raw: string; file: ProfilesFile } | undefined {
  const raw = readFileIfExists(profilesFile);
  if (raw === undefined || readFileIfExists(markerOf(profilesFile)) !== raw) return undefined;
  try {
    return { raw, file: JSON.parse(raw.startsWith('\uFEFF') ? raw.slice(1) : raw) as ProfilesFile };
  } catch {
    return undefined;
  }
}

/** profiles.json when its bytes are the validated ones, else undefined (use the full ProfileStore). */
export function readTrustedProfiles(profilesFile: string): ProfilesFile | undefined {
  return trusted(profilesFile)?.file;
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
