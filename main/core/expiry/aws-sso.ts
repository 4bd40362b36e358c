import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as os from 'node:os';
import type { AuthState } from '../../../common/auth-state';
import { readFileIfExists } from '../atomic-write';
import type { Env } from '../paths';
import { notSignedIn, stateFromExpiry } from './expiry-state';

export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** A small INI reader for ~/.aws/config (sections, key = value, comments with # or ;). */
export function parseIni(text: string): IniSections {
  const out = new Map<string, Map<string, string>>();
  let cur: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (sec?.[1]) {
      cur = new Map();
      out.set(sec[1].replace(/\s+/g, ' '), cur);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv?.[1] && cur) cur.set(kv[1].trim(), kv[2] ?? '');
  }
  return out;
}

export function awsConfigFile(env: Env = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(env.HOME || os.homedir(), '.aws', 'config');
}

export function awsSsoCacheDir(env: Env = process.env): string {
  return path.join(env.HOME || os.homedir(), '.aws', 'sso', 'cache');
}

/** The profiles in ~/.aws/config, for the Bedrock screen's dropdown. */
export function listAwsProfiles(env: Env = process.env): { name: string; sso: boolean; region?: string }[] {
  const ini = parseIni(readFileIfExists(awsConfigFile(env)) ?? '');
  const out: { name: string; sso: boolean; region?: string }[] = [];
  for (const [section, kv] of ini) {
    const name = section === 'default' ? 'default' : /^profile (.+)$/.exec(section)?.[1];
    if (!name) continue;
    const region = kv.get('region');
    out.push({ name, sso: kv.has('sso_session') || kv.has('sso_start_url'), ...(region ? { region } : {}) });
  }
  return out;
}

/** The SSO token cache file of a profile: sha1 of its sso-session name, or of the legacy start URL. */
export function ssoCacheFileFor(profile: string, env: Env = process.env): string | undefined {
  const ini = parseIni(readFileIfExists(awsConfigFile(env)) ?? '');
  const sec = ini.get(profile === 'default' ? 'default' : `profile ${profile}`);
  if (!sec) return undefined;
  const session = sec.get('sso_session');
  const key = session ?? sec.get('sso_start_url');
  if (!key) return undefined;
  return path.join(awsSsoCacheDir(env), `${createHash('sha1').update(key).digest('hex')}.json`);
}

export function readSsoExpiry(file: string): number | undefined {
  try {
    const j = JSON.parse(readFileIfExists(file) ?? '') as { expiresAt?: unknown };
    if (typeof j.expiresAt !== 'string') return undefined;
    // The AWS CLI writes e.g. "2026-01-01T12:00:00Z" or "2026-01-01T12:00:00UTC".
    const t = Date.parse(j.expiresAt.replace(/UTC$/, 'Z'));
    return Number.isNaN(t) ? undefined : t;
  } catch {
    return undefined;
  }
}

export function bedrockSsoState(profileId: string, awsProfile: string, env: Env, now: number): AuthState {
  const file = ssoCacheFileFor(awsProfile, env);
  if (!file) {
    return {
      profileId,
      status: 'error',
      lastCheckedAt: now,
      detail: {
        kind: 'invalid-argument',
        message: `AWS profile "${awsProfile}" has no SSO settings in ${awsConfigFile(env)}`,
      },
      next: 'open-doctor',
    };
  }
  const expiresAt = readSsoExpiry(file);
  if (expiresAt === undefined) {
    return notSignedIn(profileId, now, `no AWS SSO session for "${awsProfile}"`);
  }
  return stateFromExpiry(
    profileId,
    expiresAt,
    now,
    { kind: 'session', message: `AWS SSO session for "${awsProfile}"` },
    { expiring: 'sign-in', expired: 'sign-in' },
  );
}
