#!/usr/bin/env node
// `npm start`: build, then launch Electron. Where no Electron binary exists (it is fetched at first
// launch, which fails offline), say so in one line instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : process.platform === 'win32'
        ? 'electron.exe'
        : 'electron';
  const candidates = [];
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) candidates.push(path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel));
  if (process.env.ELECTRON_PATH) candidates.push(process.env.ELECTRON_PATH);
  candidates.push(path.join(pkgDir, 'dist', rel));
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  // First launch: let the electron package fetch its binary, quietly, and report one line if it cannot.
  const r = spawnSync(process.execPath, ['-e', "require('electron')"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status === 0) return candidates.find((c) => existsSync(c));
  return undefined;
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
