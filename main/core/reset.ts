/**
 * `reset` (issue 17): gives Claude Code back its files as they were without this app. Every key the
 * app wrote goes, through the one merge path that wrote it (a key the user had before, such as their
 * own statusLine, comes back byte for byte): the user's settings.json, every project pin, any other
 * settings file bridge-state.json says the app owns keys in. Nothing is active afterwards and the
 * status line is off, so the tray does not write them again. What stays (keychain items, the data
 * folder) is listed with the commands that remove it.
 */
import { isAppError, stepFor } from '../../common/errors';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProfilesFile } from '../../common/profile';
import { listPins, unpinProject } from './accounts/project-pins';
import { AppSettingsStore } from './app-settings-store';
import { readFileIfExists } from './atomic-write';
import { parseBridgeState, SettingsBridge } from './claude-settings/settings-bridge';
import { statusCachePath } from './usage/status-line-cache';
import { PENDING_DIR } from './usage/status-line-recorder';
import { appDataDir, userSettingsPath, type Env } from './paths';
import type { ProfileService } from './profile-service';

export interface ResetFile {
  readonly file: string;
  /** The keys the app owns there (`apiKeyHelper`, `env.CLAUDE_CODE_USE_BEDROCK`, `statusLine`). */
  readonly keys: readonly string[];
  /** A project pin's file (its pin record goes too). */
  readonly pinDir?: string;
  /** The pinned folder no longer exists: only the pin record goes (no file to change). */
  readonly gone?: boolean;
}

export interface ResetPreview {
  readonly files: readonly ResetFile[];
  readonly activeProfile: string | undefined;
  readonly statusLine: boolean;
  /** What stays: the keychain items (profile id and name) and the data folder. */
  readonly keychainItems: readonly { readonly id: string; readonly name: string | undefined }[];
  /** False when the keychain could not be listed (locked, unavailable): the items are the profiles'. */
  readonly keychainRead: boolean;
  readonly dataDir: string;
}

function ownedFiles(env: Env): Map<string, string[]> {
  const text = readFileIfExists(path.join(appDataDir(env), 'bridge-state.json'));
  const state = text === undefined ? undefined : parseBridgeState(safeJson(text));
  const m = new Map<string, string[]>();
  for (const [file, rec] of Object.entries(state?.files ?? {}))
    if (rec.entries.length > 0)
      m.set(
        file,
        rec.entries.map((e) => e.path.join('.')),
      );
  return m;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What reset would do, and what it leaves. Reads only. */
export function resetPreview(svc: ProfileService, f: ProfilesFile, env: Env): ResetPreview {
  const owned = ownedFiles(env);
  const user = path.resolve(userSettingsPath(env));
  const pins = listPins(env);
  const files: ResetFile[] = [];
  // Only files that exist: a key in a file that is gone is nothing to remove (it listed a deleted
  // project's keys, then said "nothing needed changing").
  const userKeys = owned.get(user);
  if (userKeys && fs.existsSync(user)) files.push({ file: user, keys: userKeys });
  for (const pin of pins) {
    const file = path.resolve(pin.dir, '.claude', 'settings.local.json');
    const gone = !fs.existsSync(pin.dir);
    files.push({
      file,
      keys: fs.existsSync(file) ? (owned.get(file) ?? []) : [],
      pinDir: pin.dir,
      ...(gone ? { gone } : {}),
    });
  }
  for (const [file, keys] of owned)
    if (!files.some((x) => x.file === file) && fs.existsSync(file)) files.push({ file, keys });
  let accounts: string[];
  let keychainRead = true;
  try {
    accounts = svc.secrets.accounts();
  } catch {
    // a locked keychain: the profiles still name the items it may hold
    accounts = f.profiles.map((p) => p.id);
    keychainRead = false;
  }
  return {
    files,
    activeProfile: f.profiles.find((p) => p.id === f.activeProfileId)?.name,
    statusLine: new AppSettingsStore(env).load().statusLine === true,
    keychainItems: accounts.map((id) => ({ id, name: f.profiles.find((p) => p.id === id)?.name })),
    keychainRead,
    dataDir: appDataDir(env),
  };
}

/** A pin reset would not touch (its file became a link outside its project since it was made). */
export interface ResetRefusal {
  readonly file: string;
  readonly pinDir: string;
  readonly message: string;
  /** The error's next step in the CLI's words, when it has one. */
  readonly nextStep?: string;
}

/**
 * Removes every key the preview lists; returns the files that changed and the pins refused: a pin
 * refused (e.g. its file now a link outside its project) is left as it is, pin record included, and
 * the rest goes on (it stopped there, leaving the later pins).
 */
export function runReset(
  svc: ProfileService,
  preview: ResetPreview,
  env: Env,
): { changed: string[]; refused: ResetRefusal[] } {
  const changed: string[] = [];
  const refused: ResetRefusal[] = [];
  // The status line off first, so no write below (nor the tray's) puts it back.
  const settings = new AppSettingsStore(env);
  const app = settings.load();
  if (app.statusLine) settings.save({ ...app, statusLine: false });
  fs.rmSync(statusCachePath(appDataDir(env)), { force: true }); // the status line's cache (issue 15)
  fs.rmSync(path.join(appDataDir(env), PENDING_DIR), { recursive: true, force: true }); // its recorders' readings
  for (const x of preview.files) {
    if (x.pinDir !== undefined) {
      try {
        const r = unpinProject(x.pinDir, env);
        if (r.apply?.changed) changed.push(x.file);
      } catch (e) {
        if (!isAppError(e)) throw e;
        const step = stepFor(e.nextStep, 'cli');
        refused.push({ file: x.file, pinDir: x.pinDir, message: e.message, ...(step ? { nextStep: step } : {}) });
      }
      continue;
    }
    const isUser = x.file === path.resolve(userSettingsPath(env));
    const bridge = isUser ? svc.bridge : new SettingsBridge(x.file, env);
    // The user's file and "nothing active" change together, under the settings lock.
    const r = bridge.apply([], () => {
      if (isUser) clearActive(svc);
    });
    if (r.changed) changed.push(x.file);
  }
  clearActive(svc);
  return { changed, refused };
}

function clearActive(svc: ProfileService): void {
  svc.profiles.update((f) => {
    if (f.activeProfileId === undefined) return { file: f, result: undefined };
    const { activeProfileId: _gone, ...rest } = f;
    return { file: rest, result: undefined };
  });
}
