/**
 * Whether the user's settings.json holds what the active profile writes. A switch writes two files
 * (settings.json, then profiles.json under the same lock); a kill between the two (about 1 in 80
 * kills at a random moment of `use`), or another program saving an older copy of settings.json,
 * leaves them naming different profiles, and nothing said so. Compared by the keys this app owns in
 * that file (bridge-state.json, which the write records first) against the active profile's plan,
 * and, for the apiKeyHelper that every key-serving profile writes, by the profile id it names.
 * Reads files only; never a secret.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DoctorFinding } from '../../common/ipc-contract';
import type { ProfilesFile } from '../../common/profile';
import { consentedPlaintext } from './activate';
import { readFileIfExists } from './atomic-write';
import { activationPlan } from './claude-settings/activation-plan';
import { parseBridgeState } from './claude-settings/settings-bridge';
import { parseSettings } from './claude-settings/settings-parse';
import { appDataDir, userSettingsPath, type Env } from './paths';

export interface SwitchWarning {
  readonly kind: 'switch-unfinished';
  readonly message: string;
  readonly fix: string;
  readonly windowFix: string;
}

/** Keys this app adds whichever profile is active (the status line): not a profile's. */
const NOT_A_PROFILES = new Set(['statusLine']);

function json(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The two files the check reads: this app's record of its keys, and the user's settings.json. */
function files(env: Env): { state: string; settings: string } {
  return { state: path.join(appDataDir(env), 'bridge-state.json'), settings: path.resolve(userSettingsPath(env)) };
}

/** For `status` and `doctor` (CLI): reads the files synchronously. */
export function unfinishedSwitch(f: ProfilesFile, env: Env): SwitchWarning | undefined {
  const at = files(env);
  return switchWarning(f, at.settings, readFileIfExists(at.state), () => readFileIfExists(at.settings));
}

/** For the app's main thread (the tray's snapshot, the window's doctor): reads without blocking. */
export async function unfinishedSwitchAsync(f: ProfilesFile, env: Env): Promise<SwitchWarning | undefined> {
  const at = files(env);
  const [state, settings] = await Promise.all([readAsync(at.state), readAsync(at.settings)]);
  return switchWarning(f, at.settings, state, () => settings);
}

/** A file's text; undefined when absent or unreadable (an unreadable settings.json is the doctor's own finding). */
async function readAsync(file: string): Promise<string | undefined> {
  return fs.promises.readFile(file, 'utf8').catch(() => undefined);
}

/** The doctor's finding of the same warning: one wording on every surface (`fix` the CLI's, `windowFix` the window's). */
export function switchFinding(w: SwitchWarning): DoctorFinding {
  return { kind: w.kind, severity: 'warning', message: w.message, fix: w.fix, windowFix: w.windowFix };
}

function switchWarning(
  f: ProfilesFile,
  file: string,
  stateText: string | undefined,
  settingsText: () => string | undefined,
): SwitchWarning | undefined {
  const state = parseBridgeState(json(stateText));
  if (!state) return undefined;
  const owned = (state.files[file]?.entries ?? []).map((e) => e.path.join('.')).filter((k) => !NOT_A_PROFILES.has(k));
  const active = f.profiles.find((p) => p.id === f.activeProfileId);
  if (!active) {
    if (owned.length === 0) return undefined;
    return {
      kind: 'switch-unfinished',
      message: `${file} still holds keys of this app while no profile is active (a switch or reset that did not finish).`,
      fix: 'Run `claude-auth-tray use <name>`, or `claude-auth-tray reset`.',
      windowFix: 'Switch to a profile again.',
    };
  }
  const expected = activationPlan({
    profile: active,
    helperCommand: '',
    ...(consentedPlaintext(active) ? { plaintextSecret: '-' } : {}),
  }).map((e) => e.path.join('.'));
  const sameKeys = owned.length === expected.length && expected.every((k) => owned.includes(k));
  if (sameKeys && !helperNamesAnother(file, settingsText, owned, active.id)) return undefined;
  return {
    kind: 'switch-unfinished',
    message: `${file} does not hold what "${active.name}" writes (a switch that did not finish, or another program saved an older copy).`,
    fix: `Run \`claude-auth-tray use "${active.name}"\` again.`,
    windowFix: `Switch to "${active.name}" again.`,
  };
}

/** The apiKeyHelper this app wrote serves another profile (`… api-key --profile <id>`). */
function helperNamesAnother(
  file: string,
  settingsText: () => string | undefined,
  owned: readonly string[],
  id: string,
): boolean {
  if (!owned.includes('apiKeyHelper')) return false;
  let helper: unknown;
  try {
    const text = settingsText();
    helper = text === undefined ? undefined : parseSettings(text, file).apiKeyHelper;
  } catch {
    return false; // an unreadable file is the doctor's finding
  }
  const named = typeof helper === 'string' ? /--profile[\s=]+["']?([^\s"']+)/.exec(helper)?.[1] : undefined;
  return named !== undefined && named !== id;
}
