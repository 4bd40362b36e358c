/**
 * The D-Bus wire format, little-endian, as far as the two stand-ins need it: the test's fake Secret
 * Service on a real bus (test/support/fake-secret-service.cjs) and the build's stand-in bus for the
 * helper's warm-up (scripts/warm-bus.cjs). W writes a body or a header; msg() frames a message of a
 * type with header fields [code, signature, value]; parse() splits complete messages off a buffer
 * (their header fields, the body, and the body's first string when it starts with one).
 */
'use strict';

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
      body: m.subarray(headerLen),
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

module.exports = { W, msg, parse };
