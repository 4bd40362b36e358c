// The code caches of the CLI's larger bundles (run by scripts/build.mjs, see there; loaded by
// main/cli/code-cache.ts): each bundle is run here once, in a throw-away folder that HOME and both app
// folders point into, then V8 serialises what it compiled — only ever bytecode of that very source.
//
// - commands.js: its module set-up.
// - use-switch.js: three switches between two helper profiles (no keychain, no Claude Code), so the
//   cache holds the switch's own functions, which V8 would otherwise compile lazily on every run
//   (≈3 ms of CPU; issue 16).
// - use.js: the keychain search of `use`'s first stage against a stand-in session bus on a socket in
//   that folder, which answers the way the bus and gnome-keyring do — except that the owner it names
//   is this process, which is not gnome-keyring-daemon, so the conversation ends there with no answer
//   (as it must) after the D-Bus encoder and reader ran (≈2 ms of lazy compiles on every `use`).
const fs = require('node:fs');
const net = require('node:net');
const vm = require('node:vm');
const M = require('node:module');
const path = require('node:path');

/** A D-Bus METHOD_RETURN (little-endian) to `replySerial`, stamped as sent by `sender`, with one body. */
function reply(serial, replySerial, sender, signature, writeBody) {
  const body = [];
  writeBody(body);
  const b = Buffer.from(body);
  const h = [];
  const align = (n) => {
    while (h.length % n) h.push(0);
  };
  const u32 = (v) => {
    align(4);
    h.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
  };
  const sig = (s) => h.push(s.length, ...Buffer.from(s, 'latin1'), 0);
  const str = (s) => {
    u32(Buffer.byteLength(s));
    h.push(...Buffer.from(s, 'utf8'), 0);
  };
  h.push(0x6c, 2, 1, 1);
  u32(b.length);
  u32(serial);
  u32(0); // the fields' length, filled in below
  const start = h.length;
  const field = (code, s, write) => {
    align(8);
    h.push(code);
    sig(s);
    write();
  };
  field(5, 'u', () => u32(replySerial));
  field(7, 's', () => str(sender));
  field(8, 'g', () => sig(signature));
  const len = h.length - start;
  h.splice(start - 4, 4, len & 255, (len >>> 8) & 255, (len >>> 16) & 255, len >>> 24);
  align(8);
  return Buffer.concat([Buffer.from(h), b]);
}
const le32 = (a, v) => a.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
const bodyStr = (s) => (a) => {
  le32(a, Buffer.byteLength(s));
  a.push(...Buffer.from(s, 'utf8'), 0);
};

/** The stand-in bus: after the auth line, the answers to the first batch of secret-service-read.ts. */
function standInBus(socketPath) {
  const server = net.createServer((c) => {
    let seen = '';
    c.on('error', () => undefined);
    c.on('data', (d) => {
      if (seen.includes('BEGIN\r\n')) return;
      seen += d.toString('latin1');
      if (!seen.includes('BEGIN\r\n')) return;
      const owner = ':1.1';
      const item = '/org/freedesktop/secrets/collection/login/1';
      c.write(
        Buffer.concat([
          Buffer.from('OK 0123456789abcdef0123456789abcdef\r\n', 'latin1'),
          reply(1, 1, 'org.freedesktop.DBus', 's', bodyStr(':1.9')),
          reply(2, 2, 'org.freedesktop.DBus', 's', bodyStr(owner)),
          reply(3, 3, 'org.freedesktop.DBus', 'u', (a) => le32(a, process.pid)),
          // the search's answer (one unlocked item, none locked) before the last owner answer
          reply(4, 5, owner, 'aoao', (a) => {
            const one = [];
            bodyStr(item)(one);
            le32(a, one.length);
            a.push(...one);
            le32(a, 0);
          }),
          reply(5, 4, 'org.freedesktop.DBus', 's', bodyStr(owner)),
        ]),
      );
    });
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

function load(file) {
  const script = new vm.Script(M.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
  const m = new M.Module(file, module);
  m.filename = file;
  m.paths = M.Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(m.exports, m.exports, M.createRequire(file), m, file, path.dirname(file));
  return { script, exports: m.exports };
}

function profiles(kind, ids) {
  const text =
    JSON.stringify(
      {
        version: 1,
        activeProfileId: ids[0],
        profiles: ids.map((id) => ({
          id,
          name: id,
          createdAt: '2026-01-01T00:00:00.000Z',
          kind,
          ...(kind === 'api-key-helper' ? { command: 'echo x' } : {}),
        })),
      },
      null,
      2,
    ) + '\n';
  const app = process.env.CLAUDE_AUTH_TRAY_HOME;
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(app, 'profiles.json'), text);
  fs.writeFileSync(path.join(app, '.profiles-validated'), text);
}

(async () => {
  fs.mkdirSync(process.env.CLAUDE_CONFIG_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(process.env.CLAUDE_CONFIG_DIR, 'settings.json'),
    '{\n  "model": "opus",\n  "env": { "A": "1" }\n}\n',
  );
  for (const file of process.argv.slice(2)) {
    const { script, exports } = load(file);
    const name = path.basename(file);
    if (name === 'use-switch.js') {
      profiles('api-key-helper', ['warm-a', 'warm-b']);
      for (const id of ['warm-b', 'warm-a', 'warm-b']) await exports.run(['use', id]);
    } else if (name === 'use.js') {
      const socketPath = path.join(process.cwd(), 'bus');
      const server = await standInBus(socketPath);
      process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${socketPath}`;
      profiles('anthropic-api-key', ['warm-k']);
      const answer = await exports.start(['use', 'warm-k'])?.exists;
      delete process.env.DBUS_SESSION_BUS_ADDRESS;
      server.close();
      // The owner is this process, not gnome-keyring-daemon: the stand-in must get no answer.
      if (answer !== undefined) throw new Error('the stand-in bus got an answer: the owner check did not run');
    }
    fs.writeFileSync(`${file}.cache`, script.createCachedData());
  }
})().catch((e) => {
  process.stderr.write(`code cache warm-up failed: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});
