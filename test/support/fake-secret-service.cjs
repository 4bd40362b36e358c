/**
 * A Secret Service that is not gnome-keyring: this node process claims org.freedesktop.secrets on the
 * session bus it is started in (dbus-run-session) and answers as a provider that hands out any secret
 * it is asked for: a plain session, one unlocked item per search, the CANARY secret. Every call it
 * gets is printed on stdout as one JSON line ({member, algorithm?}); "READY <address>" once it owns
 * the name. An encrypted session (what the native module asks for) it declines as not supported.
 * Test support for secret-service-read.test.ts: the fast path must never ask it for a secret.
 */
'use strict';
const net = require('node:net');

const CANARY = process.argv[2] ?? 'sk-ant-api03-FAKE-SERVICE-canary';
const ITEM = '/org/freedesktop/secrets/collection/login/1';

class W {
  constructor() {
    this.b = Buffer.alloc(0);
  }
  put(x) {
    this.b = Buffer.concat([this.b, x]);
  }
  align(n) {
    const pad = (n - (this.b.length % n)) % n;
    if (pad) this.put(Buffer.alloc(pad));
  }
  byte(v) {
    this.put(Buffer.from([v]));
  }
  u32(v) {
    this.align(4);
    const x = Buffer.alloc(4);
    x.writeUInt32LE(v);
    this.put(x);
  }
  str(s) {
    const x = Buffer.from(s, 'utf8');
    this.u32(x.length);
    this.put(Buffer.concat([x, Buffer.from([0])]));
  }
  sig(s) {
    this.byte(s.length);
    this.put(Buffer.from(`${s}\0`, 'latin1'));
  }
  ay(x) {
    this.u32(x.length);
    this.put(x);
  }
  /** an array: the length excludes the padding before the first element */
  array(align, fill) {
    this.u32(0);
    const at = this.b.length - 4;
    this.align(align);
    const start = this.b.length;
    fill();
    this.b.writeUInt32LE(this.b.length - start, at);
  }
}

let serial = 0;
/** fields: [code, sig, value] */
function msg(type, fields, signature, body) {
  const b = body ? body.b : Buffer.alloc(0);
  const w = new W();
  w.byte(0x6c);
  w.byte(type);
  w.byte(0);
  w.byte(1);
  w.u32(b.length);
  w.u32(++serial);
  const all = signature ? [...fields, [8, 'g', signature]] : fields;
  w.array(8, () => {
    for (const [code, sig, v] of all) {
      w.align(8);
      w.byte(code);
      w.sig(sig);
      if (sig === 'u') w.u32(v);
      else if (sig === 'g') w.sig(v);
      else w.str(v);
    }
  });
  w.align(8);
  return Buffer.concat([w.b, b]);
}

function parse(buf) {
  const out = [];
  let off = 0;
  while (buf.length - off >= 16) {
    if (buf[off] !== 0x6c) throw new Error('big-endian message: not supported by this fake');
    const bodyLen = buf.readUInt32LE(off + 4);
    const fieldsLen = buf.readUInt32LE(off + 12);
    const headerLen = 16 + fieldsLen + ((8 - (fieldsLen % 8)) % 8);
    if (buf.length - off < headerLen + bodyLen) break;
    const m = buf.subarray(off, off + headerLen + bodyLen);
    const f = {};
    let p = 16;
    const align = (n) => (p += (n - (p % n)) % n);
    const u32 = () => (align(4), (p += 4), m.readUInt32LE(p - 4));
    const str = () => {
      const n = u32();
      const s = m.toString('utf8', p, p + n);
      p += n + 1;
      return s;
    };
    const sig = () => {
      const n = m[p];
      const s = m.toString('latin1', p + 1, p + 1 + n);
      p += n + 2;
      return s;
    };
    while (p < 16 + fieldsLen) {
      align(8);
      const code = m[p++];
      const s = sig();
      f[code] = s === 'u' ? u32() : s === 'g' ? sig() : str();
    }
    // The first string of the body (OpenSession's algorithm), when the body starts with one.
    p = headerLen;
    const first = f[8] && f[8][0] === 's' ? str() : undefined;
    out.push({
      type: m[1],
      serial: m.readUInt32LE(8),
      replySerial: f[5],
      path: f[1],
      iface: f[2],
      member: f[3],
      sender: f[7],
      first,
    });
    off += headerLen + bodyLen;
  }
  return { out, rest: buf.subarray(off) };
}

const sock = net.createConnection(
  process.env.DBUS_SESSION_BUS_ADDRESS.split(';')
    .find((a) => a.startsWith('unix:path='))
    .slice('unix:path='.length)
    .split(',')[0],
);
const send = (x) => sock.write(x);
const call = (member, signature, body) =>
  send(
    msg(
      1,
      [
        [1, 'o', '/org/freedesktop/DBus'],
        [2, 's', 'org.freedesktop.DBus'],
        [3, 's', member],
        [6, 's', 'org.freedesktop.DBus'],
      ],
      signature,
      body,
    ),
  );
const reply = (to, signature, body) =>
  send(
    msg(
      2,
      [
        [5, 'u', to.serial],
        [6, 's', to.sender],
      ],
      signature,
      body,
    ),
  );
const error = (to, name) => {
  const b = new W();
  b.str(name);
  send(
    msg(
      3,
      [
        [4, 's', name],
        [5, 'u', to.serial],
        [6, 's', to.sender],
      ],
      's',
      b,
    ),
  );
};

let sessions = 0;
function serve(m) {
  const log = { member: m.member };
  if (m.member === 'OpenSession') log.algorithm = m.first;
  process.stdout.write(`${JSON.stringify(log)}\n`);
  if (m.member === 'OpenSession') {
    if (m.first !== 'plain') return error(m, 'org.freedesktop.DBus.Error.NotSupported');
    const b = new W();
    b.sig('s');
    b.str('');
    b.str(`/org/freedesktop/secrets/session/${++sessions}`);
    return reply(m, 'vo', b);
  }
  if (m.member === 'SearchItems') {
    const b = new W();
    b.array(4, () => b.str(ITEM));
    b.array(4, () => {});
    return reply(m, 'aoao', b);
  }
  if (m.member === 'GetSecrets') {
    const b = new W();
    b.array(8, () => {
      b.align(8);
      b.str(ITEM);
      b.align(8);
      b.str('/org/freedesktop/secrets/session/1');
      b.ay(Buffer.alloc(0));
      b.ay(Buffer.from(CANARY, 'utf8'));
      b.str('text/plain');
    });
    return reply(m, 'a{o(oayays)}', b);
  }
  if (m.member === 'SetSecret') return reply(m);
  return error(m, 'org.freedesktop.DBus.Error.UnknownMethod');
}

let authed = false;
let pending = Buffer.alloc(0);
sock.on('connect', () => {
  const uid = Buffer.from(String(process.getuid()), 'ascii').toString('hex');
  send(Buffer.from(`\0AUTH EXTERNAL ${uid}\r\nBEGIN\r\n`, 'ascii'));
  call('Hello');
  const b = new W();
  b.str('org.freedesktop.secrets');
  b.u32(4); // DO_NOT_QUEUE
  call('RequestName', 'su', b);
});
sock.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  if (!authed) {
    const nl = pending.indexOf('\r\n');
    if (nl < 0) return;
    authed = true;
    pending = pending.subarray(nl + 2);
  }
  const { out, rest } = parse(pending);
  pending = rest;
  for (const m of out) {
    // Our serial 1 is Hello, 2 RequestName: its answer means the name is ours (DO_NOT_QUEUE).
    if (m.type === 2 && m.replySerial === 2) process.stdout.write(`READY ${process.env.DBUS_SESSION_BUS_ADDRESS}\n`);
    if (m.type === 3 && m.replySerial === 2) process.exit(1);
    if (m.type === 1) serve(m);
  }
});
sock.on('close', () => process.exit(0));
