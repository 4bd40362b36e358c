import * as path from 'node:path';
import type { AuthState } from '../../../common/auth-state';
import { readFileIfExists } from '../atomic-write';
import type { FetchLike } from '../key-validation';
import { nodeCrypto } from '../lazy-crypto';
import type { Env } from '../paths';
import { notSignedIn } from './expiry-state';
import { nodeOs } from '../lazy-os';

/** Google Application Default Credentials file (CLOUDSDK_CONFIG, or the platform default). */
export function adcFile(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GOOGLE_APPLICATION_CREDENTIALS) return env.GOOGLE_APPLICATION_CREDENTIALS;
  const home = env.HOME || nodeOs().homedir();
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

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** The outcome of asking Google for an access token with the ADC file: the real test of a login. */
export type AdcMint =
  | { readonly verdict: 'valid'; readonly message: string }
  | { readonly verdict: 'reauth'; readonly message: string }
  | { readonly verdict: 'unknown'; readonly message: string };

interface AdcFields {
  type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  refresh_token?: unknown;
  client_email?: unknown;
  private_key?: unknown;
  token_uri?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** RS256 JWT assertion for a service account (RFC 7523), as Google's client libraries build it. */
function serviceAccountAssertion(email: string, privateKey: string, aud: string, nowSec: number): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
    iss: email,
    scope: CLOUD_PLATFORM_SCOPE,
    aud,
    iat: nowSec,
    exp: nowSec + 3600,
  })}`;
  return `${unsigned}.${nodeCrypto().createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

/**
 * Mints an access token from the ADC file, the way Google's client libraries do (refresh-token grant for
 * `authorized_user`, JWT bearer grant for `service_account`), to learn whether the login still works.
 * The token is thrown away at once; nothing secret reaches the result. `invalid_grant` / `invalid_rapt`
 * mean the saved login is dead (password change, revoked, session-length policy): sign in again.
 * A network failure is `unknown`, never a reason to ask for a new login.
 */
export async function mintAdcToken(
  adcText: string,
  opts: { fetch?: FetchLike; tokenUrl?: string; now?: () => number; timeoutMs?: number } = {},
): Promise<AdcMint> {
  let adc: AdcFields;
  try {
    adc = JSON.parse(adcText) as AdcFields;
  } catch {
    return { verdict: 'unknown', message: 'the ADC file is not valid JSON' };
  }
  const now = opts.now ?? Date.now;
  const tokenUrl = opts.tokenUrl ?? str(adc.token_uri) ?? GOOGLE_TOKEN_URL;
  let body: URLSearchParams;
  try {
    if (adc.type === 'authorized_user') {
      const [id, secret, refresh] = [str(adc.client_id), str(adc.client_secret), str(adc.refresh_token)];
      if (!id || !secret || !refresh) return { verdict: 'reauth', message: 'the ADC file lacks its refresh token' };
      body = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: id,
        client_secret: secret,
        refresh_token: refresh,
      });
    } else if (adc.type === 'service_account') {
      const [email, key] = [str(adc.client_email), str(adc.private_key)];
      if (!email || !key) return { verdict: 'reauth', message: 'the service account file lacks its key' };
      body = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: serviceAccountAssertion(email, key, tokenUrl, Math.floor(now() / 1000)),
      });
    } else {
      return {
        verdict: 'unknown',
        message: `credentials of type ${typeof adc.type === 'string' ? adc.type : 'unknown'} are not checked here`,
      };
    }
  } catch {
    return { verdict: 'reauth', message: 'the service account private key could not be read' };
  }
  const f: FetchLike = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 15_000);
  try {
    const res = await f(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      signal: ac.signal,
    });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) {
      return { verdict: 'valid', message: 'Google issued a token: the login works' };
    }
    let error = '';
    try {
      error = String((JSON.parse(text) as { error?: unknown }).error ?? '');
    } catch {
      // not JSON: judged by status alone
    }
    if (res.status === 400 && /^invalid_(grant|rapt)$/.test(error)) {
      return { verdict: 'reauth', message: 'Google no longer accepts this login (it was revoked or has expired)' };
    }
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      return { verdict: 'reauth', message: 'Google does not accept the client of this login' };
    }
    return { verdict: 'unknown', message: `Google answered ${res.status}; the login was not checked` };
  } catch {
    return { verdict: 'unknown', message: 'Google could not be reached (offline?); the login was not checked' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Vertex profile's state: the ADC file says whether there is a login, a token mint says whether it
 * still works. A dead login is `expired` with "sign in"; Google out of reach keeps the file's verdict.
 */
export async function checkVertexAdc(
  profileId: string,
  env: Env,
  now: () => number,
  opts: { platform?: NodeJS.Platform; fetch?: FetchLike; tokenUrl?: string } = {},
): Promise<AuthState> {
  const platform = opts.platform ?? process.platform;
  const fileState = vertexAdcState(profileId, env, now(), platform);
  const text = fileState.status === 'ok' ? readFileIfExists(adcFile(env, platform)) : undefined;
  if (text === undefined) return fileState;
  const mint = await mintAdcToken(text, {
    now,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.tokenUrl ? { tokenUrl: opts.tokenUrl } : {}),
  });
  const base = { profileId, lastCheckedAt: now() };
  switch (mint.verdict) {
    case 'valid':
      return { ...base, status: 'ok', detail: { kind: 'valid', message: mint.message }, next: 'none' };
    case 'reauth':
      return { ...base, status: 'expired', detail: { kind: 'not-logged-in', message: mint.message }, next: 'sign-in' };
    case 'unknown':
      return { ...fileState, ...base, detail: { kind: 'network', message: mint.message } };
  }
}
