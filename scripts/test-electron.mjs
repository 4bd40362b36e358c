#!/usr/bin/env node
// `npm run test:electron`: the Playwright `_electron` suite where an Electron binary exists;
// elsewhere one clear line, and nothing counted as passed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const found = findElectronBinary();
if (!found) {
  console.log('e2e-electron: skipped (no Electron binary)');
  process.exit(0);
}
const r = spawnSync(
  path.join(root, 'node_modules', '.bin', 'playwright'),
  ['test', '-c', 'playwright.electron.config.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CAT_ELECTRON_BINARY: found },
  },
);
process.exit(r.status ?? 1);
