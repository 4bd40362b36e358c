import { randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors';
import {
  PROFILES_FORMAT_VERSION,
  profileSchema,
  profilesFileSchema,
  type Profile,
  type ProfilesFile,
} from '../../common/profile';
import * as path from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import { profilesPath, type Env } from './paths';
import { coreOf } from './providers';

const EMPTY: ProfilesFile = { version: PROFILES_FORMAT_VERSION, profiles: [] };

/** profiles.json: non-secret profile metadata, schema-validated, written atomically (0600). */
export class ProfileStore {
  readonly file: string;
  constructor(env: Env = process.env) {
    this.file = profilesPath(env);
  }

  load(): ProfilesFile {
    const text = readFileIfExists(this.file);
    if (text === undefined) return EMPTY;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new AppError({
        kind: 'profiles-invalid',
        message: `${this.file} is not valid JSON (${(e as Error).message}).`,
        nextStep: 'Fix or remove the file; Claude Auth Tray will not overwrite it.',
      });
    }
    const parsed = profilesFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError({
        kind: 'profiles-invalid',
        message: `${this.file} does not match format version ${PROFILES_FORMAT_VERSION}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
        nextStep: 'Fix or remove the file; Claude Auth Tray will not overwrite it.',
      });
    }
    return parsed.data;
  }

  save(file: ProfilesFile): void {
    const valid = profilesFileSchema.parse(file);
    writeFileAtomic(this.file, JSON.stringify(valid, null, 2) + '\n', { newFileMode: 0o600 });
  }

  /**
   * Read-modify-write under a lock file, so the tray and CLI calls never lose each other's changes.
   * The update returns the new file (immutably) and a result.
   */
  update<T>(fn: (f: ProfilesFile) => { file: ProfilesFile; result: T }): T {
    return withFileLock(path.join(path.dirname(this.file), 'profiles.lock'), () => {
      const { file, result } = fn(this.load());
      this.save(file);
      return result;
    });
  }

  find(ref: string, f: ProfilesFile = this.load()): Profile {
    const p = findProfile(f, ref);
    if (!p) {
      throw new AppError({
        kind: 'profile-not-found',
        message: `No profile named or with id "${ref}".`,
        nextStep: 'Run `claude-auth-tray list` to see your profiles.',
      });
    }
    return p;
  }
}

export function findProfile(f: ProfilesFile, ref: string): Profile | undefined {
  return f.profiles.find((p) => p.id === ref) ?? f.profiles.find((p) => p.name === ref);
}

/** A readable, unique id: slug of the name plus 4 random hex digits (`work-key-3f9a`). */
export function newProfileId(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'profile';
  for (;;) {
    const id = `${slug}-${randomBytes(2).toString('hex')}`;
    if (!taken.has(id)) return id;
  }
}

export function validateProfile(candidate: unknown): Profile {
  const r = profileSchema.safeParse(candidate);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError({
      kind: 'invalid-argument',
      message: `Invalid profile: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
    });
  }
  const p = r.data;
  const broken = coreOf(p.kind).validate?.(p);
  if (broken) throw new AppError({ kind: 'invalid-argument', message: broken });
  return p;
}
