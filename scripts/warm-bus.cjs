/**
 * A stand-in session bus with a Secret Service behind it, for one purpose: `npm run build` runs the
 * `api-key` bundle against it once so the bundle's V8 code cache holds the functions of a real helper
 * run (the D-Bus client, its parser, the key's output), which V8 otherwise compiles lazily on every
 * Claude Code start (issue 16). It answers just what that client asks — the SASL line, Hello, the
 * owner questions, OpenSession, SearchItems, GetSecrets, SetSecret — with one made-up item whose
 * secret is a placeholder. No secret of anyone's, no real bus, nothing outside the build's throw-away
 * folder; the real client is tested against the real gnome-keyring-daemon in test/.
 *
 * The client talks only to a Secret Service owned by a process whose executable is named
 * gnome-keyring-daemon (secret-service-read.ts): `owner` is such a process the caller started (a copy
 * of `sleep` under that name), so the warm-up takes the same path as a real run.
 */
'use strict';
const net = require('node:net');

const ITEM = '/org/freedesktop/secrets/collection/login/1';
const SESSION = '/org/freedesktop/secrets/session/s1';
const OWNER = ':1.1';

class W {
  constructor() {
    this.b = Buffer.alloc(0);
  }
  pad(n) {
    const p = (n - (this.b.length % n)) % n;
    if (p) this.b = Buffer.concat([this.b, Buffer.alloc(p)]);
  }
  raw(buf) {
    this.b = Buffer.concat([this.b, buf]);
  }
  y(v) {
    this.raw(Buffer.from([v]));
  }
  u(v) {
    this.pad(4);
    const x = Buffer.alloc(4);
    x.writeUInt32LE(v);
    this.raw(x);
  }
  s(v) {
    const x = Buffer.from(v, 'utf8');
    this.u(x.length);
    this.raw(Buffer.concat([x, Buffer.from([0])]));
  }
  g(v) {
    this.y(v.length);
    this.raw(Buffer.from(`${v}\0`, 'latin1'));
  }
  ay(v) {
    this.u(v.length);
    this.raw(v);
  }
}

/** A method return (type 2) to `serial` with the given signature and body writer. */
function reply(serial, signature, body) {
  const bw = new W();
  if (body) body(bw);
  const h = new W();
  const field = (code, sig, write) => {
    h.pad(8);
    h.y(code);
    h.g(sig);
    write(h);
  };
  field(5, 'u', (w) => w.u(serial));
  field(7, 's', (w) => w.s(OWNER));
  if (signature) field(8, 'g', (w) => w.g(signature));
  const fields = h.b;
  const head = Buffer.alloc(16);
  head.write('l', 0, 'latin1');
  head[1] = 2;
  head[2] = 1;
  head[3] = 1;
  head.writeUInt32LE(bw.b.length, 4);
  head.writeUInt32LE(0x7fffffff - serial, 8);
  head.writeUInt32LE(fields.length, 12);
  const out = new W();
  out.raw(Buffer.concat([head, fields]));
  out.pad(8);
  out.raw(bw.b);
  return out.b;
}

/** The serial and member of every complete message at the front of buf (little-endian only). */
function calls(buf) {
  const out = [];
  let off = 0;
  while (buf.length - off >= 16) {
    const bodyLen = buf.readUInt32LE(off + 4);
    const serial = buf.readUInt32LE(off + 8);
    const fieldsLen = buf.readUInt32LE(off + 12);
    const headerLen = 16 + fieldsLen + ((8 - (fieldsLen % 8)) % 8);
    if (buf.length - off < headerLen + bodyLen) break;
    let p = off + 16;
    let member = '';
    while (p < off + 16 + fieldsLen) {
      p = off + Math.ceil((p - off) / 8) * 8;
      const code = buf[p];
      const sigLen = buf[p + 1];
      const sig = buf.toString('latin1', p + 2, p + 2 + sigLen);
      p += 3 + sigLen;
      if (sig === 's' || sig === 'o') {
        p = off + Math.ceil((p - off) / 4) * 4;
        const n = buf.readUInt32LE(p);
        if (code === 3) member = buf.toString('utf8', p + 4, p + 4 + n);
        p += 5 + n;
      } else if (sig === 'g') p += buf[p] + 2;
      else if (sig === 'u') p = off + Math.ceil((p - off) / 4) * 4 + 4;
      else throw new Error(`warm-bus: header field of type ${sig}`);
    }
    out.push({ serial, member, body: buf.subarray(off + headerLen, off + headerLen + bodyLen) });
    off += headerLen + bodyLen;
  }
  return { calls: out, rest: buf.subarray(off) };
}

/** The value of Item.SetSecret's (oayays) argument. */
function setSecretValue(body) {
  let p = 0;
  const skip = () => {
    p = Math.ceil(p / 4) * 4;
    const n = body.readUInt32LE(p);
    p += 4 + n;
    return n;
  };
  skip(); // session path (its trailing NUL is skipped by the next alignment)
  p += 1;
  skip(); // parameters
  p = Math.ceil(p / 4) * 4;
  const n = body.readUInt32LE(p);
  return body.toString('utf8', p + 4, p + 4 + n);
}

function answer(c, ownerPid, item) {
  switch (c.member) {
    case 'Hello':
      return reply(c.serial, 's', (w) => w.s(':1.2'));
    case 'GetNameOwner':
      return reply(c.serial, 's', (w) => w.s(OWNER));
    case 'GetConnectionUnixProcessID':
      return reply(c.serial, 'u', (w) => w.u(ownerPid));
    case 'OpenSession':
      return reply(c.serial, 'vo', (w) => {
        w.g('s');
        w.s('');
        w.s(SESSION);
      });
    case 'SearchItems':
      return reply(c.serial, 'aoao', (w) => {
        w.u(0);
        const at = w.b.length;
        w.s(ITEM);
        w.b.writeUInt32LE(w.b.length - at, at - 4);
        w.u(0);
      });
    case 'GetSecrets':
      return reply(c.serial, 'a{o(oayays)}', (w) => {
        w.u(0);
        w.pad(8);
        const at = w.b.length;
        w.s(ITEM);
        w.pad(8);
        w.s(SESSION);
        w.ay(Buffer.alloc(0));
        w.ay(Buffer.from(item.secret, 'utf8'));
        w.s('text/plain');
        w.b.writeUInt32LE(w.b.length - at, at - 8);
      });
    case 'SetSecret':
      item.secret = setSecretValue(c.body);
      return reply(c.serial, '', undefined);
    default: // anything else: an empty return
      return reply(c.serial, '', undefined);
  }
}

/**
 * Listens on `socketPath` with one item holding `secret` (SetSecret replaces it); resolves with the
 * members called so far (`seen`) and close().
 */
function startWarmBus(socketPath, ownerPid, secret) {
  const item = { secret };
  const seen = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    let authed = false;
    sock.on('error', () => undefined);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!authed) {
        const end = buf.indexOf('BEGIN\r\n');
        if (end < 0) return;
        authed = true;
        buf = buf.subarray(end + 7);
        sock.write('OK 0123456789abcdef0123456789abcdef\r\n');
      }
      const r = calls(buf);
      buf = r.rest;
      for (const c of r.calls) {
        seen.push(c.member);
        sock.write(answer(c, ownerPid, item));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve({ seen, close: () => new Promise((r) => server.close(() => r())) }));
  });
}

module.exports = { startWarmBus };
