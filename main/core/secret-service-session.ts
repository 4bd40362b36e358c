/**
 * One Secret Service conversation for a whole process (issue 16: "one keychain session per process").
 * The `api-key` helper's cold path reads a helper profile's cached key, reads it again under its lock
 * and writes the new one: with readSecretServiceItem / writeSecretServiceItem that was three
 * connections, each with its auth, owner check and plain session. Here the first call connects and
 * checks the owner exactly as secret-service-read.ts does (nothing but the bus's own questions until
 * the owner is gnome-keyring-daemon; everything after addressed to that unique name), the plain session
 * goes out together with the first search, and every later read or write is one search and one
 * GetSecrets / SetSecret on the same connection.
 *
 * Searches are spent sparingly (issue 16, the helper's cold path): find() starts the connection, the
 * owner check, the session and the search of an item without asking for its secret; the next read()
 * of that item asks GetSecrets on what it found, and a write() replaces the secret of the item its
 * latest search found (a refresh's, made under its lock: the stamp path's find(), or the read again
 * under the lock) instead of searching once more. An item path names the same item for the life of the
 * Secret Service it came from (gnome-keyring numbers items and never reuses a number while it runs;
 * another daemon has another unique name, which these calls are addressed to); a removed item answers
 * with an error, and such a write goes to the native module, as a search that finds nothing does.
 *
 * The answers follow the one-shot functions exactly: read() — the secret of exactly one unlocked item,
 * else undefined (the caller asks the native module); write() — true when the one unlocked item was
 * replaced, false when nothing was sent (no such item, locked, ambiguous, another Secret Service, an
 * error before the call), throws when the SetSecret went out and was not confirmed. An error reply, a
 * malformed message or 2 s without an answer closes the connection: every later call is then
 * undefined / false, so the native module answers. close() must be called when done (an open socket
 * keeps the process alive).
 */
import { after } from './after';
import {
  authAnswer,
  getSecretsCall,
  getSecretsReply,
  isGnomeKeyringDaemon,
  netOnly,
  message,
  openingBatch,
  openPlainCall,
  parseMessages,
  plainSessionsOpened,
  searchCall,
  sessionBusPath,
  setSecretCall,
  TIMEOUT_MS,
  type Call,
  type Reply,
} from './secret-service-read';
import { connectUnix, type UnixSocket } from './unix-socket';

export class SecretServiceSession {
  private sock: UnixSocket | undefined;
  private serial = 4; // 1–4: the opening batch
  private readonly pending = new Map<number, (m: Reply | undefined) => void>();
  private buf: Buffer = Buffer.alloc(0);
  private authed = false;
  private closed = false;
  private owner: Promise<string | undefined> | undefined;
  /** The checked owner's unique name, once checked: every call after the opening goes to it. */
  private dest: string | undefined;
  private session: Promise<string | undefined> | undefined;
  /** The latest search per item (service + NUL + account); `read` marks one a read has not used yet. */
  private readonly found = new Map<string, { item: Promise<string | undefined>; unread: boolean }>();
  /** Serials answered with an error reply (not a close or a timeout). */
  private readonly errorReplies = new Set<number>();

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly uid: number = process.getuid?.() ?? -1,
  ) {}

  /**
   * Starts what a read or write of the item needs — connection, owner check, session, search — without
   * asking for the secret: the api-key helper calls it first thing, before it knows whether it needs
   * the cached key at all (a due refresh does not; issue 16). Resolves to whether it found the item.
   */
  find(service: string, account: string): Promise<boolean> {
    const item = this.item(service, account);
    this.found.set(`${service}\0${account}`, { item, unread: true });
    // Whether it found the one unlocked item; a failure is reported to the read or write that uses it.
    return item.then(Boolean, () => false);
  }

  /** The secret of the one unlocked item {service, username: account} now, or undefined. */
  async read(service: string, account: string): Promise<string | undefined> {
    const key = `${service}\0${account}`;
    const prior = this.found.get(key);
    // The search find() started, once; every later read searches again (and is the one a write uses).
    const search = prior?.unread ? prior.item : this.item(service, account);
    this.found.set(key, { item: search, unread: false });
    const item = await search;
    const session = item && (await this.session);
    if (!item || !session) return undefined;
    const got = await this.call(getSecretsCall([item], session));
    try {
      return got ? getSecretsReply(got, new Map([[item, account]]))?.get(account) : undefined;
    } catch {
      this.close(); // a message this client cannot read
      return undefined;
    }
  }

  /** Replaces the secret of the one unlocked item (see the top of this file for the answers). */
  async write(service: string, account: string, secret: string): Promise<boolean> {
    const prior = this.found.get(`${service}\0${account}`);
    const item = await (prior ? prior.item : this.item(service, account));
    const session = item && (await this.session);
    if (!item || !session || this.closed) return false;
    const [serial, answer] = this.send(setSecretCall(item, session, secret)); // the connection is open
    const r = await answer;
    // An error reply to a path found earlier: the item is gone (removed meanwhile); nothing was
    // written, so the native module stores it, as after a search that finds nothing.
    if (prior && this.errorReplies.has(serial)) return false;
    if (r?.signature !== '') throw new Error('The Secret Service did not confirm the new secret.');
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock?.destroy();
    for (const r of this.pending.values()) r(undefined);
    this.pending.clear();
  }

  /** The path of the one unlocked item of {service, username: account}, or undefined. */
  private async item(service: string, account: string): Promise<string | undefined> {
    const owner = await this.checkedOwner();
    if (!owner) return undefined;
    // The plain session goes out with the first search, in the same write.
    this.session ??= this.call(openPlainCall()).then((m) => {
      if (m?.signature !== 'vo') return undefined;
      try {
        m.body.sig(); // the variant's type; its value is not read
        m.body.skip('s');
        return m.body.str();
      } catch {
        this.close();
        return undefined;
      }
    });
    const found = await this.call(searchCall(service, account));
    if (found?.signature !== 'aoao') return undefined;
    try {
      const unlocked = found.body.paths();
      const locked = found.body.paths();
      return unlocked.length === 1 && locked.length === 0 ? unlocked[0] : undefined;
    } catch {
      this.close();
      return undefined;
    }
  }

  /** Connects and asks the bus who owns the Secret Service (once): its unique name when it is gnome-keyring. */
  private checkedOwner(): Promise<string | undefined> {
    this.owner ??= (async () => {
      const socketPath = sessionBusPath(this.env);
      if (!socketPath || this.uid < 0 || this.closed) return undefined;
      // The bus socket without node:net's start-up where Node allows it (unix-socket.ts; issue 16).
      const sock = connectUnix(socketPath, { viaNet: netOnly() });
      this.sock = sock;
      sock.on('data', (chunk: Buffer) => this.onData(chunk));
      sock.on('error', () => this.close());
      sock.on('close', () => this.close());
      const answers = Promise.all([1, 2, 3, 4].map((n) => this.expect(n)));
      sock.on('connect', () => sock.write(openingBatch(this.uid)));
      const [, owner, pid, again] = await answers;
      try {
        const name = owner?.signature === 's' ? owner.body.str() : undefined;
        const pidValue = pid?.signature === 'u' ? pid.body.u32() : undefined;
        const nameAgain = again?.signature === 's' ? again.body.str() : undefined;
        if (name && name === nameAgain && pidValue !== undefined && isGnomeKeyringDaemon(pidValue)) {
          plainSessionsOpened.count++;
          this.dest = name;
          return name;
        }
      } catch {
        // malformed: no certain answer
      }
      this.close();
      return undefined;
    })();
    return this.owner;
  }

  /** Resolves with the reply to `serial` (undefined: an error reply, a close, a timeout). */
  private expect(serial: number): Promise<Reply | undefined> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(undefined);
      // The conversation's timer (after.ts: no Node timers in a short process).
      const cancel = after(TIMEOUT_MS, () => this.close());
      this.pending.set(serial, (m) => {
        cancel();
        resolve(m);
      });
    });
  }

  private call(c: Omit<Call, 'dest'>): Promise<Reply | undefined> {
    return this.send(c)[1];
  }

  /** Sends a call (only after the owner check, addressed to the checked owner): its serial and answer. */
  private send(c: Omit<Call, 'dest'>): [number, Promise<Reply | undefined>] {
    if (this.closed || !this.sock || !this.dest) return [0, Promise.resolve(undefined)];
    const serial = ++this.serial;
    const answer = this.expect(serial);
    this.sock.write(message(serial, { ...c, dest: this.dest }));
    return [serial, answer];
  }

  private onData(chunk: Buffer): void {
    try {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      if (!this.authed) {
        const took = authAnswer(this.buf);
        if (took < 0) return;
        if (took === 0) return this.close();
        this.authed = true;
        this.buf = this.buf.subarray(took);
      }
      const { messages, rest } = parseMessages(this.buf);
      this.buf = rest;
      for (const m of messages) {
        if (m.type !== 2 && m.type !== 3) continue; // signals (NameAcquired); no calls are served
        const r = m.replySerial === undefined ? undefined : this.pending.get(m.replySerial);
        if (!r) continue;
        this.pending.delete(m.replySerial!);
        if (m.type === 3) {
          // An error reply: no certain answer, and the state of this connection is not certain either.
          this.errorReplies.add(m.replySerial!);
          r(undefined);
          this.close();
        } else r(m);
      }
    } catch {
      this.close();
    }
  }
}
