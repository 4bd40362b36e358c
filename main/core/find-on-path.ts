import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env } from './paths';

/** Where `bin` may be, in PATH order (with .exe / .cmd on Windows). */
function candidates(bin: string, env: Env, platform: NodeJS.Platform): string[] {
  const exts = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => exts.map((ext) => path.join(dir, `${bin}${ext}`)));
}

/** An executable named `bin` on env.PATH (with .exe / .cmd on Windows), else undefined. */
export function findOnPath(bin: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  for (const f of candidates(bin, env, platform)) {
    try {
      // stat first, without an exception for the usual answer (not in this folder): `use` scans the
      // PATH on every switch, and an exception per folder cost it ≈0.3 ms (issue 16).
      if (!fs.statSync(f, { throwIfNoEntry: false })?.isFile()) continue;
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** findOnPath without blocking the thread (the tray's main process). */
export async function findOnPathAsync(
  bin: string,
  env: Env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  for (const f of candidates(bin, env, platform)) {
    try {
      await fs.promises.access(f, fs.constants.X_OK);
      if ((await fs.promises.stat(f)).isFile()) return f;
    } catch {
      // not here
    }
  }
  return undefined;
}
