/**
 * A stand-in session bus on a Unix socket, for what a real bus never does on request: answering a
 * call of secret-service-read.ts from another connection than the one it was addressed to (a name
 * that changed owner between two messages). It reads the client's calls (little-endian, as that
 * client writes them) and answers each as `answer` says: the bus's own calls, and the Secret
 * Service's, stamped with any sender.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Call {
  readonly serial: number;
  readonly member: string;
  readonly destination: string;
  /** The header's flags byte (2: NO_AUTO_START). */
  readonly flags: number;
}
export interface Answer {
  readonly sender: string;
  readonly signature: string;
  readonly body: Buffer;
}

/** D-Bus values, little-endian, aligned from the start of the body. */
export class Body {
  private readonly b: number[] = [];
  private align(n: number): void {
    while (this.b.length % n) this.b.push(0);
  }
  u32(v: number): this {
    this.align(4);
    this.b.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
    return this;
  }
  str(s: string): this {
    const bytes = Buffer.from(s, 'utf8');
    this.u32(bytes.length);
    this.b.push(...bytes, 0);
    return this;
  }
  /** ao */
  paths(ps: readonly string[]): this {
    const inner = new Body();
    for (const p of ps) inner.str(p);
    this.u32(inner.b.length);
    this.b.push(...inner.b);
    return this;
  }
  done(): Buffer {
    return Buffer.from(this.b);
  }
}

function reply(serial: number, to: number, a: Answer): Buffer {
  const h: number[] = [];
  const align = (n: number): void => {
    while (h.length % n) h.push(0);
  };
  const u32 = (v: number): void => {
    align(4);
    h.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
  };
  const sig = (s: string): void => void h.push(s.length, ...Buffer.from(s, 'latin1'), 0);
  const str = (s: string): void => {
    u32(Buffer.byteLength(s));
    h.push(...Buffer.from(s, 'utf8'), 0);
  };
  h.push(0x6c, 2, 1, 1);
  u32(a.body.length);
  u32(serial);
  u32(0);
  const start = h.length;
  const field = (code: number, s: string, write: () => void): void => {
    align(8);
    h.push(code);
    sig(s);
    write();
  };
  field(5, 'u', () => u32(to));
  field(7, 's', () => str(a.sender));
  if (a.signature) field(8, 'g', () => sig(a.signature));
  const len = h.length - start;
  h.splice(start - 4, 4, len & 255, (len >>> 8) & 255, (len >>> 16) & 255, len >>> 24);
  align(8);
  return Buffer.concat([Buffer.from(h), a.body]);
}

/** The calls at the front of buf (little-endian), and what is left. */
function calls(buf: Buffer): { calls: Call[]; rest: Buffer } {
  const out: Call[] = [];
  let off = 0;
  while (buf.length - off >= 16) {
    const bodyLen = buf.readUInt32LE(off + 4);
    const fieldsLen = buf.readUInt32LE(off + 12);
    const headerLen = 16 + fieldsLen + ((8 - (fieldsLen % 8)) % 8);
    if (buf.length - off < headerLen + bodyLen) break;
    let pos = off + 16;
    let member = '';
    let destination = '';
    while (pos < off + 16 + fieldsLen) {
      pos = off + Math.ceil((pos - off) / 8) * 8;
      const code = buf[pos]!;
      const sigLen = buf[pos + 1]!;
      const sig = buf.toString('latin1', pos + 2, pos + 2 + sigLen);
      pos += 3 + sigLen;
      if (sig === 'g') {
        pos += 2 + buf[pos]!;
        continue;
      }
      pos = off + Math.ceil((pos - off) / 4) * 4;
      if (sig === 'u') {
        pos += 4;
        continue;
      }
      const n = buf.readUInt32LE(pos);
      const v = buf.toString('utf8', pos + 4, pos + 4 + n);
      pos += 5 + n;
      if (code === 3) member = v;
      if (code === 6) destination = v;
    }
    out.push({ serial: buf.readUInt32LE(off + 8), member, destination, flags: buf[off + 2]! });
    off += headerLen + bodyLen;
  }
  return { calls: out, rest: buf.subarray(off) };
}

/** Starts the stand-in; `env` points secret-service-read.ts at it. */
export async function standInBus(
  answer: (c: Call) => Answer | undefined,
): Promise<{ env: NodeJS.ProcessEnv; calls: Call[]; close(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-bus-'));
  const socketPath = path.join(dir, 'bus');
  const seen: Call[] = [];
  let serial = 100;
  const server = net.createServer((c) => {
    let buf: Buffer = Buffer.alloc(0);
    let authed = false;
    c.on('error', () => undefined);
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!authed) {
        const i = buf.indexOf('BEGIN\r\n');
        if (i < 0) return;
        buf = buf.subarray(i + 7);
        authed = true;
        c.write('OK 0123456789abcdef0123456789abcdef\r\n');
      }
      const got = calls(buf);
      buf = got.rest;
      for (const call of got.calls) {
        seen.push(call);
        const a = answer(call);
        if (a) c.write(reply(serial++, call.serial, a));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${socketPath}` },
    calls: seen,
    close: () => {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
