import type { Clock } from '../clock';
import type { ClaudeAuthStatus } from '../claude-auth-status';
import { checkRecordPath, readCheckRecord, runRecordedCheck } from '../claude-check';
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
    const r = await runRecordedCheck(this.activeProfileId, this.env, this.cwd, this.stopping.signal);
    this.result = r?.result;
    this.checkedAt = r?.checkedAt ?? Date.now();
    this.changed(false);
  }

  watch(clock: Clock): void {
    this.watcher ??= new FileWatcher([checkRecordPath(this.env)], () => this.onRecord(), clock);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.stopping.abort();
  }

  private onRecord(): void {
    const rec = readCheckRecord(this.env);
    if (!rec || rec.result === undefined || rec.checkedAt === undefined) return;
    if (rec.checkedAt <= this.checkedAt) return;
    if (rec.profileId !== this.activeProfileId()) return;
    this.result = rec.result ?? undefined;
    this.checkedAt = rec.checkedAt;
    this.changed(true);
  }
}
