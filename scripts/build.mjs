#!/usr/bin/env node
// Builds main, preload and the CLI with esbuild (Node bundles, native modules external), and the
// renderer with Vite. See README, "Development", for why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { requireSetup } from './setup-check.mjs';

requireSetup('npm run build', ['esbuild', 'vite']);
const { build } = await import('esbuild');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv[2]; // optional: 'cli' | 'main' | 'renderer'
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
 * (esbuild's __toESM) at each importing file: the `use` bundle made 29 such copies at start, ≈1.8 ms
 * of its 7 (issue 16). Routed through one small ES module per built-in (`export * from 'node:fs'`),
 * each built-in is copied once and every file shares that namespace. Live bindings either way (the
 * copy is made of getters); `require('node:…')` calls (the lazy loads) are left as they are.
 */
const builtinNamespaces = {
  name: 'builtin-namespaces',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => {
      if (a.namespace === 'builtin-ns') return { path: a.path, external: true };
      if (a.kind !== 'import-statement') return undefined;
      return { path: a.path, namespace: 'builtin-ns' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-ns' }, (a) => ({
      contents: `export * from ${JSON.stringify(a.path)};`,
      loader: 'js',
    }));
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
    plugins: [builtinNamespaces],
    external: [...common.external, './api-key.js', './statusline.js', './use.js', './use-switch.js', './commands.js'],
  });
  // V8 code caches for the larger bundles and `use`'s first stage (main/cli/code-cache.ts loads them):
  // scripts/code-cache-warm.cjs runs each once in a throw-away folder (see there for what each does),
  // then V8 serialises what it compiled.
  const bundles = ['use.js', 'use-switch.js', 'commands.js'].map((f) => path.join(root, 'dist', 'cli', f));
  const warm = mkdtempSync(path.join(os.tmpdir(), 'cat-build-warm-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'code-cache-warm.cjs'), ...bundles], {
      cwd: warm,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: '',
        LANG: 'C.UTF-8',
        HOME: warm,
        CLAUDE_AUTH_TRAY_HOME: path.join(warm, 'app'),
        CLAUDE_CONFIG_DIR: path.join(warm, 'claude'),
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
