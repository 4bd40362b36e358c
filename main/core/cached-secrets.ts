/**
 * The keychain as the tray's snapshot reads it (issue 13, snapshot cost): the state of a profile the
 * monitor has not checked yet shows its key's masked hint, read from the keychain. Read once per
 * profile — asynchronously ahead of a snapshot where the keychain offers it (prefetch), else once
 * synchronously — and kept until this process writes or deletes that item (the tap the AppApi puts
 * in front of the store) or another process may have (a change of profiles.json or of the last
 * checks: clear()). Only the snapshot reads through it; checks and switches read the keychain itself.
 */
import type { SecretStore } from './vault';

export class CachedSecrets implements SecretStore {
  private readonly values = new Map<string, string | undefined>();
  /** Bumped by every drop and clear: a prefetch that started before one does not keep what it read. */
  private generation = 0;
  /** For tests and the bench: synchronous keychain reads. */
  syncReads = 0;

  constructor(private readonly store: SecretStore) {}

  get(account: string): string | undefined {
    if (this.values.has(account)) return this.values.get(account);
    this.syncReads++;
    const v = this.store.get(account); // an error is not kept: the next snapshot asks again
    this.values.set(account, v);
    return v;
  }

  set(account: string, secret: string): void {
    this.drop(account);
    this.store.set(account, secret);
  }

  delete(account: string): boolean {
    this.drop(account);
    return this.store.delete(account);
  }

  accounts(): string[] {
    return this.store.accounts();
  }

  /** Reads the items not known yet without blocking the thread (where the store can). */
  async prefetch(accounts: readonly string[]): Promise<void> {
    const read = this.store.getAsync?.bind(this.store);
    if (!read) return;
    const gen = this.generation;
    await Promise.all(
      accounts
        .filter((a) => !this.values.has(a))
        .map(async (a) => {
          try {
            const v = await read(a);
            if (gen === this.generation) this.values.set(a, v);
          } catch {
            // the synchronous read reports it in the state
          }
        }),
    );
  }

  drop(account: string): void {
    this.generation++;
    this.values.delete(account);
  }

  clear(): void {
    this.generation++;
    this.values.clear();
  }
}

/** The store, telling `written` about every item it sets or deletes (so a cache of it drops that item). */
export function tapWrites(store: SecretStore, written: (account: string) => void): SecretStore {
  return {
    get: (a) => store.get(a),
    set: (a, s) => {
      try {
        store.set(a, s);
      } finally {
        written(a);
      }
    },
    delete: (a) => {
      try {
        return store.delete(a);
      } finally {
        written(a);
      }
    },
    accounts: () => store.accounts(),
    ...(store.getAsync ? { getAsync: (a: string) => store.getAsync!(a) } : {}),
  };
}
