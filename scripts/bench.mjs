#!/usr/bin/env node
// `npm run bench`: builds if needed, then bundles and runs scripts/bench.ts (see there for what it measures).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'cli', 'index.js')) || !existsSync(path.join(root, 'dist', 'renderer'))) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const out = path.join(os.tmpdir(), `cat-bench-${process.pid}.cjs`);
await build({
  entryPoints: [path.join(root, 'scripts', 'bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: out,
  mainFields: ['module', 'main'],
  external: ['@napi-rs/keyring'],
  logLevel: 'silent',
});
const r = spawnSync(process.execPath, [out], {
  stdio: 'inherit',
  env: { ...process.env, CAT_ROOT: root, NODE_PATH: path.join(root, 'node_modules') },
});
rmSync(out, { force: true });
process.exitCode = r.status ?? 1;
