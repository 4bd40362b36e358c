import * as path from 'node:path';
import type { AuthState } from '../../../common/auth-state';
import { readFileIfExists } from '../atomic-write';
import { nodeCrypto } from '../lazy-crypto';
import type { Env } from '../paths';
import { notSignedIn, stateFromExpiry } from './expiry-state';
import { nodeOs } from '../lazy-os';

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
  return env.AWS_CONFIG_FILE || path.join(env.HOME || nodeOs().homedir(), '.aws', 'config');
}

export function awsSsoCacheDir(env: Env = process.env): string {
  return path.join(env.HOME || nodeOs().homedir(), '.aws', 'sso', 'cache');
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
  return path.join(awsSsoCacheDir(env), `${nodeCrypto().createHash('sha1').update(key).digest('hex')}.json`);
}

export function readSsoExpiry(file: string): number | undefined {
  try {
    const j = JSON.parse(readFileIfExists(file) ?? '') as { expiresAt?: unknown };
    return typeof j.expiresAt === 'string' ? parseAwsTime(j.expiresAt) : undefined;
  } catch {
    return undefined;
  }
}

export function bedrockSsoState(profileId: string, awsProfile: string, env: Env, now: number): AuthState {
  const file = ssoCacheFileFor(awsProfile, env);
  if (!file) {
    // Never configured here (issue 17): not signed in, with the command that sets it up — like a
    // profile with no AWS credentials at all (awsChainState's 'none').
    return {
      profileId,
      status: 'error',
      lastCheckedAt: now,
      detail: {
        kind: 'not-logged-in',
        message: `AWS profile "${awsProfile}" has no SSO settings in ${awsConfigFile(env)}; set it up with \`aws configure sso --profile ${awsProfile}\`, then sign in with \`aws sso login --profile ${awsProfile}\``,
      },
      next: 'none',
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

export function awsCredentialsFile(env: Env = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(env.HOME || nodeOs().homedir(), '.aws', 'credentials');
}

/** Expiry keys that credential tools write next to temporary keys in ~/.aws/credentials. */
const EXPIRY_KEYS = ['x_security_token_expires', 'aws_expiration', 'aws_session_expiration', 'expiration'];

/** A time as AWS tools write it: RFC 3339, or with a "UTC" suffix ("2026-01-01T12:00:00UTC"). */
export function parseAwsTime(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v.trim().replace(/UTC$/, 'Z'));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The files a Bedrock profile's credentials come from, to watch: config, credentials, and the SSO
 * token cache when the profile (or the profile it assumes a role from) signs in with SSO.
 */
export function awsFilesFor(awsProfile: string | undefined, env: Env): string[] {
  const files = [awsConfigFile(env), awsCredentialsFile(env)];
  const sso = resolveProfileChain(awsProfile ?? env.AWS_PROFILE ?? 'default', env).sso;
  if (sso) files.push(sso.cacheFile);
  return files;
}

/** Follows role_arn → source_profile to the profile whose credentials actually expire. */
function resolveProfileChain(
  name: string,
  env: Env,
): { name: string; sso?: { cacheFile: string }; chain: string[]; section?: ReadonlyMap<string, string> } {
  const config = parseIni(readFileIfExists(awsConfigFile(env)) ?? '');
  const chain: string[] = [];
  let cur = name;
  for (;;) {
    chain.push(cur);
    const sec = config.get(cur === 'default' ? 'default' : `profile ${cur}`);
    const source = sec?.get('role_arn') ? sec.get('source_profile') : undefined;
    if (!source || chain.includes(source)) break;
    cur = source;
  }
  const cacheFile = ssoCacheFileFor(cur, env);
  const section = config.get(cur === 'default' ? 'default' : `profile ${cur}`);
  return { name: cur, chain, ...(cacheFile ? { sso: { cacheFile } } : {}), ...(section ? { section } : {}) };
}

/**
 * Where the AWS SDK in Claude Code would take a Bedrock profile's credentials from, in its order:
 *   1. exported keys in the environment, when no AWS profile is named;
 *   2. an SSO session of the profile (or of the profile it assumes a role from);
 *   3. keys in ~/.aws/credentials;
 *   4. the profile's `credential_process`.
 * `name` is the profile whose credentials expire; `via` notes a role taken from it.
 */
type AwsSource =
  | { readonly kind: 'env' }
  | { readonly kind: 'sso'; readonly name: string; readonly via: string }
  | { readonly kind: 'keys'; readonly name: string; readonly via: string; readonly keys: ReadonlyMap<string, string> }
  | { readonly kind: 'process'; readonly name: string; readonly via: string; readonly command: string }
  | { readonly kind: 'none'; readonly name: string };

function awsSource(awsProfile: string | undefined, env: Env): AwsSource {
  if (!awsProfile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID) return { kind: 'env' };
  const name = awsProfile ?? env.AWS_PROFILE ?? 'default';
  const resolved = resolveProfileChain(name, env);
  const via = resolved.chain.length > 1 ? ` (role assumed from "${resolved.name}")` : '';
  if (resolved.sso) return { kind: 'sso', name: resolved.name, via };
  const keys = parseIni(readFileIfExists(awsCredentialsFile(env)) ?? '').get(resolved.name);
  if (keys?.get('aws_access_key_id')) return { kind: 'keys', name: resolved.name, via, keys };
  const command = resolved.section?.get('credential_process')?.trim();
  if (command) return { kind: 'process', name: resolved.name, via, command };
  return { kind: 'none', name };
}

/**
 * A Bedrock profile on the AWS credential chain (no SSO flag of ours): what its credentials are and
 * when they expire, read from what the AWS CLI and credential tools leave on disk and in the
 * environment — never by fetching the credentials themselves. Exported keys carry
 * `AWS_CREDENTIAL_EXPIRATION` (as `aws configure export-credentials --format env` and aws-vault write
 * it); temporary keys in ~/.aws/credentials an expiry key of the tool that wrote them; a
 * `credential_process` is run by the monitor (see credentialProcessFor), so this only says so.
 */
export function bedrockChainState(profileId: string, awsProfile: string | undefined, env: Env, now: number): AuthState {
  const base = { profileId, lastCheckedAt: now };
  const renewedByTheirTool = { expiring: 'none', expired: 'none' } as const;
  const src = awsSource(awsProfile, env);
  switch (src.kind) {
    case 'env': {
      const at = parseAwsTime(env.AWS_CREDENTIAL_EXPIRATION ?? env.AWS_SESSION_EXPIRATION);
      if (at !== undefined)
        return stateFromExpiry(
          profileId,
          at,
          now,
          { kind: 'session', message: 'exported AWS credentials' },
          renewedByTheirTool,
        );
      return {
        ...base,
        status: env.AWS_SESSION_TOKEN ? 'unknown' : 'ok',
        detail: {
          kind: 'no-expiry',
          message: env.AWS_SESSION_TOKEN
            ? 'temporary AWS credentials in the environment, without AWS_CREDENTIAL_EXPIRATION'
            : 'AWS access keys in the environment (long-term, no expiry)',
        },
        next: 'none',
      };
    }
    case 'sso': {
      const s = bedrockSsoState(profileId, src.name, env, now);
      return src.via ? { ...s, detail: { ...s.detail, message: s.detail.message + src.via } } : s;
    }
    case 'keys': {
      const at = parseAwsTime(EXPIRY_KEYS.map((k) => src.keys.get(k)).find((v) => v));
      if (at !== undefined)
        return stateFromExpiry(
          profileId,
          at,
          now,
          {
            kind: 'session',
            message: `temporary AWS credentials of "${src.name}"${src.via}; renew them with the tool that wrote them`,
          },
          renewedByTheirTool,
        );
      const temporary = Boolean(src.keys.get('aws_session_token'));
      return {
        ...base,
        status: temporary ? 'unknown' : 'ok',
        detail: {
          kind: 'no-expiry',
          message: temporary
            ? `temporary AWS credentials of "${src.name}" with no recorded expiry${src.via}`
            : `long-term AWS access keys of "${src.name}" (no expiry)${src.via}`,
        },
        next: 'none',
      };
    }
    case 'process':
      return {
        ...base,
        status: 'unknown',
        detail: {
          kind: 'no-expiry',
          message: `"${src.name}" gets credentials from its credential_process; it runs when checked (the tray, or \`claude-auth-tray refresh\`)${src.via}`,
        },
        next: 'none',
      };
    case 'none':
      return {
        ...base,
        status: 'error',
        detail: {
          kind: 'not-logged-in',
          message: `no AWS credentials found for "${src.name}" in ${awsConfigFile(env)} or ${awsCredentialsFile(env)}; set them up with \`aws configure --profile ${src.name}\` or \`aws configure sso\` (instance and container roles are not visible here)`,
        },
        next: 'none',
      };
  }
}

/** The `credential_process` the AWS SDK would run for this profile, when nothing ranks above it. */
export function credentialProcessFor(awsProfile: string | undefined, env: Env): string | undefined {
  const src = awsSource(awsProfile, env);
  return src.kind === 'process' ? src.command : undefined;
}
