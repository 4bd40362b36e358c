/**
 * The status line's plan entry without the schema library, for the lean `use` bundle (issue 16):
 * a terminal `use` keeps the status line on exactly as a switch from the tray does (issue 15).
 */
import { readFileIfExists } from '../atomic-write';
import type { PlanEntry } from '../claude-settings/activation-plan';
import type { SettingsBridge } from '../claude-settings/settings-bridge';
import { parseSettings } from '../claude-settings/settings-merge';
import type { CliRuntime } from '../helper-command';
import { appDataDir, type Env } from '../paths';
import { statusLineOnIn } from './status-line-cache';
import { STATUS_LINE_KEY, statusLineEntry, userStatusLine } from './status-line-plan';

/** The plan entries for the status line: ours when on (wrapping the user's), none when off. */
export function statusLinePlan(
  bridge: SettingsBridge,
  rt: CliRuntime,
  on: boolean,
  dataDir: string,
): readonly PlanEntry[] {
  if (!on) return [];
  const text = readFileIfExists(bridge.settingsFile);
  const current = text === undefined ? undefined : parseSettings(text, bridge.settingsFile)[STATUS_LINE_KEY];
  return [statusLineEntry(rt, userStatusLine(current, bridge.owned()), dataDir)];
}

/**
 * `statusLine` of app-settings.json read raw (AppSettingsStore validates with the schema): on only
 * when it is literally true, as the schema would read it; anything unreadable counts as off.
 */
export function statusLineEnabledRaw(env: Env = process.env): boolean {
  return statusLineOnIn(appDataDir(env));
}
