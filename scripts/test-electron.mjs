#!/usr/bin/env node
// `npm run test:electron`: the Playwright `_electron` suite where an Electron binary exists;
// elsewhere one clear line, and nothing counted as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = path.dirname(require.resolve('electron/package.json'));
const pathFile = path.join(pkg, 'path.txt');
const rel = existsSync(pathFile)
  ? readFileSync(pathFile, 'utf8').trim()
  : process.platform === 'darwin'
    ? 'Electron.app/Contents/MacOS/Electron'
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
const found = [
  process.env.ELECTRON_PATH,
  process.env.ELECTRON_OVERRIDE_DIST_PATH && path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel),
  path.join(pkg, 'dist', rel),
].find((c) => c && existsSync(c));
if (!found) {
  console.log('e2e-electron: skipped (no Electron binary)');
  process.exit(0);
}
const r = spawnSync(
  path.join(root, 'node_modules', '.bin', 'playwright'),
  ['test', '-c', 'playwright.electron.config.ts'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
