import { AppError } from '../../common/errors';
import {
  readSecretServiceItem,
  readSecretServiceItems,
  secretServiceItemExists,
  writeSecretServiceItem,
} from './secret-service-read';

/** The keychain port (architecture.md: SecretStore). Service is fixed; account = profile id. */
export interface SecretStore {
  get(account: string): string | undefined;
  set(account: string, secret: string): void;
  /** Returns true when an item was removed; throws unless the item is verifiably gone afterwards. */
  delete(account: string): boolean;
  /** The accounts of every item of this service (never the secrets). */
  accounts(): string[];
  /** get without blocking the thread, where the keychain offers it (the tray's main process). */
  getAsync?(account: string): Promise<string | undefined>;
}

export const KEYCHAIN_SERVICE = 'claude-auth-tray';

interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(password: string): void;
  deletePassword(): boolean;
}
interface EntryOptions {
  readonly linux?: { readonly store?: 'secret-service' | 'keyutils' };
}
type KeyringModule = {
  Entry: new (service: string, account: string, options?: EntryOptions) => KeyringEntry;
  AsyncEntry: new (
    service: string,
    account: string,
    options?: EntryOptions,
  ) => { getPassword(): Promise<string | null | undefined> };
  findCredentials(service: string): Array<{ account: string; password: string }>;
};

/**
 * Linux: the Secret Service only. @napi-rs/keyring's default on Linux silently falls back to the
 * kernel keyring (keyutils) when no Secret Service answers — not a keychain: it is readable by the
 * user's other processes and lost at logout (issue 12, item 5). Pinned, the entry's constructor
 * throws before anything is written or read, and reads never look in the kernel keyring. The pin
 * costs no extra D-Bus round trip: the default builder connects to the Secret Service as well.
 * macOS and Windows have no fallback: Keychain / Credential Manager are the only stores there.
 */
const PINNED: EntryOptions = { linux: { store: 'secret-service' } };

let keyringModule: KeyringModule | undefined;
function loadKeyring(): KeyringModule {
  if (!keyringModule) {
    try {
      // Loaded lazily: the native module is only needed by commands that touch secrets.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      keyringModule = require('@napi-rs/keyring') as KeyringModule;
    } catch (e) {
      throw new AppError({
        kind: 'keychain-unavailable',
        message: `The keychain library could not be loaded (${(e as Error).message.split('\n')[0]}).`,
        nextStep: 'Reinstall Claude Auth Tray; its native keychain module is missing for this platform.',
      });
    }
  }
  return keyringModule;
}

/** keyring-core's NoEntry ("No matching entry found in secure storage"): the item is absent. */
const NO_ENTRY = /no matching entry/i;

const ENTRIES_KEPT = 32;

/** The direct Secret Service calls behind getQuick/setQuick (secret-service-read.ts' rules). */
export interface QuickSecretService {
  read(service: string, account: string): Promise<string | undefined>;
  write(service: string, account: string, secret: string): Promise<boolean>;
}
const ONE_CONVERSATION_EACH: QuickSecretService = {
  read: (service, account) => readSecretServiceItem(service, account),
  write: (service, account, secret) => writeSecretServiceItem(service, account, secret),
};

/** The real OS keychain through @napi-rs/keyring (Keychain, Credential Manager, Secret Service). */
export class KeyringSecretStore implements SecretStore {
  /**
   * Entries by account, reused: every new entry opens its own keychain session (on Linux a D-Bus
   * connection to the Secret Service, ≈5 ms; a reused entry answers in ≈1 ms). A helper's cold
   * path reads, reads again under its lock and writes the same item: one session instead of three
   * (issue 16). A failure drops the entry, and a read is tried once more on a fresh session, so
   * a restarted Secret Service is found again.
   */
  private readonly entries = new Map<string, KeyringEntry>();

  /**
   * `quick`: the direct Secret Service reads and writes of getQuick/setQuick. By default one
   * conversation per call; the api-key helper passes one SecretServiceSession for its whole process
   * (its cold path reads, reads again and writes: one connection instead of three; issue 16).
   */
  constructor(
    private readonly service: string = KEYCHAIN_SERVICE,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly quick: QuickSecretService = ONE_CONVERSATION_EACH,
  ) {}

  private entry(account: string): KeyringEntry {
    let e = this.entries.get(account);
    if (!e) {
      e = new (loadKeyring().Entry)(this.service, account, this.platform === 'linux' ? PINNED : undefined);
      if (this.entries.size >= ENTRIES_KEPT) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(account, e);
    }
    return e;
  }

  /** Runs op on the account's entry; after a failure that is not "no such item", once more on a fresh one. */
  private withEntry<T>(account: string, op: (e: KeyringEntry) => T, retry: boolean): T {
    const cached = this.entries.has(account);
    try {
      return op(this.entry(account));
    } catch (e) {
      this.entries.delete(account);
      if (!retry || !cached || NO_ENTRY.test(String((e as Error).message))) throw e;
      return op(this.entry(account));
    }
  }

  get(account: string): string | undefined {
    try {
      return this.withEntry(account, (e) => e.getPassword(), true) ?? undefined;
    } catch (e) {
      if (NO_ENTRY.test(String((e as Error).message))) return undefined;
      throw keychainError(e, this.platform, 'read');
    }
  }

  /** A read on the library's worker thread: the main thread does not wait for D-Bus or the keychain. */
  async getAsync(account: string): Promise<string | undefined> {
    const options = this.platform === 'linux' ? PINNED : undefined;
    try {
      return (await new (loadKeyring().AsyncEntry)(this.service, account, options).getPassword()) ?? undefined;
    } catch (e) {
      if (NO_ENTRY.test(String((e as Error).message))) return undefined;
      throw keychainError(e, this.platform, 'read');
    }
  }

  /**
   * get(), answered on Linux by a direct Secret Service read when that has a certain answer (one
   * unlocked item), without loading the native module (main/core/secret-service-read.ts; issue 16).
   * Anything else — locked, absent, an error — is the native get() with all its behaviour.
   */
  async getQuick(account: string): Promise<string | undefined> {
    if (this.platform === 'linux') {
      const v = await this.quick.read(this.service, account);
      if (v !== undefined) return v;
    }
    return this.get(account);
  }

  /**
   * Whether the account has a secret, on Linux by a direct Secret Service search when that has a
   * certain answer (one unlocked item; no session, no secret on the bus); anything else is the
   * native get() with all its behaviour. `use` checks a key is there without reading it (issue 16).
   */
  async hasQuick(account: string, asked?: Promise<true | undefined>): Promise<boolean> {
    // `asked`: that very search, started earlier by the caller (`use`'s first stage, main/cli/use.ts).
    if (this.platform === 'linux' && (await (asked ?? secretServiceItemExists(this.service, account)))) return true;
    return this.get(account) !== undefined;
  }

  /**
   * The secrets of these accounts (absent ones left out) in one direct Secret Service conversation
   * on Linux (issue 16: `status` with 100 profiles); undefined when that has no certain answer (or
   * elsewhere): then read as before.
   */
  async readQuick(accounts: readonly string[]): Promise<Map<string, string> | undefined> {
    return this.platform === 'linux' ? readSecretServiceItems(this.service, accounts) : undefined;
  }

  /**
   * set(), on Linux by a direct Secret Service call when the item exists as one unlocked item (it is
   * replaced as the native module replaces it); anything else — a new item, locked — is the native set().
   */
  async setQuick(account: string, secret: string): Promise<void> {
    if (this.platform === 'linux') {
      let done: boolean;
      try {
        done = await this.quick.write(this.service, account, secret);
      } catch (e) {
        throw keychainError(e, this.platform, 'store');
      }
      if (done) return;
    }
    this.set(account, secret);
  }

  set(account: string, secret: string): void {
    try {
      // Not retried on a fresh session: a write may have happened before the failure was reported.
      this.withEntry(account, (e) => e.setPassword(secret), false);
    } catch (e) {
      throw keychainError(e, this.platform, 'store');
    }
  }

  delete(account: string): boolean {
    let removed: boolean;
    try {
      removed = this.withEntry(account, (e) => e.deletePassword(), false);
    } catch (e) {
      if (!NO_ENTRY.test(String((e as Error).message))) throw keychainError(e, this.platform, 'delete');
      removed = false;
    }
    // Verified, because a caller forgets the profile only once its item is gone (issue 12, item 7).
    if (this.get(account) !== undefined) {
      throw new AppError({
        kind: 'keychain-error',
        message: 'The keychain item is still there after deleting it.',
        nextStep: `Delete the item of service "${this.service}", account "${account}" with your keychain tool, then try again.`,
      });
    }
    return removed;
  }

  accounts(): string[] {
    // The listing call hands back the secrets too: only the accounts are kept.
    return [...this.readAll().keys()].sort();
  }

  /**
   * Every item of this service, account → secret, in one keychain session: `status` with 100
   * profiles reads them all at once instead of opening 100 sessions (issue 16). On Linux this
   * searches the Secret Service only (never the kernel keyring).
   */
  readAll(): Map<string, string> {
    try {
      const found = loadKeyring().findCredentials(this.service);
      return new Map(found.map((c) => [c.account, c.password]));
    } catch (e) {
      throw keychainError(e, this.platform, 'read');
    }
  }
}

/**
 * A read-only view of the keychain items read in one go (KeyringSecretStore.readAll): answers
 * `get` from memory. For one command's reads (status); writes go to the real store.
 */
export class SnapshotSecretStore implements SecretStore {
  constructor(
    private readonly items: ReadonlyMap<string, string>,
    private readonly store: SecretStore,
  ) {}

  get(account: string): string | undefined {
    return this.items.get(account);
  }

  set(account: string, secret: string): void {
    this.store.set(account, secret);
  }

  delete(account: string): boolean {
    return this.store.delete(account);
  }

  accounts(): string[] {
    return [...this.items.keys()].sort();
  }
}

/**
 * A store whose first read of one account is answered by a value read just before (getQuick);
 * every later read and every write goes to the store. The api-key helper reads a helper profile's
 * cached key this way, and reads it again from the keychain under its lock (issue 16).
 */
export class FirstReadSecretStore implements SecretStore {
  private pending = true;
  constructor(
    private readonly account: string,
    private readonly value: string | undefined,
    private readonly store: SecretStore,
  ) {}

  get(account: string): string | undefined {
    if (this.pending && account === this.account) {
      this.pending = false;
      return this.value;
    }
    return this.store.get(account);
  }

  set(account: string, secret: string): void {
    this.pending = this.pending && account !== this.account;
    this.store.set(account, secret);
  }

  delete(account: string): boolean {
    this.pending = this.pending && account !== this.account;
    return this.store.delete(account);
  }

  accounts(): string[] {
    return this.store.accounts();
  }
}

/**
 * Maps a keyring failure to a typed error with a next step. The original message is kept only in
 * `details.cause` after a length cap: keyring messages never contain the secret itself.
 */
export function keychainError(e: unknown, platform: NodeJS.Platform, op: 'read' | 'store' | 'delete'): AppError {
  const raw = String((e as Error)?.message ?? e).slice(0, 300);
  const what = `Could not ${op} the credential in the OS keychain`;
  const store =
    platform === 'darwin' ? 'macOS Keychain' : platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service';
  if (/locked|no result found|prompt|dismissed|collection/i.test(raw)) {
    return new AppError({
      kind: 'keychain-locked',
      message: `${what}: the ${store} is locked or has no default keyring.`,
      nextStep:
        platform === 'linux'
          ? 'Unlock or start your keyring (e.g. in "Passwords and Keys" (Seahorse) or KWallet; create a login keyring if there is none), then try again.'
          : platform === 'darwin'
            ? 'Unlock or start your keyring: unlock the login keychain in Keychain Access, then try again.'
            : 'Unlock or start your keyring: sign in to Windows with your user account, then try again.',
      details: { cause: raw },
    });
  }
  if (/user cancel|interaction not allowed|denied by user|not authorized/i.test(raw)) {
    return new AppError({
      kind: 'keychain-denied',
      message: `${what}: access was denied.`,
      nextStep: 'Allow Claude Auth Tray to use the keychain when asked, then try again.',
      details: { cause: raw },
    });
  }
  if (/platform storage|no such|bus|AccessDenied|ServiceUnknown|not supported|unavailable/i.test(raw)) {
    return new AppError({
      kind: 'keychain-unavailable',
      message: `${what}: no ${store} is available.`,
      nextStep:
        platform === 'linux'
          ? 'Unlock or start your keyring: install and start a Secret Service (gnome-keyring, or KWallet with its Secret Service) in your desktop session, then try again. Claude Auth Tray never falls back to plain files or the kernel keyring.'
          : `Unlock or start your keyring: make sure the ${store} is running, then try again.`,
      details: { cause: raw },
    });
  }
  return new AppError({
    kind: 'keychain-error',
    message: `${what}.`,
    nextStep: `Check that the ${store} works (try another app that uses it), then try again.`,
    details: { cause: raw },
  });
}
