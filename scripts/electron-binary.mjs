// Where a local Electron binary is, if any: ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_PATH, or the
// electron package's own dist (filled at first launch, which fails offline). Shared by `npm start`
// and `npm run test:electron`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function electronCandidates() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : process.platform === 'win32'
        ? 'electron.exe'
        : 'electron';
  return [
    process.env.ELECTRON_OVERRIDE_DIST_PATH && path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel),
    process.env.ELECTRON_PATH,
    path.join(pkgDir, 'dist', rel),
  ].filter(Boolean);
}

export function findElectronBinary() {
  return electronCandidates().find((c) => existsSync(c));
}
