import { randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors';
import {
  PROFILES_FORMAT_VERSION,
  profileName,
  profileSchema,
  profilesFileSchema,
  type Profile,
  type ProfilesFile,
} from '../../common/profile';
import * as path from 'node:path';
import { sanitizeForTerminal } from '../../common/terminal-text';
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
    return this.read().file;
  }

  /** The file and whether it starts with a byte order mark (an editor's choice we keep on rewrite). */
  private read(): { file: ProfilesFile; bom: boolean } {
    const raw = readFileIfExists(this.file);
    if (raw === undefined) return { file: EMPTY, bom: false };
    const bom = raw.startsWith('\uFEFF');
    const text = bom ? raw.slice(1) : raw;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw this.invalid(`is not valid JSON (${(e as Error).message})`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      const what = json === null ? 'null' : Array.isArray(json) ? 'a list' : `a ${typeof json}`;
      throw this.invalid(`holds ${what}, not a profiles list`);
    }
    const parsed = profilesFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.invalid(
        `does not match format version ${PROFILES_FORMAT_VERSION}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return { file: parsed.data, bom };
  }

  private invalid(what: string): AppError {
    return new AppError({
      kind: 'profiles-invalid',
      message: `${this.file} ${what}.`,
      nextStep: 'Fix or remove the file; Claude Auth Tray will not overwrite it.',
    });
  }

  save(file: ProfilesFile, opts: { bom?: boolean } = {}): void {
    const valid = profilesFileSchema.parse(file);
    const text = JSON.stringify(valid, null, 2) + '\n';
    writeFileAtomic(this.file, opts.bom ? `\uFEFF${text}` : text, { newFileMode: 0o600 });
  }

  /**
   * Read-modify-write under a lock file, so the tray and CLI calls never lose each other's changes.
   * The update returns the new file (immutably) and a result. Checks that depend on the file (a free
   * name) belong inside fn: only there do they see what every other writer did.
   */
  update<T>(fn: (f: ProfilesFile) => { file: ProfilesFile; result: T }): T {
    return withFileLock(path.join(path.dirname(this.file), 'profiles.lock'), () => {
      const current = this.read();
      const { file, result } = fn(current.file);
      this.save(file, { bom: current.bom });
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

/** Names are unique case-insensitively ("Work" and "WORK" would be the same profile to a person). */
export function assertNameFree(f: ProfilesFile, name: string, exceptId?: string): void {
  const key = name.trim().toLowerCase();
  const other = f.profiles.find((p) => p.id !== exceptId && p.name.trim().toLowerCase() === key);
  if (other) {
    throw new AppError({
      kind: 'profile-exists',
      message: `A profile named "${sanitizeForTerminal(other.name)}" already exists.`,
      nextStep: 'Choose another name, or remove the old profile first.',
    });
  }
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

/** Checks a new or changed profile, its name included (the entry rule, stricter than a stored name's). */
export function validateProfile(candidate: unknown): Profile {
  const n = profileName.safeParse((candidate as { name?: unknown } | null)?.name);
  const r = profileSchema.safeParse(candidate);
  if (!n.success || !r.success) {
    const issue = n.success ? r.error?.issues[0] : n.error.issues[0];
    const where = n.success ? issue?.path.join('.') || '(root)' : 'name';
    throw new AppError({
      kind: 'invalid-argument',
      message: `Invalid profile: ${where}: ${issue?.message ?? 'invalid'}.`,
    });
  }
  const p = r.data;
  const broken = coreOf(p.kind).validate?.(p);
  if (broken) throw new AppError({ kind: 'invalid-argument', message: broken });
  return p;
}
