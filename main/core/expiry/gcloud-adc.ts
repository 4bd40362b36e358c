import * as os from 'node:os';
import * as path from 'node:path';
import type { AuthState } from '../../../common/auth-state';
import { readFileIfExists } from '../atomic-write';
import type { Env } from '../paths';
import { notSignedIn } from './expiry-state';

/** Google Application Default Credentials file (CLOUDSDK_CONFIG, or the platform default). */
export function adcFile(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GOOGLE_APPLICATION_CREDENTIALS) return env.GOOGLE_APPLICATION_CREDENTIALS;
  const home = env.HOME || os.homedir();
  const dir =
    env.CLOUDSDK_CONFIG ||
    (platform === 'win32' ? path.join(env.APPDATA || home, 'gcloud') : path.join(home, '.config', 'gcloud'));
  return path.join(dir, 'application_default_credentials.json');
}

/**
 * ADC present → ok (an authorized_user file has no expiry of its own; minting a token needs the
 * network, which the tray does at its own cadence); missing or unreadable → sign in.
 */
export function vertexAdcState(
  profileId: string,
  env: Env,
  now: number,
  platform: NodeJS.Platform = process.platform,
): AuthState {
  const file = adcFile(env, platform);
  const text = readFileIfExists(file);
  if (text === undefined) {
    return notSignedIn(profileId, now, 'no Google Application Default Credentials');
  }
  try {
    const j = JSON.parse(text) as { type?: unknown };
    const type = typeof j.type === 'string' ? j.type : 'unknown';
    return {
      profileId,
      status: 'ok',
      lastCheckedAt: now,
      detail: { kind: 'logged-in', message: `Application Default Credentials (${type})` },
      next: 'none',
    };
  } catch {
    return {
      profileId,
      status: 'error',
      lastCheckedAt: now,
      detail: { kind: 'io-error', message: `${file} is not valid JSON` },
      next: 'sign-in',
    };
  }
}
