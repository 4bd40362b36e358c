import * as path from 'node:path';
import { appSettingsSchema, DEFAULT_APP_SETTINGS, type AppSettings } from '../../common/app-settings';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import { appDataDir, type Env } from './paths';

/** app-settings.json: notification thresholds, mutes, start at login, default TTL. */
export class AppSettingsStore {
  readonly file: string;
  constructor(env: Env = process.env) {
    this.file = path.join(appDataDir(env), 'app-settings.json');
  }
  load(): AppSettings {
    return parseAppSettings(readFileIfExists(this.file));
  }
  save(s: AppSettings): AppSettings {
    const valid = appSettingsSchema.parse(s);
    const sorted = { ...valid, notifyThresholdsMin: [...new Set(valid.notifyThresholdsMin)].sort((a, b) => b - a) };
    writeFileAtomic(this.file, JSON.stringify(sorted, null, 2) + '\n');
    return sorted;
  }
}

/** app-settings.json's text (undefined: absent) as settings; anything invalid as the defaults. */
export function parseAppSettings(text: string | undefined): AppSettings {
  if (!text) return DEFAULT_APP_SETTINGS;
  try {
    const r = appSettingsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : DEFAULT_APP_SETTINGS;
  } catch {
    return DEFAULT_APP_SETTINGS;
  }
}
