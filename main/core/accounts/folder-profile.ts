import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFileIfExists } from '../atomic-write';
import { SettingsBridge } from '../claude-settings/settings-bridge';
import { parseSettings } from '../claude-settings/settings-parse';
import { userSettingsPath, type Env } from '../paths';
import { STORAGE_VAR } from './account-env';
import { listPins, localSettingsFile, type ProjectPin } from './project-pins';

/** Which profile applies in a folder, and from which file. */
export interface FolderProfile {
  readonly profileId: string | undefined;
  readonly file: string;
  /** This app's pin of this very folder decides. */
  readonly pinned: boolean;
  /**
   * Auth keys someone wrote into this folder's project settings (not a pin of ours) decide: 'account'
   * when they name an account's folder, 'keys' when they change the active profile's auth here.
   */
  readonly handSet?: 'account' | 'keys';
  /** The nearest parent folder pinned by this app, whose pin does NOT reach this folder. */
  readonly ignoredPin?: ProjectPin;
}

/** Keys that pick how Claude Code signs in (what a pin writes, and what a hand-written file may set). */
const AUTH_ENV = [
  STORAGE_VAR,
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CODE_USE_ANTHROPIC_AWS',
];

/** The same file, through symlinks too (a path that does not exist compares as written). */
function sameFile(a: string, b: string): boolean {
  const real = (f: string): string => {
    try {
      return fs.realpathSync(f);
    } catch {
      return path.resolve(f);
    }
  };
  return path.resolve(a) === path.resolve(b) || real(a) === real(b);
}

function authKeysIn(file: string): Record<string, unknown> | undefined {
  const text = readFileIfExists(file);
  if (text === undefined) return undefined;
  let s: Record<string, unknown>;
  try {
    s = parseSettings(text, file);
  } catch {
    return undefined; // Claude Code cannot read it either: it does not decide
  }
  const env = (typeof s.env === 'object' && s.env !== null ? s.env : {}) as Record<string, unknown>;
  const hit = 'apiKeyHelper' in s || AUTH_ENV.some((k) => k in env);
  return hit ? env : undefined;
}

/**
 * Which profile applies in a folder, and from which file, exactly as Claude Code reads settings:
 * 2.1.197 reads `.claude/settings.local.json` and `.claude/settings.json` of the folder it starts in
 * ONLY — not of the git root, not of a parent (test/compat/claude-project-settings.test.ts). So a
 * pin applies to sessions started in the pinned folder itself; a parent's pin is reported as not
 * applying. Keys written by hand into this folder's project files beat the user's settings too.
 */
export function profileForFolder(
  cwd: string,
  activeProfileId: string | undefined,
  env: Env = process.env,
  profiles: readonly { readonly id: string; readonly storageDir?: string | undefined }[] = [],
): FolderProfile {
  const abs = path.resolve(cwd);
  const pins = listPins(env);
  const local = localSettingsFile(abs);
  const pin = pins.find((p) => p.dir === abs);
  if (pin && new SettingsBridge(local, env).owned().entries.length > 0) {
    return { profileId: pin.profileId, file: local, pinned: true };
  }
  // In the home folder (Claude Code's default config folder), the folder's .claude/settings.json is
  // the user settings file itself: what this app wrote there is the active profile, not keys
  // "written by hand" into project settings.
  const user = userSettingsPath(env);
  const project = path.join(abs, '.claude', 'settings.json');
  for (const file of sameFile(project, user) ? [local] : [local, project]) {
    const keys = authKeysIn(file);
    if (!keys) continue;
    const dir = typeof keys[STORAGE_VAR] === 'string' ? path.resolve(keys[STORAGE_VAR]) : undefined;
    const match = dir ? profiles.find((p) => p.storageDir && path.resolve(p.storageDir) === dir) : undefined;
    // A folder an account's keys point at names that account; other hand-set keys change the active
    // profile's auth here (who-pays then explains what Claude Code does with them).
    return { profileId: match?.id ?? activeProfileId, file, pinned: false, handSet: match ? 'account' : 'keys' };
  }
  const ignoredPin = pins
    .filter((p) => abs.startsWith(p.dir + path.sep))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
  return {
    profileId: activeProfileId,
    file: user,
    pinned: false,
    ...(ignoredPin ? { ignoredPin } : {}),
  };
}
