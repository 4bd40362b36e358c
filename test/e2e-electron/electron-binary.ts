import * as fs from 'node:fs';
import * as path from 'node:path';

/** A local Electron binary, if any: ELECTRON_PATH, ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/dist. */
export function electronBinary(): string | undefined {
  const pkg = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkg, 'path.txt');
  const rel = fs.existsSync(pathFile)
    ? fs.readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : process.platform === 'win32'
        ? 'electron.exe'
        : 'electron';
  const candidates = [
    process.env.ELECTRON_PATH,
    process.env.ELECTRON_OVERRIDE_DIST_PATH && path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel),
    path.join(pkg, 'dist', rel),
  ];
  return candidates.find((c): c is string => Boolean(c) && fs.existsSync(c as string));
}
