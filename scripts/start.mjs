#!/usr/bin/env node
// `npm start`: build, then launch Electron. Where no Electron binary exists (it is fetched at first
// launch, which fails offline), say so in one line instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  const found = findElectronBinary();
  if (found) return found;
  // First launch: let the electron package fetch its binary, quietly, and report one line if it cannot.
  const r = spawnSync(process.execPath, ['-e', "require('electron')"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return r.status === 0 ? findElectronBinary() : undefined;
}

if (!existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  console.error(
    'Claude Auth Tray is not set up yet: run `npm run setup` first (it installs the dependencies), then `npm start`.',
  );
  process.exit(1);
}

const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);

const bin = electronBinary();
if (!bin) {
  console.error(
    'Claude Auth Tray cannot start: the Electron binary is not installed and could not be downloaded (offline?). Set ELECTRON_OVERRIDE_DIST_PATH to a local Electron 45 folder, or run `npx install-electron` once online. The CLI works without it: `node bin/claude-auth-tray.js --help`.',
  );
  process.exit(1);
}
const child = spawn(bin, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
