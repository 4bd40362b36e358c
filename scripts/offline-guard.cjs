// Preloaded into tools that try to reach the internet on their own (electronegativity fetches
// translations and Electron's release list). Tests stay offline: any connection to a host that is
// not loopback fails at once, before a packet leaves the machine.
const net = require('node:net');
const dns = require('node:dns');
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;
const refuse = (host) =>
  Object.assign(new Error(`offline-guard: refused connection to ${host}`), { code: 'ECONNREFUSED' });
const origLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!LOOPBACK.test(String(hostname))) return process.nextTick(() => cb(refuse(hostname)));
  return origLookup.apply(this, arguments);
};
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  // net.connect() hands over its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  const host = opts.host ?? 'localhost';
  if (!opts.path && !LOOPBACK.test(String(host))) {
    process.nextTick(() => this.destroy(refuse(host)));
    return this;
  }
  return origConnect.apply(this, args);
};
