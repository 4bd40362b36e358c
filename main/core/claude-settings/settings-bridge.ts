import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../common/errors';
import { prepareAtomicWrite, readFileIfExists, writeFileAtomic } from '../atomic-write';
import { removeFile, sleepSync, withFileLock } from '../file-lock';
import { sha256Hex } from '../sha256';
import { appDataDir, type Env } from '../paths';
import type { PlanEntry } from './activation-plan';
import {
  EMPTY_OWNED,
  maskSecrets,
  mergeSettings,
  parseSettings,
  sameOwnership,
  secretValues,
  setKey,
  withAlso,
  type OwnedEntry,
  type OwnedRecord,
} from './settings-merge';
import { ByteCheck, bytesOf, keptChanging, readSettled, settingsIoError } from './settings-io';

const BACKUPS_KEPT = 5;
export const MOVED_PLACEHOLDER = '(moved to the keychain by Claude Auth Tray)';
/** A conflict is retried at least this often, and for at least CONFLICT_MS. */
const MIN_ATTEMPTS = 5;
const CONFLICT_MS = 5_000;

interface BridgeState {
  readonly version: 1;
  readonly files: Readonly<Record<string, OwnedRecord>>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPath = (p: unknown): boolean =>
  Array.isArray(p) && p.every((x) => typeof x === 'string') && (p.length === 1 || (p.length === 2 && p[0] === 'env'));
const isEntry = (e: unknown): e is OwnedEntry =>
  isObj(e) &&
  isPath(e.path) &&
  typeof e.valueHash === 'string' &&
  (e.prior === undefined || typeof e.prior === 'string') &&
  (e.secret === undefined || e.secret === true) &&
  (e.also === undefined || (Array.isArray(e.also) && e.also.every((h) => typeof h === 'string')));
const isStringRecord = (v: unknown): v is Record<string, string> =>
  isObj(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * bridge-state.json checked by hand (a small fixed shape) as the schema did, unknown keys dropped:
 * this module is on the `use` path, whose bundle leaves the schema library out (issue 16).
 */
export function parseBridgeState(v: unknown): BridgeState | undefined {
  if (!isObj(v) || v.version !== 1 || !isObj(v.files)) return undefined;
  const files: Record<string, OwnedRecord> = {};
  for (const [file, rec] of Object.entries(v.files)) {
    if (!isObj(rec) || !Array.isArray(rec.entries) || typeof rec.createdEnv !== 'boolean') return undefined;
    if (!rec.entries.every(isEntry)) return undefined;
    if (rec.emptyInner !== undefined && !isStringRecord(rec.emptyInner)) return undefined;
    files[file] = {
      entries: rec.entries.map((e: OwnedEntry) => ({
        path: e.path,
        valueHash: e.valueHash,
        ...(e.also?.length ? { also: [...e.also] } : {}),
        ...(e.prior !== undefined ? { prior: e.prior } : {}),
        ...(e.secret ? { secret: e.secret } : {}),
      })),
      createdEnv: rec.createdEnv,
      ...(rec.emptyInner !== undefined ? { emptyInner: { ...rec.emptyInner } } : {}),
    };
  }
  return { version: 1, files };
}

type Plan = readonly PlanEntry[];

interface Edit {
  readonly text: string;
  /** What to back up instead of the current text (e.g. with a secret taken out). */
  readonly backupText?: string | undefined;
  readonly beforeWriting?: () => void;
  readonly afterWriting?: () => void;
}

export interface ApplyResult {
  readonly file: string;
  readonly changed: boolean;
  readonly backup?: string;
}

/**
 * Applies activation plans to one Claude Code settings file. Merges, never overwrites: only the keys
 * recorded as the app's change; the original is backed up before the first write ever; the last
 * five pre-write states are kept; a concurrent writer (Claude Code) is detected and the merge redone.
 */
export class SettingsBridge {
  private readonly dataDir: string;
  private readonly stateFile: string;

  constructor(
    readonly settingsFile: string,
    env: Env = process.env,
    /** Test seam: runs between read and write, to simulate another writer. */
    private readonly beforeWrite?: () => void,
  ) {
    this.dataDir = appDataDir(env);
    this.stateFile = path.join(this.dataDir, 'bridge-state.json');
  }

  private backupFolder: string | undefined;

  /** backups/<12 hex of the settings file's path> (hashed once per bridge: ≈0.05 ms a call; issue 16). */
  private backupDir(): string {
    this.backupFolder ??= path.join(this.dataDir, 'backups', sha256Hex(path.resolve(this.settingsFile)).slice(0, 12));
    return this.backupFolder;
  }

  private loadState(): BridgeState {
    const text = readFileIfExists(this.stateFile);
    if (text === undefined) return { version: 1, files: {} };
    const state = parseBridgeState(safeJson(text));
    if (!state) {
      throw new AppError({
        kind: 'profiles-invalid',
        message: `${this.stateFile} is damaged, so the app no longer knows which settings keys are its own.`,
        nextStep: 'Restore it from a backup or delete it (the app then owns no keys until the next switch).',
      });
    }
    return state;
  }

  owned(): OwnedRecord {
    return this.loadState().files[path.resolve(this.settingsFile)] ?? EMPTY_OWNED;
  }

  /**
   * Applies a plan (empty plan = release everything the app owns). `plan` may be a function, asked
   * under the settings lock (undefined: leave the file alone). `commit` runs under that lock once the
   * file holds the plan, so a record of what is active (profiles.json) is written in the same order as
   * settings.json by every process, and the two never disagree (issue 12, item 2).
   */
  apply(plan: Plan | (() => Plan | undefined), commit?: () => void): ApplyResult {
    const fileKey = path.resolve(this.settingsFile);
    return this.edit((before) => {
      const p = typeof plan === 'function' ? plan() : plan;
      if (p === undefined) return undefined;
      const state = this.loadState();
      const owned = state.files[fileKey] ?? EMPTY_OWNED;
      // What bridge-state.json says about this file now: only this process writes it while it holds
      // the settings lock, so it is known without reading the file again (issue 16).
      let onDisk = owned;
      const save = (next: OwnedRecord, syncFolder = true): void => {
        this.saveState(state, fileKey, next, onDisk, syncFolder);
        onDisk = next;
      };
      const merged = mergeSettings(before ?? '', this.settingsFile, owned, p);
      if (!merged.changed && before !== undefined) {
        save(merged.owned);
        return undefined;
      }
      if (before === undefined && p.length === 0) return undefined;
      // Item 8: a consented plaintext secret lives in the keychain and in settings.json only. Backups
      // never keep its value (the placeholder says where it is; switching to the profile writes it
      // again), and copies an older version left in backups go once settings.json no longer has it.
      const kept = new Set(p.filter((e) => e.secret).map((e) => e.value));
      const released = secretValues(before ?? '', owned).filter((v) => !kept.has(v));
      return {
        text: merged.text,
        backupText: before === undefined ? undefined : maskSecrets(before, owned, MOVED_PLACEHOLDER),
        // Two files cannot change in one atomic step. Record the union of old and new ownership first
        // (an intent log): after a crash between the two writes, whichever state settings.json holds,
        // the app still knows every key it may own. Release skips keys whose value is not the app's.
        beforeWriting: () => save(unionOwned(owned, merged.owned)),
        afterWriting: () => {
          // The folder is not synced for this one: a crash that loses its rename leaves the intent log,
          // which is a correct record too (it knows every value either state may hold); the switch's
          // profiles.json write right after it, in the same folder, syncs the folder anyway (issue 16).
          save(merged.owned, false);
          for (const v of released) this.scrubBackups(v);
        },
      };
    }, commit);
  }

  /**
   * Removes one of the user's own keys (doctor's fix: a plaintext key moved into the keychain), with
   * the same safety as apply. The backup keeps the file's shape, but not the secret moved out of it.
   */
  removeUserKey(keyPath: readonly string[]): ApplyResult {
    return this.edit((before) => {
      if (before === undefined) return undefined;
      parseSettings(before, this.settingsFile);
      const text = setKey(before, keyPath, undefined);
      if (text === before) return undefined;
      return { text, backupText: setKey(before, keyPath, MOVED_PLACEHOLDER) };
    });
  }

  /**
   * The one write path: lock, read (waiting out a save in place), compute, then every slow step —
   * backups, the ownership intent log, the temp file and its fsync — and only then compare the file's
   * bytes with what was read and rename. Another writer (Claude Code) that saved meanwhile is not
   * overwritten: the merge is redone on top of its change. What remains is the gap between that last
   * read and the rename, microseconds. `compute` returns undefined when there is nothing to write.
   */
  private edit(compute: (before: string | undefined) => Edit | undefined, commit?: () => void): ApplyResult {
    const file = this.settingsFile;
    try {
      return withFileLock(path.join(this.dataDir, 'settings.lock'), () => {
        const deadline = Date.now() + CONFLICT_MS;
        const check = new ByteCheck();
        let expected = 0;
        for (let attempt = 1; ; attempt++) {
          const before = readSettled(file, expected);
          expected = before?.length ?? 0;
          const e = compute(before);
          if (!e) {
            commit?.();
            return { file, changed: false };
          }
          const backup = this.backup(before === undefined ? undefined : (e.backupText ?? before));
          e.beforeWriting?.();
          const pending = prepareAtomicWrite(file, e.text, { newFileMode: 0o600 });
          this.beforeWrite?.();
          // The compare and the rename must not be split by the scheduler or the garbage collector:
          // nothing is allocated between them, and a short sleep first lets them start a fresh time
          // slice (on a loaded 2-core machine a pause right there was the one remaining way to lose
          // another writer's save). Any sleep that blocks does that; 0.1 ms instead of 1 ms (the whole
          // millisecond was 2 % of a switch; issue 16).
          check.expect(before);
          sleepSync(0.1);
          if (check.holds(file)) {
            pending.commit();
            e.afterWriting?.();
            commit?.();
            return { file, changed: true, ...(backup ? { backup } : {}) };
          }
          pending.abort();
          // That backup shows a state nobody overwrote; the next attempt keeps the one it replaces.
          if (backup) removeFile(backup);
          if (attempt >= MIN_ATTEMPTS && Date.now() > deadline) throw keptChanging(file);
        }
      });
    } catch (e) {
      throw settingsIoError(e, file);
    }
  }

  /** Replaces a secret in every backup of this file (after it moved into the keychain). */
  scrubBackups(secret: string): number {
    const dir = this.backupDir();
    if (!fs.existsSync(dir) || secret.length < 8) return 0;
    let n = 0;
    for (const f of fs.readdirSync(dir)) {
      const p = path.join(dir, f);
      const text = fs.readFileSync(p, 'utf8');
      if (!text.includes(secret)) continue;
      writeFileAtomic(p, text.split(secret).join(MOVED_PLACEHOLDER));
      n++;
    }
    return n;
  }

  private saveState(
    state: BridgeState,
    fileKey: string,
    owned: OwnedRecord,
    onDisk: OwnedRecord,
    syncFolder: boolean,
  ): void {
    // A record that says the same as the one on disk (sameOwnership) is not written (and fsynced)
    // again (issue 16).
    if (sameOwnership(onDisk, owned)) return;
    writeFileAtomic(this.stateFile, stateText(state, fileKey, owned), { syncFolder });
  }

  /**
   * Keeps the user's original before the first write ever (`original.json`, or `original.absent`
   * when there was no file), and the pre-write state of the last five writes.
   */
  private backup(before: string | undefined): string | undefined {
    const dir = this.backupDir();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // One listing of the folder answers every question below (issue 16: each switch makes a backup).
    const files = fs.readdirSync(dir);
    if (!files.includes('original.json') && !files.includes('original.absent')) {
      if (before === undefined) writeFileAtomic(path.join(dir, 'original.absent'), `${this.settingsFile}\n`);
      else writeFileAtomic(path.join(dir, 'original.json'), before);
      writeFileAtomic(path.join(dir, 'source.txt'), `${this.settingsFile}\n`);
    }
    if (before === undefined) return undefined;
    const stamp = utcStamp(new Date());
    const base = `before-${stamp}-${process.pid}.json`;
    const name = path.join(dir, base);
    const kept = files.filter((f) => f.startsWith('before-')).sort();
    // Switching back and forth meets the same states again: a kept backup with these very bytes is
    // renamed to this write's name instead of writing (and fsyncing) a copy (issue 16: 1 MB files).
    const same = sameContent(dir, kept, before);
    let moved = false;
    if (same) {
      try {
        fs.renameSync(path.join(dir, same), name);
        moved = true;
      } catch {
        // gone meanwhile: write the copy
      }
    }
    if (!moved) writeFileAtomic(name, before);
    // The folder now: the listing without the one renamed, with this one (the newest name: stamps sort).
    const now = [...kept.filter((f) => !(moved && f === same)), base].sort();
    for (const f of now.slice(0, Math.max(0, now.length - BACKUPS_KEPT))) removeFile(path.join(dir, f));
    return name;
  }

  listBackups(): { original?: string; writes: string[] } {
    const dir = this.backupDir();
    if (!fs.existsSync(dir)) return { writes: [] };
    const files = fs.readdirSync(dir);
    return {
      ...(files.includes('original.json') ? { original: path.join(dir, 'original.json') } : {}),
      writes: files
        .filter((f) => f.startsWith('before-'))
        .sort()
        .map((f) => path.join(dir, f)),
    };
  }
}

function stateText(state: BridgeState, fileKey: string, owned: OwnedRecord): string {
  const files = { ...state.files };
  if (owned.entries.length === 0 && !owned.createdEnv) delete files[fileKey];
  else
    files[fileKey] = {
      entries: owned.entries.map((e) => ({ ...e, path: [...e.path] })),
      createdEnv: owned.createdEnv,
      ...(owned.emptyInner ? { emptyInner: { ...owned.emptyInner } } : {}),
    };
  return JSON.stringify({ version: 1, files }, null, 2) + '\n';
}

/**
 * The newest of the kept backups whose content is exactly `text`, if any: same size first, then the
 * last TAIL bytes (a switch changes the app's keys, which sit at the end of a file the app added them
 * to, so another state differs there), and only then every byte.
 */
function sameContent(dir: string, kept: readonly string[], text: string): string | undefined {
  let bytes: Buffer | undefined; // compared as bytes: no decoding of each candidate
  for (const f of [...kept].reverse()) {
    let fd: number | undefined;
    try {
      const p = path.join(dir, f);
      bytes ??= bytesOf(text);
      fd = fs.openSync(p, 'r');
      if (fs.fstatSync(fd).size !== bytes.length) continue;
      const n = Math.min(TAIL, bytes.length);
      const tail = Buffer.alloc(n);
      if (fs.readSync(fd, tail, 0, n, bytes.length - n) !== n || !tail.equals(bytes.subarray(bytes.length - n)))
        continue;
      if (fs.readFileSync(fd).equals(bytes)) return f;
    } catch {
      // gone meanwhile: not a candidate
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
  return undefined;
}
const TAIL = 4096;

/**
 * toISOString() with '-' for ':' and '.' (2026-01-02T03-04-05-678Z), from the UTC getters:
 * toISOString's first call sets up the local time zone (≈0.2 ms, issue 16), which a UTC stamp never needs.
 */
function utcStamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds(), 3)}Z`;
}

/**
 * The intent log: every key either record owns, and for a key in both, every value either says is
 * the app's — settings.json may hold the old one or the new one when a crash comes between the two
 * writes, and both must still be known as the app's (a test kills it there).
 */
function unionOwned(a: OwnedRecord, b: OwnedRecord): OwnedRecord {
  const key = (p: readonly string[]): string => p.join('\u0000');
  const inA = new Map(a.entries.map((e) => [key(e.path), e]));
  const inB = new Set(b.entries.map((e) => key(e.path)));
  return {
    entries: [
      ...b.entries.map((e) => {
        const old = inA.get(key(e.path));
        return old ? { ...e, ...withAlso(e.valueHash, e.also, old.valueHash, old.also) } : e;
      }),
      ...a.entries.filter((e) => !inB.has(key(e.path))),
    ],
    createdEnv: a.createdEnv || b.createdEnv,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
