#!/usr/bin/env node
// Builds main, preload and the CLI with esbuild (Node bundles, native modules external), and the
// renderer with Vite. See README, "Development", for why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { requireSetup } from './setup-check.mjs';

requireSetup('npm run build', ['esbuild', 'vite']);
const { build } = await import('esbuild');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv[2]; // optional: 'cli' | 'main' | 'renderer'
/** CommonJS's module wrapper (Node's Module.wrap), as main/cli/code-cache.ts recognises it. */
const WRAPPED_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPED_TAIL = '\n});';
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'], // jsonc-parser's UMD main has runtime requires esbuild cannot follow
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  external: ['electron', '@napi-rs/keyring'],
  define: { __APP_VERSION__: JSON.stringify(version) }, // main/cli/version.ts
};

if (!only) rmSync(path.join(root, 'dist'), { recursive: true, force: true });

/**
 * `import * as fs from 'node:fs'` in a CommonJS bundle becomes a copy of the module's every export
 * (esbuild's __toESM): the `use` bundle made 29 such copies at start, ≈1.8 ms of its 7, and one per
 * built-in per bundle still cost the dispatcher and the helper ≈0.5 ms of every Claude Code start
 * (issue 16). A built-in needs no copy: each such import of our own sources is built as the plain
 * `require` it stands for (named imports already are; tsc still checks the import as written).
 */
const builtinNamespaces = {
  name: 'builtin-namespaces',
  setup(b) {
    b.onLoad({ filter: /[\\/](main|common)[\\/].*\.ts$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      const contents = text.replace(
        /^import \* as (\w+) from '(node:[\w/]+)';$/gm,
        (_, name, mod) => `const ${name} = require('${mod}') as typeof import('${mod}');`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * jsonc-parser's modules have no side effects, but its package does not say so: every bundle that
 * parses with it also ran its formatter's set-up, ≈1,200 strings of line breaks and indentation
 * (string-intern.js, ≈0.2 ms and ≈120 KB of young generation in every `use`; issue 16), although only
 * the parser is imported. Marked side-effect free, what is not imported is left out of the bundle.
 */
const pureJsonc = {
  name: 'pure-jsonc-parser',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (a) => {
      if (a.pluginData?.pureJsonc) return undefined;
      if (a.path !== 'jsonc-parser' && !/[\\/]node_modules[\\/]jsonc-parser[\\/]/.test(a.importer)) return undefined;
      const r = await b.resolve(a.path, {
        resolveDir: a.resolveDir,
        kind: a.kind,
        importer: a.importer,
        pluginData: { pureJsonc: true },
      });
      return r.errors.length ? { errors: r.errors } : { path: r.path, namespace: r.namespace, sideEffects: false };
    });
  },
};

if (!only || only === 'cli') {
  // Five bundles: a tiny dispatcher, the hot `api-key` and `statusline` paths, `use` without the
  // schema library, and everything else.
  await build({
    ...common,
    entryPoints: {
      index: 'main/cli/index.ts',
      'api-key': 'main/cli/api-key.ts',
      statusline: 'main/cli/statusline.ts',
      use: 'main/cli/use.ts',
      'use-switch': 'main/cli/use-switch.ts',
      commands: 'main/cli/commands.ts',
    },
    outdir: 'dist/cli',
    minify: true, // parse time matters: Claude Code starts this for every session
    plugins: [builtinNamespaces, pureJsonc],
    external: [...common.external, './api-key.js', './statusline.js', './use.js', './use-switch.js', './commands.js'],
  });
  // `use`'s two bundles are written already wrapped as CommonJS wraps a module (main/cli/code-cache.ts,
  // WRAPPED): loadBundle compiles the file's text as it is, where it compiled the wrapper joined to the
  // text, a second copy of the 117 KB switch for V8 to flatten. With both copies the young generation
  // filled up during the switch and a scavenge (≈0.5 ms) ran in every `use` (issue 16). Only
  // loadBundle loads them (a plain require would find a function expression and export nothing).
  for (const f of ['use.js', 'use-switch.js']) {
    const file = path.join(root, 'dist', 'cli', f);
    writeFileSync(file, `${WRAPPED_HEAD}${readFileSync(file, 'utf8')}${WRAPPED_TAIL}`);
  }
  // V8 code caches for api-key.js, use.js, use-switch.js and commands.js (main/cli/code-cache.ts loads
  // them): each bundle is run once here, then V8 serialises what it compiled. commands.js runs its
  // module set-up only. use-switch.js (the switch, `use`'s second stage) also switches twice between
  // two helper profiles in a throw-away folder (no keychain, no Claude Code, nothing of the user's:
  // HOME and both app folders point into it), so the cache holds the switch's own functions too,
  // which V8 would otherwise compile lazily on every run (≈3 ms of CPU; issue 16). use.js (`use`'s
  // first stage) sends its keychain search to the stand-in bus below (≈2 ms of lazy compiles of its
  // D-Bus client otherwise). api-key.js serves an API-key profile and a helper profile (cold, then warm)
  // on Linux against a stand-in bus (scripts/warm-bus.cjs: a made-up item, a placeholder secret,
  // output to /dev/null), so the cache holds the helper's D-Bus client as a real run uses it.
  // Whatever the warm-up does, the cache is only ever bytecode of this very source.
  const make = `
    const fs = require('node:fs'), vm = require('node:vm'), M = require('node:module'), path = require('node:path');
    (async () => {
      for (const file of process.argv.slice(1)) {
        const text = fs.readFileSync(file, 'utf8');
        const script = new vm.Script(text.startsWith(${JSON.stringify(WRAPPED_HEAD)}) ? text : M.wrap(text), { filename: file });
        const m = new M.Module(file, module);
        m.filename = file;
        m.paths = M.Module._nodeModulePaths(path.dirname(file));
        script.runInThisContext().call(m.exports, m.exports, M.createRequire(file), m, file, path.dirname(file));
        if (path.basename(file) === 'use-switch.js') {
          const text = JSON.stringify({ version: 1, activeProfileId: 'warm-a', profiles: ['warm-a', 'warm-b'].map((id) => (
            { id, name: id, createdAt: '2026-01-01T00:00:00.000Z', kind: 'api-key-helper', command: 'echo x' })) }, null, 2) + '\\n';
          fs.mkdirSync(process.env.CLAUDE_CONFIG_DIR, { recursive: true });
          fs.mkdirSync(process.env.CLAUDE_AUTH_TRAY_HOME, { recursive: true });
          fs.writeFileSync(path.join(process.env.CLAUDE_CONFIG_DIR, 'settings.json'), '{\\n  "model": "opus",\\n  "env": { "A": "1" }\\n}\\n');
          fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, 'profiles.json'), text);
          fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, '.profiles-validated'), text);
          for (const id of ['warm-b', 'warm-a', 'warm-b']) await m.exports.run(['use', id]);
          // API-key profiles, as the first stage hands them over: its keychain search answered ("there").
          const keys = JSON.stringify({ version: 1, activeProfileId: 'warm-k1', profiles: ['warm-k1', 'warm-k2'].map((id) => (
            { id, name: id, createdAt: '2026-01-01T00:00:00.000Z', kind: 'anthropic-api-key' })) }, null, 2) + '\\n';
          fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, 'profiles.json'), keys);
          fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, '.profiles-validated'), keys);
          for (const id of ['warm-k2', 'warm-k1', 'warm-k2']) {
            const profiles = JSON.parse(fs.readFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, 'profiles.json'), 'utf8'));
            await m.exports.run(['use', id], { profiles, id, exists: Promise.resolve(true) });
          }
        }
        if (path.basename(file) === 'api-key.js') await warmApiKey(m.exports);
        if (path.basename(file) === 'use.js') await warmUseStart(m.exports);
        if (path.basename(file) === 'statusline.js') await warmStatusLine(m.exports);
        fs.writeFileSync(file + '.cache', script.createCachedData());
      }
      async function standIn() {
        const sleep = '/bin/sleep';
        if (process.platform !== 'linux' || !fs.existsSync(sleep)) return undefined;
        const { spawn } = require('node:child_process');
        const dir = fs.mkdtempSync(path.join(process.cwd(), 'bus-'));
        // The Secret Service's owner: a process whose executable is named gnome-keyring-daemon.
        const exe = path.join(dir, 'gnome-keyring-daemon');
        fs.copyFileSync(sleep, exe);
        fs.chmodSync(exe, 0o700);
        const owner = spawn(exe, ['30'], { stdio: 'ignore' });
        owner.on('error', () => undefined);
        if (!owner.pid) return undefined;
        const bus = await require(process.env.WARM_BUS).startWarmBus(path.join(dir, 'bus'), owner.pid, 'sk-ant-api03-warm-up-placeholder-0000');
        return { bus, address: 'unix:path=' + path.join(dir, 'bus'), close: async () => { owner.kill(); await bus.close(); } };
      }
      // Claude Code's status line: an API-key profile and a subscription with limits, rendered (the
      // reading is recorded in the throw-away app folder), then one plain run (stdin /dev/null).
      function warmStatusLine(cli) {
        const app = process.env.CLAUDE_AUTH_TRAY_HOME;
        fs.mkdirSync(app, { recursive: true });
        fs.writeFileSync(path.join(app, 'profiles.json'), JSON.stringify({ version: 1, activeProfileId: 'warm-s', profiles: [
          { id: 'warm-k', name: 'k', createdAt: '2026-01-01T00:00:00.000Z', kind: 'anthropic-api-key' },
          { id: 'warm-s', name: 's', createdAt: '2026-01-01T00:00:00.000Z', kind: 'claude-ai', email: 'warm@example.com', subscriptionType: 'max' },
        ] }));
        const now = Date.now();
        const limits = { five_hour: { used_percentage: 42, resets_at: Math.floor(now / 1000) + 3600 }, seven_day: { used_percentage: 7, resets_at: Math.floor(now / 1000) + 86400 } };
        for (const input of [{ session_id: 'w', model: { display_name: 'Opus' } }, { session_id: 'w', rate_limits: limits }])
          cli.ourLine(input, process.env, now);
        return cli.run(['statusline']);
      }
      // use's first stage: its keychain search (no session, no secret) through the stand-in bus.
      async function warmUseStart(cli) {
        const s = await standIn();
        if (!s) return; // not startable here (a noexec temporary folder): a cache of the module set-up only
        const text = JSON.stringify({ version: 1, activeProfileId: 'warm-k', profiles: [
          { id: 'warm-k', name: 'k', createdAt: '2026-01-01T00:00:00.000Z', kind: 'anthropic-api-key' }] }, null, 2) + '\\n';
        fs.mkdirSync(process.env.CLAUDE_AUTH_TRAY_HOME, { recursive: true });
        fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, 'profiles.json'), text);
        fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, '.profiles-validated'), text);
        const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
        process.env.DBUS_SESSION_BUS_ADDRESS = s.address;
        try {
          for (let i = 0; i < 2; i++)
            if ((await cli.start(['use', 'warm-k'])?.exists) !== true)
              throw new Error('the use warm-up did not go through the stand-in bus: ' + s.bus.seen.join(' '));
        } finally {
          if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
          else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
          await s.close();
        }
      }
      async function warmApiKey(cli) {
        const s = await standIn();
        if (!s) return; // not startable here (a noexec temporary folder): a cache of the module set-up only
        const bus = s.bus;
        const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
        process.env.DBUS_SESSION_BUS_ADDRESS = s.address;
        const profiles = [
          { id: 'warm-k', name: 'k', createdAt: '2026-01-01T00:00:00.000Z', kind: 'anthropic-api-key' },
          { id: 'warm-h', name: 'h', createdAt: '2026-01-01T00:00:00.000Z', kind: 'api-key-helper', command: 'echo sk-ant-api03-warm-up-placeholder-0001' },
        ];
        fs.mkdirSync(process.env.CLAUDE_AUTH_TRAY_HOME, { recursive: true });
        fs.writeFileSync(path.join(process.env.CLAUDE_AUTH_TRAY_HOME, 'profiles.json'), JSON.stringify({ version: 1, activeProfileId: 'warm-k', profiles }));
        try {
          for (const id of ['warm-k', 'warm-k', 'warm-h', 'warm-h']) {
            const code = await cli.run(['api-key', '--profile', id]);
            if (code !== 0) throw new Error('the api-key warm-up did not serve ' + id + ' (exit ' + code + ')');
          }
          // Through the stand-in bus, as a real run goes: read, read, cold (search, read, write), warm.
          const n = (member) => bus.seen.filter((x) => x === member).length;
          if (n('GetSecrets') < 3 || n('SetSecret') !== 1)
            throw new Error('the api-key warm-up did not go through the stand-in bus: ' + bus.seen.join(' '));
        } finally {
          if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
          else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
          await s.close();
        }
      }
    })();`;
  const bundles = ['api-key.js', 'statusline.js', 'use.js', 'use-switch.js', 'commands.js'].map((f) =>
    path.join(root, 'dist', 'cli', f),
  );
  const warm = mkdtempSync(path.join(os.tmpdir(), 'cat-build-warm-'));
  try {
    execFileSync(process.execPath, ['-e', make, ...bundles], {
      cwd: warm,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: '',
        LANG: 'C.UTF-8',
        HOME: warm,
        CLAUDE_AUTH_TRAY_HOME: path.join(warm, 'app'),
        CLAUDE_CONFIG_DIR: path.join(warm, 'claude'),
        WARM_BUS: path.join(root, 'scripts', 'warm-bus.cjs'),
      },
    });
  } finally {
    rmSync(warm, { recursive: true, force: true });
  }
}
if (!only || only === 'main') {
  await build({ ...common, entryPoints: { index: 'main/index.ts' }, outdir: 'dist/main' });
  await build({ ...common, entryPoints: { index: 'preload/index.ts' }, outdir: 'dist/preload', platform: 'node' });
}
if (!only || only === 'renderer') {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}
