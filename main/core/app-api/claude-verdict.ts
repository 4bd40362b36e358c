import type { Clock } from '../clock';
import type { ClaudeAuthStatus } from '../claude-auth-status';
import * as fs from 'node:fs';
import { checkRecordPath, runRecordedCheckAsync, type CheckRecord } from '../claude-check';
import { FileWatcher } from '../file-watch';
import type { Env } from '../paths';

/**
 * What `claude auth status` last said, for the tray and the window: asked after every switch (and
 * recorded, so `claude-auth-tray status` shows it too), or taken from a newer record another process
 * wrote (the check `claude-auth-tray use` starts in the background) about the profile active now.
 */
export class ClaudeVerdict {
  private result: ClaudeAuthStatus | undefined;
  private checkedAt = 0;
  private watcher: FileWatcher | undefined;
  /** Aborted by dispose(): ends a `claude auth status` still running when the app quits. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly env: Env,
    private readonly cwd: string,
    private readonly activeProfileId: () => string | undefined,
    /** Told when the verdict changed (`fromFile`: a record of another process, after a switch there). */
    private readonly changed: (fromFile: boolean) => void,
  ) {}

  get status(): ClaudeAuthStatus | undefined {
    return this.result;
  }

  async ask(): Promise<void> {
    // Without blocking the main thread: the PATH scan and the settings files read asynchronously.
    let r: Awaited<ReturnType<typeof runRecordedCheckAsync>>;
    try {
      r = await runRecordedCheckAsync(this.activeProfileId, this.env, this.cwd, this.stopping.signal);
    } catch {
      return; // profiles.json unreadable for now: its fix starts the app again, which asks again
    }
    this.result = r?.result;
    this.checkedAt = r?.checkedAt ?? Date.now();
    this.changed(false);
  }

  watch(clock: Clock): void {
    this.watcher ??= new FileWatcher([checkRecordPath(this.env)], () => void this.onRecord(), clock);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.stopping.abort();
  }

  private async onRecord(): Promise<void> {
    const rec = await readRecordAsync(this.env);
    if (this.stopping.signal.aborted) return; // the app quit meanwhile
    if (!rec || rec.result === undefined || rec.checkedAt === undefined) return;
    if (rec.checkedAt <= this.checkedAt) return;
    if (rec.profileId !== this.activeProfileId()) return;
    this.result = rec.result ?? undefined;
    this.checkedAt = rec.checkedAt;
    this.changed(true);
  }
}

/** claude-check.json as readCheckRecord reads it, without blocking the thread. */
async function readRecordAsync(env: Env): Promise<CheckRecord | undefined> {
  try {
    const v = JSON.parse(await fs.promises.readFile(checkRecordPath(env), 'utf8')) as CheckRecord;
    return v && v.version === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}
