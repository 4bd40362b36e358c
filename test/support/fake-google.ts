import { createVerify, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  readonly grantType: string;
  /** For a refresh-token grant: the token sent; for a JWT grant: the assertion's claims. */
  readonly refreshToken?: string;
  readonly claims?: Record<string, unknown>;
}

export interface FakeGoogleToken {
  /** The token endpoint (put in MonitorDeps.googleTokenUrl, or a service account file's token_uri). */
  readonly url: string;
  readonly requests: TokenRequest[];
  /** Refresh tokens answered with 400 invalid_grant (a revoked or policy-expired login). */
  readonly revoked: Set<string>;
  /** Public keys of the service accounts it knows, by client_email. */
  readonly serviceAccounts: Map<string, KeyObject>;
  close(): Promise<void>;
}

/**
 * Google's OAuth token endpoint, faked on 127.0.0.1: the refresh-token grant (authorized_user ADC) and
 * the JWT-bearer grant (service account), whose RS256 signature, audience and scope it verifies.
 */
export async function startFakeGoogleToken(): Promise<FakeGoogleToken> {
  const requests: TokenRequest[] = [];
  const revoked = new Set<string>();
  const serviceAccounts = new Map<string, KeyObject>();
  let url = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const json = (status: number, o: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      const form = new URLSearchParams(body);
      const grantType = form.get('grant_type') ?? '';
      const ok = (): void => json(200, { access_token: 'ya29.fake', expires_in: 3599, token_type: 'Bearer' });
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        json(400, { error: 'invalid_request' });
      } else if (grantType === 'refresh_token') {
        const refreshToken = form.get('refresh_token') ?? '';
        requests.push({ grantType, refreshToken });
        if (!form.get('client_id') || !form.get('client_secret')) json(401, { error: 'invalid_client' });
        else if (revoked.has(refreshToken))
          json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        else ok();
      } else if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const [h, c, sig] = (form.get('assertion') ?? '').split('.');
        const claims = JSON.parse(Buffer.from(c ?? '', 'base64url').toString() || '{}') as Record<string, unknown>;
        requests.push({ grantType, claims });
        const key = serviceAccounts.get(String(claims.iss));
        const now = Date.now() / 1000;
        const valid =
          key !== undefined &&
          createVerify('RSA-SHA256')
            .update(`${h}.${c}`)
            .verify(key, Buffer.from(sig ?? '', 'base64url')) &&
          claims.aud === url &&
          String(claims.scope).includes('cloud-platform') &&
          Number(claims.iat) <= now + 5 &&
          Number(claims.exp) > now;
        if (valid) ok();
        else json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      } else {
        json(400, { error: 'unsupported_grant_type' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return {
    url,
    requests,
    revoked,
    serviceAccounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
