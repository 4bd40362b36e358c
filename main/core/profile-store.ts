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
import { refreshStatusCache } from './usage/status-line-recorder';
import { findProfile, profileNotFound } from './activate';
import type { Clock } from './clock';
import { withFileLock } from './file-lock';
import { FileWatcher } from './file-watch';
import { markValidated } from './profiles-trust';
import { profilesPath, type Env } from './paths';
import { coreOf } from './providers';

const EMPTY: ProfilesFile = { version: PROFILES_FORMAT_VERSION, profiles: [] };

/** Where a change of profiles.json came from: a write through this store, or another process. */
export type ProfilesChangeSource = 'this-store' | 'file';
export type ProfilesListener = (source: ProfilesChangeSource) => void;

/** Debounce of the folder watch: one event per burst (temp file, rename, lock file). */
const WATCH_DEBOUNCE_MS = 100;
/** Only where fs.watch fails on the folder: how often the file is read instead (issue 13: at most every 2 s). */
const FALLBACK_POLL_MS = 2000;

/**
 * profiles.json: non-secret profile metadata, schema-validated, written atomically (0600).
 *
 * Change events (issue 13, "One source of change"): a write through this store fires its listeners
 * once, after the lock is released; watch() adds the writes of other processes (the CLI). The file is
 * replaced by rename, so the watch is on its folder; the content is compared with what this store last
 * wrote or saw, so our own writes (and the lock file, and other files in the folder) never fire twice.
 */
export class ProfileStore {
  readonly file: string;
  private readonly listeners = new Set<ProfilesListener>();
  /** The text this store last wrote or saw through its watch; undefined before either. */
  private lastText: string | undefined;
  private watcher: FileWatcher | undefined;
  /**
   * The file as last read, written or seen by the watch, or the error it read as — kept only while
   * the watch runs (it tells every other process's write): current() then reads no disk (issue 13).
   */
  private cached: { readonly file: ProfilesFile } | { readonly error: unknown } | undefined;
  /** For tests and the bench: how often current() had to read the file. */
  syncReads = 0;

  constructor(env: Env = process.env) {
    this.file = profilesPath(env);
  }

  /** Calls l after every change of profiles.json (see the class comment); returns the unsubscribe. */
  onChange(l: ProfilesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /**
   * Watches the folder for other processes' writes until the returned function is called. One watch
   * per store: a second call while watching is refused, so every watch has exactly one owner.
   */
  watch(clock: Clock): () => void {
    if (this.watcher) throw new Error('ProfileStore.watch: already watching');
    this.lastText = readFileIfExists(this.file);
    this.cached = undefined;
    const w = new FileWatcher([this.file], () => this.fileChanged(), clock, WATCH_DEBOUNCE_MS, {
      fallbackPollMs: FALLBACK_POLL_MS,
    });
    this.watcher = w;
    return () => {
      w.dispose();
      if (this.watcher === w) {
        this.watcher = undefined;
        this.cached = undefined;
      }
    };
  }

  /** Whether a folder watch is open (tests: none after the owner stopped). */
  get watching(): boolean {
    return (this.watcher?.watching ?? 0) > 0;
  }

  private fileChanged(): void {
    let text: string | undefined;
    try {
      text = readFileIfExists(this.file);
    } catch {
      return; // unreadable for a moment (permissions being changed): the next change tells
    }
    if (text === this.lastText) return;
    this.lastText = text;
    this.cached = this.parsedOrError(text);
    this.emit('file');
  }

  private emit(source: ProfilesChangeSource): void {
    for (const l of [...this.listeners]) l(source);
  }

  /** Reads the file now (and, while the watch runs, keeps what it read for current()). */
  load(): ProfilesFile {
    if (!this.watcher) return this.read().file;
    this.cached = this.parsedOrError(readFileIfExists(this.file));
    if ('error' in this.cached) throw this.cached.error;
    return this.cached.file;
  }

  /**
   * The file for a reader that runs often (the tray's snapshot): while the watch runs, as last read,
   * written or seen by the watch, without reading the disk; otherwise read now, as load().
   */
  current(): ProfilesFile {
    if (!this.watcher) return this.load();
    if (!this.cached) {
      this.syncReads++;
      // Unreadable (permissions) throws and is not cached: the next call tries again.
      this.cached = this.parsedOrError(readFileIfExists(this.file));
    }
    if ('error' in this.cached) throw this.cached.error;
    return this.cached.file;
  }

  private parsedOrError(text: string | undefined): { file: ProfilesFile } | { error: unknown } {
    try {
      return { file: this.parse(text).file };
    } catch (error) {
      return { error };
    }
  }

  /** The file and whether it starts with a byte order mark (an editor's choice we keep on rewrite). */
  private read(): { file: ProfilesFile; bom: boolean; raw?: string } {
    return this.parse(readFileIfExists(this.file));
  }

  private parse(raw: string | undefined): { file: ProfilesFile; bom: boolean; raw?: string } {
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
    markValidated(this.file, raw);
    return { file: parsed.data, bom, raw };
  }

  private invalid(what: string): AppError {
    return new AppError({
      kind: 'profiles-invalid',
      message: `${this.file} ${what}.`,
      nextStep: 'Fix or remove the file; Claude Auth Tray will not overwrite it.',
    });
  }

  save(file: ProfilesFile, opts: { bom?: boolean } = {}): void {
    this.write(file, opts.bom ?? false);
    this.emit('this-store');
  }

  /** Writes the file and returns its text. */
  private write(file: ProfilesFile, bom: boolean): string {
    const valid = profilesFileSchema.parse(file);
    const json = JSON.stringify(valid, null, 2) + '\n';
    const text = bom ? `\uFEFF${json}` : json;
    writeFileAtomic(this.file, text, { newFileMode: 0o600 });
    this.lastText = text;
    if (this.watcher) this.cached = { file: valid };
    markValidated(this.file, text);
    // Names, the active profile: the status line's cache is rendered again (issue 15).
    refreshStatusCache(path.dirname(this.file));
    return text;
  }

  /**
   * Read-modify-write under a lock file, so the tray and CLI calls never lose each other's changes.
   * The update returns the new file (immutably) and a result. Checks that depend on the file (a free
   * name) belong inside fn: only there do they see what every other writer did.
   */
  update<T>(fn: (f: ProfilesFile) => { file: ProfilesFile; result: T }): T {
    let changed = false;
    const out = withFileLock(path.join(path.dirname(this.file), 'profiles.lock'), () => {
      const current = this.read();
      const { file, result } = fn(current.file);
      // Compared with what was read under the lock: an update that changes nothing fires nothing.
      changed = this.write(file, current.bom) !== current.raw;
      return result;
    });
    // After the lock is released: a listener may read (or write) the file again.
    if (changed) this.emit('this-store');
    return out;
  }

  find(ref: string, f: ProfilesFile = this.load()): Profile {
    const p = findProfile(f, ref);
    if (!p) throw profileNotFound(ref, f);
    return p;
  }
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
