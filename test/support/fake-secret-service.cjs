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

const { W, msg, parse } = require('../../scripts/dbus-wire.cjs');

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
