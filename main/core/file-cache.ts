/**
 * Small files of the app's folder that the tray's snapshot reads (issue 13, snapshot cost): app
 * settings, project pins, the last checks. Each is read and parsed once, then served from memory
 * until it changes: a write by this process drops it at once (atomic-write's onFileWritten), a write
 * by another process (the CLI) is read again asynchronously after the folder watch fires. So a
 * snapshot of unchanged inputs does no synchronous file I/O.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onFileWritten, readFileIfExists } from './atomic-write';
import type { Clock } from './clock';
import { FileWatcher } from './file-watch';

interface Entry {
  readonly text: string | undefined;
  readonly value: unknown;
  readonly parse: (text: string | undefined) => unknown;
}

export class FileCache {
  private readonly entries = new Map<string, Entry>();
  private watcher: FileWatcher | undefined;
  private readonly offWrites: () => void;
  /** Writes of ours to these files: a preload that overlapped one does not keep what it read. */
  private writes = 0;
  /** For tests and the bench: synchronous reads of a file (the first, and after a write of ours). */
  syncReads = 0;

  constructor(private readonly files: readonly string[]) {
    const ours = new Set(files.map((f) => path.resolve(f)));
    this.offWrites = onFileWritten((f) => {
      if (!ours.has(path.resolve(f))) return;
      this.writes++;
      this.entries.delete(path.resolve(f));
    });
  }

  /** The file's parsed content: from memory, else read now (once). Unreadable reads as absent. */
  get<T>(file: string, parse: (text: string | undefined) => T): T {
    const key = path.resolve(file);
    const e = this.entries.get(key);
    if (e && e.parse === parse) return e.value as T;
    this.syncReads++;
    let text: string | undefined;
    try {
      text = readFileIfExists(key);
    } catch {
      text = undefined;
    }
    const value = parse(text);
    this.entries.set(key, { text, value, parse });
    return value;
  }

  /** Reads the file without blocking when it is not in memory yet (before a snapshot is built). */
  async preload<T>(file: string, parse: (text: string | undefined) => T): Promise<void> {
    const key = path.resolve(file);
    if (this.entries.get(key)?.parse === parse) return;
    const writes = this.writes;
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(key, 'utf8');
    } catch {
      text = undefined;
    }
    // A write of ours meanwhile: what was read may be older; the next get reads again.
    if (this.writes === writes && !this.entries.has(key)) this.entries.set(key, { text, value: parse(text), parse });
  }

  /** Follows other processes' writes; `onChange` hears when a cached file's content changed. */
  watch(clock: Clock, onChange: () => void): void {
    this.watcher ??= new FileWatcher(this.files, () => void this.reread(onChange), clock);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.offWrites();
    this.entries.clear();
  }

  private async reread(onChange: () => void): Promise<void> {
    let changed = false;
    await Promise.all(
      [...this.entries].map(async ([file, e]) => {
        let text: string | undefined;
        try {
          text = await fs.promises.readFile(file, 'utf8');
        } catch {
          text = undefined;
        }
        // Dropped meanwhile (a write of ours), or already current: nothing to do.
        if (this.entries.get(file) !== e || text === e.text) return;
        this.entries.set(file, { text, value: e.parse(text), parse: e.parse });
        changed = true;
      }),
    );
    if (changed) onChange();
  }
}
