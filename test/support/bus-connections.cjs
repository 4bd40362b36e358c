/**
 * Preload (`--require`) that counts the connections this process opens to the session bus (the unix
 * path in DBUS_SESSION_BUS_ADDRESS) through node:net, and appends the count as one line to
 * $BUS_CONNECTIONS_OUT when the process exits. Test support for secret-service-session.test.ts.
 */
'use strict';
const net = require('node:net');
const fs = require('node:fs');

const out = process.env.BUS_CONNECTIONS_OUT;
const bus = /unix:path=([^,;]+)/.exec(process.env.DBUS_SESSION_BUS_ADDRESS || '')?.[1];
if (out && bus) {
  let n = 0;
  for (const name of ['createConnection', 'connect']) {
    const orig = net[name];
    net[name] = function (...args) {
      const p = typeof args[0] === 'string' ? args[0] : args[0]?.path;
      if (p === bus) n++;
      return orig.apply(this, args);
    };
  }
  process.on('exit', () => fs.appendFileSync(out, `${n}\n`));
}
