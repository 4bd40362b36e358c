/**
 * Preload (`--require`) that counts the connections this process opens to the session bus (the unix
 * path in DBUS_SESSION_BUS_ADDRESS) — through node:net or through the libuv pipe handle that
 * main/core/unix-socket.ts drives directly — and appends one line to $BUS_CONNECTIONS_OUT when the
 * process exits: the count, then " net" when any of them went through node:net. It loads neither
 * itself (the test's offline guard may load node:net: loading alone is not counted). Test support
 * for secret-service-session.test.ts.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const out = process.env.BUS_CONNECTIONS_OUT;
const bus = /unix:path=([^,;]+)/.exec(process.env.DBUS_SESSION_BUS_ADDRESS || '')?.[1];
if (out && bus) {
  let n = 0;
  let viaNet = 0;
  const patchNet = (net) => {
    if (net.__counted) return;
    net.__counted = true;
    for (const name of ['createConnection', 'connect']) {
      const orig = net[name];
      net[name] = function (...args) {
        const p = typeof args[0] === 'string' ? args[0] : args[0]?.path;
        if (p === bus) {
          n++;
          viaNet++;
        }
        return orig.apply(this, args);
      };
    }
  };
  if (process.moduleLoadList.includes('NativeModule net')) patchNet(require('node:net'));
  const origRequire = Module.prototype.require;
  Module.prototype.require = function (id) {
    const m = origRequire.apply(this, arguments);
    if (id === 'node:net' || id === 'net') patchNet(m);
    return m;
  };
  const origBinding = process.binding;
  if (typeof origBinding === 'function') {
    const wrapped = function binding(name) {
      const b = origBinding.call(process, name);
      if (name === 'pipe_wrap' && b && b.Pipe && !b.Pipe.prototype.__counted) {
        b.Pipe.prototype.__counted = true;
        const connect = b.Pipe.prototype.connect;
        b.Pipe.prototype.connect = function (req, p, ...rest) {
          if (p === bus) n++;
          return connect.call(this, req, p, ...rest);
        };
      }
      return b;
    };
    process.binding = wrapped; // keeps the name node-internals.ts checks
  }
  process.on('exit', () => {
    fs.appendFileSync(out, `${n}${viaNet ? ' net' : ''}\n`);
  });
}
