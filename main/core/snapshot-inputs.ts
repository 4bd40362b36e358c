/**
 * What a snapshot needs that changes only with a file (issue 13, snapshot cost): the doctor's
 * findings (three settings files and, for a project file holding a secret, `git ls-files`) and
 * whether `claude` is on the PATH. Read once, then again only when a watched file changes — the
 * settings files, the project's git index, the PATH's folders — or when this app wrote a settings
 * file itself (invalidate()). Re-reading is asynchronous, so the tray's main thread never waits for
 * git or the disk; `onChange` is told when the findings or Claude Code's presence changed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from './clock';
import { runDoctor, runDoctorAsync, settingsLocations, type Finding } from './doctor';
import { FileWatcher } from './file-watch';
import { findClaude } from './claude-auth-status';
import { findOnPathAsync } from './find-on-path';
import type { Env } from './paths';
import type { ProfilesFile } from '../../common/profile';
import { switchFinding, unfinishedSwitch, unfinishedSwitchAsync } from './switch-check';

interface Inputs {
  readonly doctor: readonly Finding[];
  readonly claudeInstalled: boolean;
}

/** Before the first read: no finding yet, and Claude Code taken as there (no false "not installed"). */
const NOT_READ: Inputs = { doctor: [], claudeInstalled: true };

export class SnapshotInputs {
  private value: Inputs | undefined;
  /** Bumped by every invalidation; a read that started before one is stale when it ends. */
  private generation = 0;
  private readGeneration = -1;
  private pending: Promise<void> | undefined;
  private watcher: FileWatcher | undefined;
  /** The size and time of every watched file when the value was read: a watch event that changed none is ignored. */
  private stamp: string | undefined;
  private files: readonly string[] = [];
  private onChange: (() => void) | undefined;
  /** For tests and the bench: how often the doctor ran and the PATH was scanned. */
  readonly stats = { doctorRuns: 0, pathScans: 0 };

  constructor(
    private readonly env: Env,
    private readonly cwd: string,
    /**
     * profiles.json as last read, for a switch that did not finish (settings.json against the
     * active profile; the caller invalidates when profiles.json changes). Without it, not checked.
     */
    private readonly profiles?: () => ProfilesFile,
  ) {
    this.files = [
      ...settingsLocations(env, cwd).map((l) => l.file),
      path.join(cwd, '.git', 'index'), // `git add` of a settings file
      ...(env.PATH ?? '')
        .split(path.delimiter)
        .filter((d) => d && path.isAbsolute(d))
        .map((d) => path.join(d, 'claude')),
    ];
  }

  /** A watched folder changed: read again if one of the files did, and tell when the result changed. */
  private async changed(onChange: () => void): Promise<void> {
    if ((await stampOf(this.files)) === this.stamp) return; // another file of those folders
    this.invalidate();
    const before = JSON.stringify(this.value);
    await this.fresh();
    if (JSON.stringify(this.value) !== before) onChange();
  }

  /** Follows the files the inputs come from; `onChange` hears when a re-read changed them. */
  watch(clock: Clock, onChange: () => void): void {
    if (this.watcher) return;
    this.onChange = onChange;
    this.watcher = new FileWatcher(this.files, () => void this.changed(onChange), clock);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.onChange = undefined;
  }

  /** A file the inputs depend on changed (this app wrote settings.json): read again when next asked. */
  invalidate(): void {
    this.generation++;
  }

  private get isFresh(): boolean {
    return this.value !== undefined && this.readGeneration === this.generation;
  }

  /** Brings the inputs up to date without blocking (one read at a time; later calls join it). */
  async fresh(): Promise<Inputs> {
    while (!this.isFresh) {
      if (!this.pending) {
        const gen = this.generation;
        this.pending = this.readStamped().then(([stamp, v]) => {
          // A synchronous cold read meanwhile wins over this one only if it is newer.
          if (this.readGeneration <= gen) {
            this.value = v;
            this.stamp = stamp;
            this.readGeneration = gen;
          }
          this.pending = undefined;
        });
      }
      await this.pending;
    }
    return this.value!;
  }

  /** Whether a first read has ended (before it, a watching now() answers NOT_READ). */
  get ready(): boolean {
    return this.value !== undefined;
  }

  /**
   * The inputs now, for a caller that cannot wait (the synchronous AppApi.snapshot()): the cached
   * value, even if a re-read is under way. Before the first read ends: while watching (the tray,
   * after start()) nothing found yet, and the read goes on asynchronously — its end is told to the
   * watch's listener, so the tray builds its menu at once and the findings follow (issue 13); not
   * watching (a script, a test), read synchronously once.
   */
  now(): Inputs {
    if (this.value === undefined && this.watcher) {
      void this.fresh().then(
        () => this.onChange?.(),
        () => undefined,
      );
      return NOT_READ;
    }
    if (this.value === undefined) {
      this.stats.doctorRuns++;
      this.stats.pathScans++;
      const f = this.profilesNow();
      const unfinished = f && unfinishedSwitch(f, this.env);
      this.value = {
        doctor: [...(unfinished ? [switchFinding(unfinished)] : []), ...runDoctor(this.env, this.cwd)],
        claudeInstalled: findClaude(this.env) !== undefined,
      };
      this.readGeneration = this.generation;
    }
    return this.value;
  }

  /** profiles.json as last read; undefined when not given or unreadable (the tray says that itself). */
  private profilesNow(): ProfilesFile | undefined {
    try {
      return this.profiles?.();
    } catch {
      return undefined;
    }
  }

  /** The files' stamp first: a change during the read then shows as a stamp that differs. */
  private async readStamped(): Promise<[string, Inputs]> {
    const stamp = await stampOf(this.files);
    return [stamp, await this.read()];
  }

  private async read(): Promise<Inputs> {
    this.stats.doctorRuns++;
    this.stats.pathScans++;
    const f = this.profilesNow();
    const [unfinished, doctor, found] = await Promise.all([
      f && unfinishedSwitchAsync(f, this.env),
      runDoctorAsync(this.env, this.cwd),
      this.env.CLAUDE_AUTH_TRAY_CLAUDE_BIN ? Promise.resolve(undefined) : findOnPathAsync('claude', this.env),
    ]);
    return {
      doctor: [...(unfinished ? [switchFinding(unfinished)] : []), ...doctor],
      claudeInstalled: claudeBin(this.env, found) !== undefined,
    };
  }
}

/** As findClaude: the override first, else what the PATH scan found. */
function claudeBin(env: Env, found: string | undefined): string | undefined {
  return env.CLAUDE_AUTH_TRAY_CLAUDE_BIN || found;
}

/** The size and modification time of each file (or that it is absent), as one string. */
async function stampOf(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map((f) =>
      fs.promises.stat(f).then(
        (s) => `${s.size}:${s.mtimeMs}:${s.ino}`,
        () => '-',
      ),
    ),
  );
  return parts.join('|');
}
