import * as path from 'node:path';
import type { ProfilesFile } from '../../common/profile';
import { readFileIfExists } from './atomic-write';

/**
 * Which bytes of profiles.json the full schema has accepted: a copy of them, kept beside the file.
 * `use` has a lean bundle without the schema library (issue 16); it trusts profiles.json only when
 * its bytes are exactly the ones last validated (or written) by ProfileStore, and otherwise hands
 * over to the full command. Equal bytes passed the very same check, so the lean path accepts nothing
 * the full one would refuse. (A copy, not a hash: comparing costs less than loading node:crypto, and
 * is exact. A marker of an older version — a SHA-256 — matches nothing: one full `use` renews it.)
 * The reading half, in a module of its own for `use`'s first stage (main/cli/use.ts); the writing
 * half is profiles-trust.ts.
 */
const MARKER = '.profiles-validated';

export const markerOf = (profilesFile: string): string => path.join(path.dirname(profilesFile), MARKER);

export function trusted(profilesFile: string): { raw: string; file: ProfilesFile } | undefined {
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
