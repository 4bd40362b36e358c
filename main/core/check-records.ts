/**
 * The last check of each profile, kept in the app's folder (`profile-checks.json`) by whoever ran it
 * — the tray's monitor or CLI `refresh` (profile-check.ts) — so `status` and the tray show what the
 * last check found (issue 13). No secret: the masked hint is left out (it is read again from the
 * keychain) and messages are redacted. A record counts only for the state it was taken in: its
 * fingerprint hashes the profile as saved, the key's masked hint and the size and time of the files
 * the profile's state depends on, so a new key, an edited command or a new login hides an old
 * verdict. Writes are atomic and a read-merge-write under the file lock (`profile-checks.lock`,
 * file-lock.ts): the tray's monitor and a CLI `refresh` recording at the same moment keep both records.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { redact } from '../../common/redact';
import { writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import type { Env } from './paths';
import { coreOf, monitoringOf } from './providers';

export const CHECKS_FILE = 'profile-checks.json';

interface CheckEntry {
  readonly fingerprint: string;
  readonly state: AuthState;
}

interface ChecksFile {
  readonly version: 1;
  readonly checks: Readonly<Record<string, CheckEntry>>;
}

export function checksPath(dataDir: string): string {
  return path.join(dataDir, CHECKS_FILE);
}

/**
 * Changes the records under the lock, reading what another process wrote last. A short wait: the
 * tray's main thread runs this, and a record not written only means the offline state shows until
 * the next check.
 */
function updateChecks(
  dataDir: string,
  fn: (checks: Readonly<Record<string, CheckEntry>>) => Record<string, CheckEntry> | undefined,
): void {
  try {
    withFileLock(
      path.join(dataDir, 'profile-checks.lock'),
      () => {
        const next = fn(readChecks(dataDir));
        if (!next) return;
        writeFileAtomic(checksPath(dataDir), JSON.stringify({ version: 1, checks: next } satisfies ChecksFile) + '\n', {
          newFileMode: 0o600,
        });
      },
      { timeoutMs: 5_000 },
    );
  } catch {
    // held too long, or the folder went away: the record is lost, not the check
  }
}

/** What a check's verdict depends on besides the network: the profile, its key (masked), its files. */
export function checkFingerprint(p: Profile, hint: string | undefined, env: Env, platform: NodeJS.Platform): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(p));
  h.update(`\0${hint ?? ''}\0`);
  for (const f of coreOf(p.kind).watchedFiles(p, env, platform)) {
    let st = '-';
    try {
      const s = fs.statSync(f);
      st = `${s.size}:${s.mtimeMs}`;
    } catch {
      // absent: part of the state too
    }
    h.update(`${f}\0${st}\0`);
  }
  return h.digest('hex').slice(0, 32);
}

export type CheckRecords = Readonly<Record<string, CheckEntry>>;

export function readChecks(dataDir: string): CheckRecords {
  try {
    return parseChecks(fs.readFileSync(checksPath(dataDir), 'utf8'));
  } catch {
    return {};
  }
}

/** profile-checks.json's text (undefined: absent) as records; anything unreadable as none. */
export function parseChecks(text: string | undefined): CheckRecords {
  if (text === undefined) return {};
  try {
    const v = JSON.parse(text) as ChecksFile;
    return v && v.version === 1 && v.checks && typeof v.checks === 'object' ? v.checks : {};
  } catch {
    return {};
  }
}

/** Records a check's result for the profile (dropping records of profiles that no longer exist). */
export function recordCheck(
  dataDir: string,
  p: Profile,
  state: AuthState,
  env: Env,
  platform: NodeJS.Platform,
  liveIds?: ReadonlySet<string>,
): void {
  // A state read from files is read again by everyone; nothing to keep.
  if (monitoringOf(p, env).how === 'files') return;
  // Never creates the app folder: a check that outlives its folder leaves nothing behind.
  if (!fs.existsSync(dataDir)) return;
  const { hint, ...rest } = state;
  const kept: AuthState = { ...rest, detail: { ...rest.detail, message: redact(rest.detail.message) } };
  const entry: CheckEntry = { fingerprint: checkFingerprint(p, hint, env, platform), state: kept };
  updateChecks(dataDir, (current) => {
    const checks = Object.fromEntries(
      Object.entries(current).filter(([id]) => id !== p.id && (!liveIds || liveIds.has(id))),
    );
    checks[p.id] = entry;
    return checks;
  });
}

/** Forgets a profile's record (its key was replaced: the verdict was about the old one). */
export function forgetCheck(dataDir: string, id: string): void {
  if (!(id in readChecks(dataDir))) return;
  // the fingerprint's masked hint still tells most keys apart should this fail
  updateChecks(dataDir, (checks) =>
    id in checks ? Object.fromEntries(Object.entries(checks).filter(([k]) => k !== id)) : undefined,
  );
}

/**
 * The recorded state of a profile when it is about the state it is in now (`offline`: its state from
 * the keychain and files, whose hint is the key's). Time moves on: a recorded expiry that has passed
 * makes the state expired.
 */
export function recordedState(
  entry: CheckEntry | undefined,
  p: Profile,
  offline: AuthState,
  env: Env,
  platform: NodeJS.Platform,
  now: number,
): AuthState | undefined {
  if (!entry || entry.state.profileId !== p.id) return undefined;
  if (entry.fingerprint !== checkFingerprint(p, offline.hint, env, platform)) return undefined;
  const s: AuthState = { ...entry.state, ...(offline.hint ? { hint: offline.hint } : {}) };
  if (s.expiresAt !== undefined && s.expiresAt <= now && (s.status === 'ok' || s.status === 'expiring'))
    return { ...s, status: 'expired', next: 'refresh' };
  return s;
}
