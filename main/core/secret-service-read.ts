/**
 * One keychain read on Linux without the native module: a minimal D-Bus client that asks the Secret
 * Service for one item (issue 16). The `api-key` helper runs for every Claude Code session; through
 * @napi-rs/keyring one read costs loading a 3 MB native module (≈4 ms) and a Diffie-Hellman session
 * with 1024-bit arithmetic on both ends (≈6.5 ms, see the report in docs/architecture.md); this costs
 * a few round trips on the session bus (≈1–2 ms).
 *
 * It is a fast path, never a second implementation: it answers only the plain case — exactly one
 * unlocked item with the same attributes @napi-rs/keyring searches ({service, username}), whose
 * secret is UTF-8 — and returns `undefined` for everything else (no bus, no Secret Service, a locked
 * or absent or ambiguous item, an error, a timeout). The caller then asks the native module, which
 * keeps every behaviour of the keychain: unlock prompts, "not in the keychain", the typed errors.
 * It never creates an item, never unlocks, never lists.
 *
 * The session is the Secret Service's "plain" algorithm: the secret crosses the user's own session
 * bus unencrypted (it is encrypted in the keyring file either way), and only with gnome-keyring-daemon.
 * That one hands an unlocked item to any process of the user without asking, so whoever could watch
 * the bus (a monitor is a process of the same user) learns nothing it could not ask for itself. Other
 * Secret Services may ask their user per access (KeePassXC's "confirm when clients retrieve
 * passwords", KWallet's per-application access): a plain secret on the bus would let a passive
 * monitor skip that question. So the first round trip asks the bus which process owns
 * org.freedesktop.secrets (GetNameOwner, GetConnectionUnixProcessID, GetNameOwner: one connection
 * both times), and only when that is gnome-keyring-daemon (isGnomeKeyringDaemon) do the plain session
 * and the searches go out, addressed to that connection's unique name, then the one GetSecrets /
 * SetSecret. Any other owner is sent nothing at all (no search either, so no unlock prompt of its
 * own), and the answer is undefined: the native module asks with its own encrypted session.
 * test/integration/secret-service-owner.test.ts runs it against a Secret Service that is not
 * gnome-keyring.
 */
import { after } from './after';
import { connectUnix } from './unix-socket';

const SECRETS = 'org.freedesktop.secrets';
export const TIMEOUT_MS = 2_000;

/** A D-Bus address value: %XX escapes (undefined if malformed, so no socket is guessed). */
function unescapeValue(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return '';
  }
}

/**
 * The socket of the session bus, when DBUS_SESSION_BUS_ADDRESS names a `unix:` one. Without the
 * variable (libdbus then guesses, or autolaunches) the native module decides where the bus is.
 */
export function sessionBusPath(env: NodeJS.ProcessEnv): string | undefined {
  const addr = env.DBUS_SESSION_BUS_ADDRESS;
  if (!addr) return undefined;
  for (const one of addr.split(';')) {
    if (!one.startsWith('unix:')) continue;
    const kv = new Map(
      one
        .slice(5)
        .split(',')
        .map((p) => {
          const i = p.indexOf('=');
          return [p.slice(0, i), unescapeValue(p.slice(i + 1))] as const;
        }),
    );
    const p = kv.get('path');
    if (p) return p;
    const a = kv.get('abstract');
    if (a) return `\0${a}`;
  }
  return undefined;
}

// --- D-Bus wire format (little-endian out; either endianness in) -------------------------------

/**
 * A D-Bus message being written, as a string of byte values (latin1, one character per byte) grown by
 * whole fields: Buffer's helpers (alloc, write*, fill, copy, concat) each cost a lazy compile of Node's
 * own code on their first call, ≈1 ms of every conversation of a short process, more than the few
 * hundred bytes they write, and an array pushed byte by byte cost more than a string (issue 16). One
 * Buffer is made at the end (`done`), or the text is joined with other messages first (`text`).
 */
export class Writer {
  private b = '';
  get len(): number {
    return this.b.length;
  }
  align(n: number): void {
    const r = this.b.length % n;
    if (r) this.b += ZEROS.slice(0, n - r);
  }
  byte(v: number): void {
    this.b += String.fromCharCode(v & 0xff);
  }
  u32(v: number): void {
    this.align(4);
    this.b += u32le(v);
  }
  /** s or o */
  str(s: string): void {
    // ASCII is its own latin1; anything else goes as its UTF-8 bytes.
    const bytes = !NON_ASCII.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
    this.u32(bytes.length);
    this.b += bytes + '\0';
  }
  bytes(b: Uint8Array): void {
    this.b += Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  }
  sig(s: string): void {
    this.byte(s.length);
    let t = '';
    for (let i = 0; i < s.length; i++) t += String.fromCharCode(s.charCodeAt(i) & 0xff);
    this.b += t + '\0';
  }
  /** Writes a u32 placeholder, returns a function that fills in the byte length written since. */
  arrayStart(elementAlign: number): () => void {
    this.u32(0);
    const at = this.len - 4;
    this.align(elementAlign);
    const start = this.len;
    return () => {
      this.b = this.b.slice(0, at) + u32le(this.len - start) + this.b.slice(at + 4);
    };
  }
  /** The bytes written (latin1), followed by those of `then` (a message's body after its header). */
  text(then?: Writer): string {
    return then ? this.b + then.b : this.b;
  }
  /** The same as a Buffer. */
  done(then?: Writer): Buffer {
    return Buffer.from(this.text(then), 'latin1');
  }
}
const ZEROS = '\0\0\0\0\0\0\0\0';
const NON_ASCII = /[\u0080-\uffff]/;
function u32le(v: number): string {
  return String.fromCharCode(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

export interface Call {
  readonly path: string;
  readonly iface: string;
  readonly member: string;
  readonly dest?: string;
  readonly signature?: string;
  readonly body?: (w: Writer) => void;
  /** NO_AUTO_START: the bus must not start a service for this call (the search sent before the owner is known). */
  readonly noAutoStart?: boolean;
}

export function message(serial: number, c: Call): Buffer {
  return Buffer.from(messageBytes(serial, c), 'latin1');
}

/** One message as a string of its bytes (latin1, see Writer): several are joined, then one Buffer. */
function messageBytes(serial: number, c: Call): string {
  const body = new Writer();
  c.body?.(body);
  const w = new Writer();
  w.byte(0x6c); // 'l'
  w.byte(1); // METHOD_CALL
  w.byte(c.noAutoStart ? 2 : 0); // flags
  w.byte(1);
  w.u32(body.len);
  w.u32(serial);
  const end = w.arrayStart(8);
  const field = (code: number, sig: string, write: () => void): void => {
    w.align(8);
    w.byte(code);
    w.sig(sig);
    write();
  };
  field(1, 'o', () => w.str(c.path));
  field(2, 's', () => w.str(c.iface));
  field(3, 's', () => w.str(c.member));
  if (c.dest) field(6, 's', () => w.str(c.dest!));
  if (c.signature) field(8, 'g', () => w.sig(c.signature!));
  end();
  w.align(8);
  return w.text(body);
}

/*
 * Reading with plain byte arithmetic rather than Buffer's readUInt32LE, toString and indexOf: each of
 * those costs a lazy compile of Node's own code on its first call, and reading the bus's answers
 * (≈600 bytes) took ≈0.45 ms of a `use`, on its path right after the answer came (issue 16).
 */

/** The u32 at `at` (little- or big-endian), as readUInt32LE / readUInt32BE read it. */
function u32At(b: Uint8Array, at: number, le: boolean): number {
  if (at < 0 || at + 4 > b.length) throw new RangeError('out of range');
  return le
    ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
    : ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Bytes [start, end) as a string of one character per byte (signatures, the SASL line: ASCII). */
function asciiAt(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * Bytes [start, end) decoded as UTF-8: plain ASCII (names, object paths) without the decoder. Only for
 * short ones: a string grown a character at a time is a rope of one node per byte (an 8 MB string from
 * a hostile bus took 256 MB), so anything longer than a name goes through the decoder.
 */
function textAt(b: Buffer, start: number, end: number): string {
  if (end - start > 256) return b.toString('utf8', start, end);
  for (let i = start; i < end; i++) if (b[i]! >= 0x80) return b.toString('utf8', start, end);
  return asciiAt(b, start, end);
}

/**
 * The bus's answer to the opening's AUTH line, at the front of `b`: the bytes it takes (the line and
 * its CR LF) when it is `OK <guid>`, 0 when it is anything else (refused), -1 when the line is not
 * whole yet. Both clients of this file read it (converse, secret-service-session.ts).
 */
export function authAnswer(b: Uint8Array): number {
  let nl = -1;
  for (let i = 0; i + 1 < b.length; i++)
    if (b[i] === 13 && b[i + 1] === 10) {
      nl = i;
      break;
    }
  if (nl < 0) return -1;
  return nl >= 3 && asciiAt(b, 0, 3) === 'OK ' ? nl + 2 : 0;
}

/** A message this client cannot read: the conversation has no certain answer (caught in converse). */
function malformed(): never {
  throw new Error('malformed D-Bus message');
}

class Reader {
  constructor(
    private readonly b: Buffer,
    public pos: number,
    private readonly le: boolean,
    private readonly base: number,
  ) {}
  align(n: number): void {
    const rel = this.pos - this.base;
    this.pos += (n - (rel % n)) % n;
  }
  byte(): number {
    if (this.pos >= this.b.length) malformed();
    return this.b[this.pos++]!;
  }
  u32(): number {
    this.align(4);
    if (this.pos + 4 > this.b.length) malformed();
    const v = u32At(this.b, this.pos, this.le);
    this.pos += 4;
    return v;
  }
  str(): string {
    const n = this.u32();
    if (this.pos + n + 1 > this.b.length) malformed();
    const s = textAt(this.b, this.pos, this.pos + n);
    this.pos += n + 1;
    return s;
  }
  sig(): string {
    const n = this.byte();
    const s = asciiAt(this.b, this.pos, Math.min(this.pos + n, this.b.length));
    this.pos += n + 1;
    return s;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.pos + n > this.b.length) malformed();
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** ao */
  paths(): string[] {
    const n = this.u32();
    const end = this.pos + n;
    const out: string[] = [];
    while (this.pos < end) out.push(this.str());
    return out;
  }
  /** Skips one value of a basic or variant type, enough for a header field. */
  skip(sig: string): void {
    if (sig === 's' || sig === 'o') this.str();
    else if (sig === 'g') this.sig();
    else if (sig === 'u' || sig === 'i' || sig === 'b') this.u32();
    else if (sig === 'y') this.byte();
    else malformed(); // a header field of a type no header field has
  }
}

export interface Reply {
  readonly type: number;
  readonly replySerial: number | undefined;
  readonly signature: string;
  /** The unique name of the connection that sent it, as the bus stamps it (SENDER). */
  readonly sender?: string;
  readonly body: Reader;
}

/** Splits complete messages off the front of buf; returns them and what is left. */
export function parseMessages(buf: Buffer): { messages: Reply[]; rest: Buffer } {
  const messages: Reply[] = [];
  let off = 0;
  while (buf.length - off >= 16) {
    const le = buf[off] === 0x6c;
    if (!le && buf[off] !== 0x42) malformed();
    const u32 = (at: number): number => u32At(buf, off + at, le);
    const bodyLen = u32(4);
    const fieldsLen = u32(12);
    const headerLen = 16 + fieldsLen + ((8 - (fieldsLen % 8)) % 8);
    if (bodyLen > 1 << 24 || fieldsLen > 1 << 16) malformed();
    if (buf.length - off < headerLen + bodyLen) break;
    const msg = buf.subarray(off, off + headerLen + bodyLen);
    const h = new Reader(msg, 16, le, 0);
    let replySerial: number | undefined;
    let signature = '';
    let sender: string | undefined;
    while (h.pos < 16 + fieldsLen) {
      h.align(8);
      const code = h.byte();
      const sig = h.sig();
      if (code === 5 && sig === 'u') replySerial = h.u32();
      else if (code === 8 && sig === 'g') signature = h.sig();
      else if (code === 7 && sig === 's') sender = h.str();
      else h.skip(sig);
    }
    messages.push({
      type: msg[1]!,
      replySerial,
      signature,
      ...(sender === undefined ? {} : { sender }),
      body: new Reader(msg, headerLen, le, headerLen),
    });
    off += headerLen + bodyLen;
  }
  return { messages, rest: buf.subarray(off) };
}

// --- the conversation ------------------------------------------------------------------------

const SERVICE_PATH = '/org/freedesktop/secrets';
const SERVICE_IFACE = 'org.freedesktop.Secret.Service';

/**
 * The secret of the one unlocked item with attributes {service, username: account}, or undefined
 * when this fast path has no certain answer (the caller then asks the native keychain module).
 */
export async function readSecretServiceItem(
  service: string,
  account: string,
  env: NodeJS.ProcessEnv = process.env,
  uid: number = process.getuid?.() ?? -1,
): Promise<string | undefined> {
  // An absent item is left to the native module too: its answer ("not in the keychain") is the one
  // every caller knows, and an absent key is no hot path.
  return (await readSecretServiceItems(service, [account], env, uid))?.get(account);
}

/**
 * The secrets of several accounts in one conversation (`status` with 100 profiles; issue 16): every
 * search goes out at once, then one GetSecrets for all items found. The map holds the accounts with
 * exactly one unlocked item; an account with none is absent. undefined — no certain answer, ask the
 * native module — when any account has a locked item or more than one, or anything fails.
 */
export async function readSecretServiceItems(
  service: string,
  accounts: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  uid: number = process.getuid?.() ?? -1,
): Promise<Map<string, string> | undefined> {
  return converse(service, accounts, env, uid, (found) => {
    if (found.size === 0) return { done: new Map<string, string>() };
    return {
      call: (session) => getSecretsCall([...found.keys()], session),
      reply: (m) => getSecretsReply(m, found),
    };
  });
}

/** Item.SetSecret in a plain session, as @napi-rs/keyring replaces a secret (content type text/plain). */
export function setSecretCall(item: string, session: string, secret: string): Omit<Call, 'dest'> {
  return {
    path: item,
    iface: 'org.freedesktop.Secret.Item',
    member: 'SetSecret',
    signature: '(oayays)',
    body: (w) => {
      w.align(8);
      w.str(session);
      w.u32(0); // parameters: none for a plain session
      const value = Buffer.from(secret, 'utf8');
      w.u32(value.length);
      w.bytes(value);
      w.str('text/plain');
    },
  };
}

/** Service.GetSecrets for these items in a plain session. */
export function getSecretsCall(items: readonly string[], session: string): Omit<Call, 'dest'> {
  return {
    path: SERVICE_PATH,
    iface: SERVICE_IFACE,
    member: 'GetSecrets',
    signature: 'aoo',
    body: (w) => {
      const end = w.arrayStart(4);
      for (const item of items) w.str(item);
      end();
      w.str(session);
    },
  };
}

/**
 * GetSecrets' answer as account → secret (`found`: item path → account), or undefined unless every
 * item found has a plain UTF-8 secret in it (an item deleted meanwhile: no certain answer).
 */
export function getSecretsReply(m: Reply, found: ReadonlyMap<string, string>): Map<string, string> | undefined {
  if (m.signature !== 'a{o(oayays)}') return undefined;
  const secrets = new Map<string, string>();
  const n = m.body.u32();
  m.body.align(8); // the length does not count the padding before the first entry
  const end = m.body.pos + n;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  while (m.body.pos < end) {
    m.body.align(8);
    const item = m.body.str();
    m.body.align(8);
    m.body.str(); // session
    const params = m.body.bytes();
    const value = m.body.bytes();
    m.body.str(); // content type
    const account = found.get(item);
    if (account === undefined || params.length !== 0) return undefined;
    secrets.set(account, utf8.decode(value));
  }
  return secrets.size === found.size ? secrets : undefined;
}

/**
 * Whether the one unlocked item {service, username: account} is there: true, or undefined when this
 * fast path has no certain answer (absent, locked, ambiguous, another Secret Service, an error; the
 * caller then asks the native module). Only the searches go out, no session is opened and no secret
 * crosses the bus: `use` needs to know that a key is there, not the key (issue 16: one round trip
 * and the session less than a read). The search goes out with the first batch, before the owner
 * check has answered (see converse): the whole question is one round trip, which `use` overlaps
 * with loading its switch.
 */
export async function secretServiceItemExists(
  service: string,
  account: string,
  env: NodeJS.ProcessEnv = process.env,
  uid: number = process.getuid?.() ?? -1,
): Promise<true | undefined> {
  return converse(service, [account], env, uid, (found) => ({ done: found.size === 1 ? true : undefined }), false);
}

/**
 * Replaces the secret of the one unlocked item of {service, username: account}, as @napi-rs/keyring
 * does for an item that exists (Item.SetSecret, content type text/plain, attributes and label kept).
 * false — nothing was written, use the native module — when there is no such item (a new one is the
 * native module's to create), it is locked or ambiguous, or anything fails before the call goes out.
 * Throws when the call went out and its answer is not a success: it may or may not have written.
 */
export async function writeSecretServiceItem(
  service: string,
  account: string,
  secret: string,
  env: NodeJS.ProcessEnv = process.env,
  uid: number = process.getuid?.() ?? -1,
): Promise<boolean> {
  let sent = false;
  const r = await converse(service, [account], env, uid, (found) => {
    const item = found.keys().next().value;
    if (found.size !== 1 || item === undefined) return { done: false };
    return {
      call: (session) => {
        sent = true;
        return setSecretCall(item, session, secret);
      },
      reply: (m) => (m.signature === '' ? true : undefined),
    };
  });
  if (r === undefined && sent) throw new Error('The Secret Service did not confirm the new secret.');
  return r === true;
}

/**
 * The first write of a conversation, answered by the bus itself: auth, Hello (serial 1), and who owns
 * the Secret Service — GetNameOwner (2), GetConnectionUnixProcessID (3), GetNameOwner again (4): both
 * names equal means the pid is that one connection's (unique names are never reused).
 */
export function openingBatch(uid: number): Buffer {
  return Buffer.from(openingBytes(uid), 'latin1');
}

/**
 * openingBatch as a string of bytes (latin1): the AUTH line with the uid (its decimal digits in hex:
 * each digit d is 0x33 then the digit itself), then BUS_QUESTIONS. Built from the messages on every
 * conversation, this cost `use` ≈0.3 ms (the first call of a dozen small functions) before its search
 * could go out, and the search's answer is what a switch waits for (issue 16).
 */
function openingBytes(uid: number): string {
  let uidHex = '';
  for (const d of String(uid)) uidHex += `3${d}`;
  busText ??= String.fromCharCode(...BUS_QUESTIONS);
  return `\0AUTH EXTERNAL ${uidHex}\r\nBEGIN\r\n${busText}`;
}
let busText: string | undefined;

/**
 * The bus's four questions, serials 1–4 (Hello; GetNameOwner, GetConnectionUnixProcessID and
 * GetNameOwner again of org.freedesktop.secrets), as message() writes them: they never change, so
 * they are written out here (`busQuestions()` makes them; a test checks the two agree).
 */
// prettier-ignore
const BUS_QUESTIONS: readonly number[] = [
  108, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 109, 0, 0, 0, 1, 1, 111, 0, 21, 0, 0, 0,
  47, 111, 114, 103, 47, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 47, 68, 66, 117, 115, 0, 0, 0,
  2, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46,
  68, 66, 117, 115, 0, 0, 0, 0, 3, 1, 115, 0, 5, 0, 0, 0, 72, 101, 108, 108, 111, 0, 0, 0,
  6, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46,
  68, 66, 117, 115, 0, 0, 0, 0, 108, 1, 0, 1, 28, 0, 0, 0, 2, 0, 0, 0, 127, 0, 0, 0,
  1, 1, 111, 0, 21, 0, 0, 0, 47, 111, 114, 103, 47, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112,
  47, 68, 66, 117, 115, 0, 0, 0, 2, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101,
  100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0, 3, 1, 115, 0, 12, 0, 0, 0,
  71, 101, 116, 78, 97, 109, 101, 79, 119, 110, 101, 114, 0, 0, 0, 0, 6, 1, 115, 0, 20, 0, 0, 0,
  111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0,
  8, 1, 103, 0, 1, 115, 0, 0, 23, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107,
  116, 111, 112, 46, 115, 101, 99, 114, 101, 116, 115, 0, 108, 1, 0, 1, 28, 0, 0, 0, 3, 0, 0, 0,
  143, 0, 0, 0, 1, 1, 111, 0, 21, 0, 0, 0, 47, 111, 114, 103, 47, 102, 114, 101, 101, 100, 101, 115,
  107, 116, 111, 112, 47, 68, 66, 117, 115, 0, 0, 0, 2, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46,
  102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0, 3, 1, 115, 0,
  26, 0, 0, 0, 71, 101, 116, 67, 111, 110, 110, 101, 99, 116, 105, 111, 110, 85, 110, 105, 120, 80, 114, 111,
  99, 101, 115, 115, 73, 68, 0, 0, 0, 0, 0, 0, 6, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46,
  102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0, 8, 1, 103, 0,
  1, 115, 0, 0, 23, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46,
  115, 101, 99, 114, 101, 116, 115, 0, 108, 1, 0, 1, 28, 0, 0, 0, 4, 0, 0, 0, 127, 0, 0, 0,
  1, 1, 111, 0, 21, 0, 0, 0, 47, 111, 114, 103, 47, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112,
  47, 68, 66, 117, 115, 0, 0, 0, 2, 1, 115, 0, 20, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101,
  100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0, 3, 1, 115, 0, 12, 0, 0, 0,
  71, 101, 116, 78, 97, 109, 101, 79, 119, 110, 101, 114, 0, 0, 0, 0, 6, 1, 115, 0, 20, 0, 0, 0,
  111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107, 116, 111, 112, 46, 68, 66, 117, 115, 0, 0, 0, 0,
  8, 1, 103, 0, 1, 115, 0, 0, 23, 0, 0, 0, 111, 114, 103, 46, 102, 114, 101, 101, 100, 101, 115, 107,
  116, 111, 112, 46, 115, 101, 99, 114, 101, 116, 115, 0,
];

/** The bus's four questions as message() writes them (what BUS_QUESTIONS holds; tests compare). */
export function busQuestions(): number[] {
  const bus = (serial: number, member: string): string =>
    messageBytes(serial, {
      path: '/org/freedesktop/DBus',
      iface: 'org.freedesktop.DBus',
      member,
      dest: 'org.freedesktop.DBus',
      ...(serial > 1 && { signature: 's', body: (w: Writer) => w.str(SECRETS) }),
    });
  const text = bus(1, 'Hello') + bus(2, 'GetNameOwner') + bus(3, 'GetConnectionUnixProcessID') + bus(4, 'GetNameOwner');
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** Service.SearchItems with the attributes @napi-rs/keyring gives an item: {service, username}. */
export function searchCall(service: string, account: string): Omit<Call, 'dest'> {
  return {
    path: SERVICE_PATH,
    iface: SERVICE_IFACE,
    member: 'SearchItems',
    signature: 'a{ss}',
    body: (w) => {
      const end = w.arrayStart(8);
      for (const [key, v] of [
        ['service', service],
        ['username', account],
      ] as const) {
        w.align(8);
        w.str(key);
        w.str(v);
      }
      end();
    },
  };
}

/** Service.OpenSession with the plain algorithm (gnome-keyring only: see the top of this file). */
export function openPlainCall(): Omit<Call, 'dest'> {
  return {
    path: SERVICE_PATH,
    iface: SERVICE_IFACE,
    member: 'OpenSession',
    signature: 'sv',
    body: (w) => {
      w.str('plain');
      w.sig('s');
      w.str('');
    },
  };
}

interface Final<T> {
  /** The call that reads or writes a secret in the plain session, sent to the checked owner. */
  readonly call: (session: string) => Omit<Call, 'dest'>;
  /** The answer, or undefined: no certain answer. */
  reply(m: Reply): T | undefined;
}

/**
 * Whether the process with this pid is gnome-keyring-daemon: the one Secret Service this fast path
 * may send a secret to over a plain session (see the top of this file). The executable decides; when
 * it is unreadable — distributions install the daemon with the file capability cap_ipc_lock (to keep
 * its memory out of swap), which makes it non-dumpable, and the kernel then refuses even its own user
 * the readlink of /proc/<pid>/exe — the name the process gives itself: comm (cut at 15 characters,
 * "gnome-keyring-d") and the file name in argv[0], both of which every process may read. A pid from
 * another pid namespace (a sandbox) names no such process here, or another one: no match either way.
 */
export function isGnomeKeyringDaemon(pid: number, proc = '/proc'): boolean {
  if (!(pid > 0)) return false; // a u32 from the bus: an integer
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  let exe: string | undefined;
  try {
    exe = fs.readlinkSync(`${proc}/${pid}/exe`);
  } catch {
    // not readable (non-dumpable daemon): comm and argv[0] below
  }
  if (exe !== undefined) return base(exe.replace(/ \(deleted\)$/, '')) === GNOME_KEYRING;
  try {
    const comm = fs.readFileSync(`${proc}/${pid}/comm`, 'utf8');
    const argv0 = fs.readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return comm === 'gnome-keyring-d\n' && base(argv0) === GNOME_KEYRING;
  } catch {
    return false;
  }
}
const GNOME_KEYRING = 'gnome-keyring-daemon';

let viaNetOnly = false;
/** Tests: every conversation through node:net, as where the pipe handle is not available. */
export function useNetOnly(on: boolean): void {
  viaNetOnly = on;
}
/** Whether conversations must go through node:net (tests; secret-service-session.ts asks too). */
export function netOnly(): boolean {
  return viaNetOnly;
}

let waitingOpenings = 0;
/**
 * Whether a conversation's opening still waits for its connection to be reported (node:net, or the
 * pipe handle's writeNow declined): it goes out on the next turn of the event loop, not before.
 * `use` then takes that turn before it loads its switch, so the search is answered during the load.
 */
export function openingWaits(): boolean {
  return waitingOpenings > 0;
}

/** How many plain sessions this process opened (a count for tests: a secret never goes in here). */
export const plainSessionsOpened = { count: 0 };

/**
 * One conversation. First round trip, all sent at once and answered by the bus itself: auth, Hello,
 * who owns the Secret Service (its unique name, asked before and after its pid, so both answers are
 * about one connection: unique names are never reused). Only when that owner is gnome-keyring-daemon
 * do a plain session and a search per account go out, together, to that unique name (a new owner of
 * the well-known name never sees them); `last` then names the one call that follows in the session
 * (or the result without it). undefined when anything is uncertain: another Secret Service, an error
 * reply, a locked or ambiguous item, a timeout.
 */
async function converse<T>(
  service: string,
  accounts: readonly string[],
  env: NodeJS.ProcessEnv,
  uid: number,
  last: (found: ReadonlyMap<string, string>) => Final<T> | { readonly done: T | undefined },
  /**
   * false: only the searches, no plain session (last must then answer with `done`), and they go out
   * in the first batch, to the well-known name, before the owner is known: a search carries nothing
   * secret (the service name and a profile id, which the native module sends any Secret Service
   * anyway when this path has no answer). Its answer counts only when the bus stamped it as sent by
   * the very connection the owner check then accepts (SENDER is set by the bus, not the sender);
   * any other answer is no answer. NO_AUTO_START: it starts no Secret Service that is not running
   * (the native module may, as before).
   */
  withSession = true,
): Promise<T | undefined> {
  const socketPath = sessionBusPath(env);
  if (!socketPath || uid < 0 || accounts.length === 0) return undefined;
  return new Promise<T | undefined>((resolve) => {
    // The bus socket without node:net's start-up where Node allows it (unix-socket.ts; issue 16).
    const sock = connectUnix(socketPath, { viaNet: viaNetOnly });
    let settled = false;
    const finish = (v: T | undefined): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      sock.destroy();
      resolve(v);
    };
    const cancelTimer = after(TIMEOUT_MS, () => finish(undefined));
    sock.on('error', () => finish(undefined));
    sock.on('close', () => finish(undefined));

    // Serials: 1 Hello, 2 owner, 3 owner's pid, 4 owner again, 5.. one search per account, then the
    // plain session (sent before the searches, in the same write) and the last call.
    const OWNER = 2;
    const PID = 3;
    const OWNER_AGAIN = 4;
    const SEARCH0 = 5;
    const OPEN = SEARCH0 + accounts.length;
    const LAST = OPEN + 1;
    /** One search per account, for the checked owner (`dest`), or before the check (see withSession). */
    const searches = (dest: string): string => {
      let text = '';
      accounts.forEach((account, k) => {
        text += messageBytes(SEARCH0 + k, {
          ...searchCall(service, account),
          dest,
          ...(withSession ? {} : { noAutoStart: true }),
        });
      });
      return text;
    };
    const out = Buffer.from(openingBytes(uid) + (withSession ? '' : searches(SECRETS)), 'latin1');
    const answeredBy = new Set<string | undefined>(); // the senders of the search answers

    let authed = false;
    let pending: Buffer = Buffer.alloc(0);
    let owner: string | undefined;
    let ownerAgain: string | undefined;
    let pid: number | undefined;
    let gnomeKeyring = false; // the owner checked: the plain session may open, on `owner`
    let session: string | undefined;
    let searched = 0;
    let final: Final<T> | undefined;
    const found = new Map<string, string>(); // item path → account
    const check = (): void => {
      if (owner === undefined || ownerAgain === undefined || pid === undefined) return;
      if (owner !== ownerAgain || !isGnomeKeyringDaemon(pid)) return finish(undefined);
      gnomeKeyring = true;
      if (!withSession) return next(); // the searches went out with the first batch
      plainSessionsOpened.count++;
      sock.write(Buffer.from(messageBytes(OPEN, { ...openPlainCall(), dest: owner }) + searches(owner), 'latin1'));
      next();
    };
    const next = (): void => {
      if (!gnomeKeyring || searched < accounts.length || final) return;
      // Answers from anyone but the checked owner (a search sent before the check): no certain answer.
      if (answeredBy.size !== 1 || !answeredBy.has(owner)) return finish(undefined);
      const f = last(found);
      if ('done' in f) return finish(f.done);
      if (!session) return;
      final = f;
      sock.write(message(LAST, { ...f.call(session), dest: owner }));
    };

    // The opening goes out now where the socket allows it (unix-socket.ts, writeNow): `use` loads its
    // switch right after starting the search, without a turn of the event loop first (issue 16).
    // Elsewhere (node:net, or writeNow declined) on 'connect', a turn of the event loop later:
    // openingWaits() tells `use` to take that turn before loading its switch.
    if (!sock.writeNow?.(out)) {
      waitingOpenings++;
      let waiting = true;
      const sent = (): void => {
        if (waiting) waitingOpenings--;
        waiting = false;
      };
      sock.on('connect', () => {
        sent();
        sock.write(out);
      });
      sock.on('close', sent);
      sock.on('error', sent);
    }
    sock.on('data', (chunk: Buffer) => {
      try {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        if (!authed) {
          const took = authAnswer(pending);
          if (took < 0) return;
          if (took === 0) return finish(undefined);
          authed = true;
          pending = pending.subarray(took);
        }
        const { messages, rest } = parseMessages(pending);
        pending = rest;
        for (const m of messages) {
          if (m.type === 4) continue; // signals (NameAcquired)
          // An error (no owner yet, say: the native module may start one): no certain answer.
          if (m.type !== 2 || m.replySerial === undefined) return finish(undefined);
          const r = m.replySerial;
          if (r === OWNER || r === OWNER_AGAIN || r === PID) {
            if (m.signature !== (r === PID ? 'u' : 's')) return finish(undefined);
            if (r === OWNER) owner = m.body.str();
            else if (r === OWNER_AGAIN) ownerAgain = m.body.str();
            else pid = m.body.u32();
            check();
          } else if (r === OPEN) {
            if (m.signature !== 'vo') return finish(undefined);
            m.body.sig(); // the variant's type; its value is not read
            m.body.skip('s');
            session = m.body.str();
            next();
          } else if (r >= SEARCH0 && r < OPEN) {
            if (m.signature !== 'aoao') return finish(undefined);
            answeredBy.add(m.sender);
            const unlocked = m.body.paths();
            const locked = m.body.paths();
            if (unlocked.length > 1 || locked.length !== 0) return finish(undefined);
            if (unlocked[0] !== undefined) {
              if (found.has(unlocked[0])) return finish(undefined);
              found.set(unlocked[0], accounts[r - SEARCH0]!);
            }
            searched++;
            next();
          } else if (r === LAST && final) {
            return finish(final.reply(m));
          }
        }
      } catch {
        finish(undefined);
      }
    });
  });
}
