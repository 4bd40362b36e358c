import * as path from 'node:path';
import { nodeOs } from './lazy-os';

export const APP_NAME = 'Claude Auth Tray';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The app data folder: the same folder Electron's `userData` would be, so the CLI and the tray
 * share one profiles.json. `CLAUDE_AUTH_TRAY_HOME` overrides it (tests, portable setups).
 */
export function appDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.CLAUDE_AUTH_TRAY_HOME;
  if (override) return path.resolve(override);
  const home = env.HOME || env.USERPROFILE || nodeOs().homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') {
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

/** Claude Code's config folder: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(env: Env = process.env): string {
  if (env.CLAUDE_CONFIG_DIR) return path.resolve(env.CLAUDE_CONFIG_DIR);
  return path.join(env.HOME || env.USERPROFILE || nodeOs().homedir(), '.claude');
}

export function userSettingsPath(env: Env = process.env): string {
  return path.join(claudeConfigDir(env), 'settings.json');
}

export function profilesPath(env: Env = process.env): string {
  return path.join(appDataDir(env), 'profiles.json');
}
