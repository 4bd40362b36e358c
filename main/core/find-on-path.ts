import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env } from './paths';

/** An executable named `bin` on env.PATH (with .exe / .cmd on Windows), else undefined. */
export function findOnPath(bin: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const f = path.join(dir, `${bin}${ext}`);
      try {
        fs.accessSync(f, fs.constants.X_OK);
        if (fs.statSync(f).isFile()) return f;
      } catch {
        // not here
      }
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
  const exts = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const f = path.join(dir, `${bin}${ext}`);
      try {
        await fs.promises.access(f, fs.constants.X_OK);
        if ((await fs.promises.stat(f)).isFile()) return f;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
