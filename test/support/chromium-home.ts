/**
 * Chromium's own folders for the browser suite (issue 17). Playwright gives Chromium a temp
 * --user-data-dir, but Chromium still keeps its crash reports under $XDG_CONFIG_HOME/chromium
 * (`~/.config/chromium/Crash Reports`): each run left dumps in the real home. The runner makes one
 * temp HOME per run (its workers inherit the variable), Chromium gets it as HOME and XDG_*, and the
 * global teardown checks that no file in the real ~/.config/chromium came from this run.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ChromiumHome {
  /** The temp HOME of this run's Chromium. */
  readonly home: string;
  /** Where Chromium's crashpad writes (XDG_CONFIG_HOME/chromium/Crash Reports). */
  readonly crashDir: string;
  /** Passed to Chromium as a no-op switch, so its crash dumps (which hold the command line) name this run. */
  readonly runId: string;
  /** The environment to launch Chromium with. */
  readonly env: Record<string, string>;
}

export function chromiumHome(): ChromiumHome {
  process.env.CAT_CHROMIUM_HOME ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cat-chromium-'));
  process.env.CAT_CHROMIUM_RUN ??= randomUUID();
  process.env.CAT_CHROMIUM_STARTED ??= String(Date.now());
  const home = process.env.CAT_CHROMIUM_HOME;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
  });
  // The page needs no D-Bus. The spec points this process at a private keyring's bus and stops it in
  // afterAll, before Playwright closes the browser: Chromium then aborted on close with
  // "FATAL:dbus/bus.cc D-Bus connection was disconnected" and wrote a crash dump.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return {
    home,
    crashDir: path.join(home, 'config', 'chromium', 'Crash Reports'),
    runId: process.env.CAT_CHROMIUM_RUN,
    env,
  };
}

/** The real user's Chromium config folder (what the suite must not write). */
export const REAL_CHROMIUM_CONFIG = path.join(
  process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'),
  'chromium',
);

/** Files under dir (recursively) modified at or after since whose bytes contain needle. */
export function filesSince(dir: string, since: number, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).mtimeMs >= since && fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}
