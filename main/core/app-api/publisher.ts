import type { Snapshot } from '../../../common/ipc-contract';

/**
 * One snapshot per burst of changes (issue 13, snapshot cost). The changes of one tick — a monitor
 * emit, a profiles event, Claude Code's answer — mark the snapshot dirty, and one snapshot is built
 * after them (setImmediate). A use case that returns a snapshot asks for the current one: built from
 * up-to-date inputs, and sent to the listeners when a change is still unsent, so what the window gets
 * back is what the tray shows, and the flush then finds nothing left to send.
 */
export class SnapshotPublisher {
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private dirty = false;
  private flushArmed = false;
  private building: Promise<Snapshot> | undefined;

  constructor(
    /** Builds a snapshot now (synchronously, from the inputs as last read). */
    private readonly build: () => Snapshot,
    /** Brings the inputs up to date without blocking the thread. */
    private readonly fresh: () => Promise<unknown>,
  ) {}

  subscribe(l: (s: Snapshot) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** After stop(): nobody to send to, so no snapshot is built (it reads the keychain, for no one). */
  clear(): void {
    this.listeners.clear();
  }

  /** Something changed: a snapshot goes out after this tick's other changes. */
  changed(): void {
    if (this.listeners.size === 0) return;
    this.dirty = true;
    if (this.flushArmed) return;
    this.flushArmed = true;
    setImmediate(() => {
      this.flushArmed = false;
      if (this.dirty && this.listeners.size > 0) void this.current().catch(() => undefined);
    });
  }

  /** The current snapshot, sent to the listeners too when it holds an unsent change. */
  current(): Promise<Snapshot> {
    // A build still waiting for its inputs includes every change made until it builds: join it.
    return (this.building ??= (async () => {
      try {
        await this.fresh();
        const send = this.dirty && this.listeners.size > 0;
        this.dirty = false;
        const s = this.build();
        if (send) for (const l of this.listeners) l(s);
        return s;
      } finally {
        this.building = undefined;
      }
    })());
  }
}
