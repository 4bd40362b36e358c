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
 * gnome-keyring-daemon (secret-service-read.ts): `ownerPid` is such a process the caller started (a
 * copy of `sleep` under that name), so the warm-up takes the same path as a real run.
 */
'use strict';
const net = require('node:net');
const { W, msg, parse } = require('./dbus-wire.cjs');

const ITEM = '/org/freedesktop/secrets/collection/login/1';
const SESSION = '/org/freedesktop/secrets/session/s1';
const OWNER = ':1.1';

/** A method return to `to` with the given signature and body (a W, or none). */
const reply = (to, signature, body) =>
  msg(
    2,
    [
      [5, 'u', to.serial],
      [7, 's', OWNER],
    ],
    signature,
    body,
  );

/** The value of Item.SetSecret's (oayays) argument. */
function setSecretValue(body) {
  let p = 0;
  const bytes = () => {
    p += (4 - (p % 4)) % 4;
    const n = body.readUInt32LE(p);
    p += 4 + n;
    return body.subarray(p - n, p);
  };
  bytes(); // the session path (its NUL is passed over by the next alignment)
  p += 1;
  bytes(); // parameters
  return bytes().toString('utf8');
}

function answer(m, ownerPid, item) {
  const b = new W();
  switch (m.member) {
    case 'Hello':
      b.str(':1.2');
      return reply(m, 's', b);
    case 'GetNameOwner':
      b.str(OWNER);
      return reply(m, 's', b);
    case 'GetConnectionUnixProcessID':
      b.u32(ownerPid);
      return reply(m, 'u', b);
    case 'OpenSession':
      b.sig('s');
      b.str('');
      b.str(SESSION);
      return reply(m, 'vo', b);
    case 'SearchItems':
      b.array(4, () => b.str(ITEM));
      b.array(4, () => undefined);
      return reply(m, 'aoao', b);
    case 'GetSecrets':
      b.array(8, () => {
        b.align(8);
        b.str(ITEM);
        b.align(8);
        b.str(SESSION);
        b.ay(Buffer.alloc(0));
        b.ay(Buffer.from(item.secret, 'utf8'));
        b.str('text/plain');
      });
      return reply(m, 'a{o(oayays)}', b);
    case 'SetSecret':
      item.secret = setSecretValue(m.body);
      return reply(m);
    default:
      return reply(m);
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
      const r = parse(buf);
      buf = r.rest;
      for (const m of r.out) {
        seen.push(m.member);
        sock.write(answer(m, ownerPid, item));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve({ seen, close: () => new Promise((r) => server.close(() => r())) }));
  });
}

module.exports = { startWarmBus };
