import { readFileIfExists } from '../atomic-write';
import { AppSettingsStore } from '../app-settings-store';
import type { ApplyResult } from '../claude-settings/settings-bridge';
import { parseSettings } from '../claude-settings/settings-merge';
import { appDataDir, type Env } from '../paths';
import type { ProfileService } from '../profile-service';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statusCachePath } from './status-line-cache';
import { PENDING_DIR, refreshStatusCache } from './status-line-recorder';
import { statusLinePlan } from './status-line-lean';
import { isCommandStatusLine, isOurStatusLine, STATUS_LINE_KEY, userStatusLine } from './status-line-plan';

export { statusLinePlan };

export function statusLineEnabled(env: Env): boolean {
  return new AppSettingsStore(env).load().statusLine === true;
}

export interface StatusLineState {
  readonly on: boolean;
  /** The user's own status line command, shown next to ours while on. */
  readonly wrapped?: string;
  /** Claude Code's settings.json holds our command (it may have been edited away meanwhile). */
  readonly inSettings: boolean;
}

export function statusLineState(svc: ProfileService): StatusLineState {
  const text = readFileIfExists(svc.bridge.settingsFile);
  let current: unknown;
  try {
    current = text === undefined ? undefined : parseSettings(text, svc.bridge.settingsFile)[STATUS_LINE_KEY];
  } catch {
    current = undefined;
  }
  const user = userStatusLine(current, svc.bridge.owned());
  return {
    on: statusLineEnabled(svc.env),
    inSettings: isOurStatusLine(current),
    ...(isCommandStatusLine(user) && !isOurStatusLine(user) ? { wrapped: user.command } : {}),
  };
}

/**
 * `statusline on|off`: records the choice and applies the active profile's plan with or without the
 * status line, through the one merge path. A failed write leaves the choice as it was.
 */
export function setStatusLine(svc: ProfileService, on: boolean): ApplyResult {
  const store = new AppSettingsStore(svc.env);
  const before = store.load();
  store.save({ ...before, statusLine: on });
  try {
    // Under the settings lock: the active profile and the user's own status line as they are now.
    return svc.bridge.apply(() => {
      const f = svc.list();
      const active = f.profiles.find((p) => p.id === f.activeProfileId);
      return [
        ...(active ? svc.planFor(active) : []),
        ...statusLinePlan(svc.bridge, svc.runtime, on, appDataDir(svc.env)),
      ];
    });
  } catch (e) {
    store.save(before);
    throw e;
  } finally {
    // The fast line's cache (status-line-cache.ts): rendered now, so the first line is already fast;
    // removed with `off` (nothing reads it then).
    const dir = appDataDir(svc.env);
    refreshStatusCache(dir, { force: true }); // …and records what recorders left pending
    if (!on) {
      fs.rmSync(statusCachePath(dir), { force: true });
      fs.rmSync(path.join(dir, PENDING_DIR), { recursive: true, force: true }); // drained just above
    }
  }
}
