import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awsFilesFor, bedrockChainState, credentialProcessFor } from '../../main/core/expiry/aws';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** A temp HOME with ~/.aws/config and ~/.aws/credentials as given (real files). */
function home(config: string, credentials: string, ssoExpiresAt?: string): Record<string, string> {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-aws-'));
  roots.push(h);
  fs.mkdirSync(path.join(h, '.aws', 'sso', 'cache'), { recursive: true });
  fs.writeFileSync(path.join(h, '.aws', 'config'), config);
  fs.writeFileSync(path.join(h, '.aws', 'credentials'), credentials);
  if (ssoExpiresAt)
    fs.writeFileSync(
      path.join(h, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ accessToken: 'x', expiresAt: ssoExpiresAt }),
    );
  return { HOME: h };
}

const SSO_CONFIG =
  '[profile base]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n' +
  '[profile bedrock-role]\nrole_arn = arn:aws:iam::123456789012:role/Bedrock\nsource_profile = base\n';

describe('Bedrock on the AWS credential chain: expiry from what is on disk and in the environment', () => {
  it.each([
    {
      name: 'long-term keys in ~/.aws/credentials',
      env: home('', '[dev]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n'),
      profile: 'dev',
      want: { status: 'ok', detail: { kind: 'no-expiry' } },
      message: /long-term AWS access keys of "dev"/,
    },
    {
      name: 'temporary keys with x_security_token_expires (saml2aws), 40 min left',
      env: home(
        '',
        '[saml]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = t\nx_security_token_expires = 2026-11-24T12:40:00Z\n',
      ),
      profile: 'saml',
      want: { status: 'expiring', expiresAt: Date.parse('2026-11-24T12:40:00Z') },
      message: /temporary AWS credentials of "saml"; renew them/,
    },
    {
      name: 'temporary keys with aws_expiration in the past',
      env: home(
        '',
        '[t]\naws_access_key_id = ASIA\naws_session_token = t\naws_expiration = 2026-11-24T11:00:00+00:00\n',
      ),
      profile: 't',
      want: { status: 'expired', expiresAt: Date.parse('2026-11-24T11:00:00Z') },
      message: /temporary/,
    },
    {
      name: 'temporary keys without a recorded expiry',
      env: home('', '[t]\naws_access_key_id = ASIA\naws_session_token = t\n'),
      profile: 't',
      want: { status: 'unknown' },
      message: /no recorded expiry/,
    },
    {
      name: 'a role assumed from an SSO profile follows the SSO session (8 h left)',
      env: home(SSO_CONFIG, '', '2026-11-24T20:00:00Z'),
      profile: 'bedrock-role',
      want: { status: 'ok', expiresAt: Date.parse('2026-11-24T20:00:00Z'), next: 'none' },
      message: /AWS SSO session for "base" \(role assumed from "base"\)/,
    },
    {
      name: 'a role assumed from an SSO profile whose session ran out: sign in',
      env: home(SSO_CONFIG, '', '2026-11-24T11:59:00Z'),
      profile: 'bedrock-role',
      want: { status: 'expired', next: 'sign-in' },
      message: /SSO session/,
    },
    {
      name: 'credential_process: not visible',
      env: home('[profile cp]\ncredential_process = /usr/local/bin/get-creds\n', ''),
      profile: 'cp',
      want: { status: 'unknown' },
      message: /credential_process/,
    },
    {
      name: 'nothing at all: says how to set it up',
      env: home('', ''),
      profile: 'ghost',
      want: { status: 'error' },
      message: /no AWS credentials found for "ghost".*aws configure --profile ghost/,
    },
    {
      name: 'exported credentials with AWS_CREDENTIAL_EXPIRATION and no profile named',
      env: {
        ...home('', ''),
        AWS_ACCESS_KEY_ID: 'ASIA',
        AWS_SESSION_TOKEN: 't',
        AWS_CREDENTIAL_EXPIRATION: '2026-11-24T12:05:00Z',
      },
      profile: undefined,
      want: { status: 'expiring', expiresAt: Date.parse('2026-11-24T12:05:00Z') },
      message: /exported AWS credentials/,
    },
    {
      name: 'a named profile beats exported keys (as AWS_PROFILE does in the SDK)',
      env: {
        ...home('', '[dev]\naws_access_key_id = AKIA\n'),
        AWS_ACCESS_KEY_ID: 'ASIA',
        AWS_CREDENTIAL_EXPIRATION: '2026-11-24T11:00:00Z',
      },
      profile: 'dev',
      want: { status: 'ok' },
      message: /long-term/,
    },
  ])('$name', ({ env, profile, want, message }) => {
    const s = bedrockChainState('b', profile, env, NOW);
    expect(s).toMatchObject(want);
    expect(s.detail.message).toMatch(message);
    expect(JSON.stringify(s)).not.toMatch(/AKIA|ASIA|aws_secret/);
  });

  it('watches config, credentials and the SSO cache of the profile a role comes from', () => {
    const env = home(SSO_CONFIG, '');
    const files = awsFilesFor('bedrock-role', env);
    expect(files).toEqual([
      path.join(env.HOME!, '.aws', 'config'),
      path.join(env.HOME!, '.aws', 'credentials'),
      path.join(env.HOME!, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
    ]);
  });

  it('finds the credential_process the AWS SDK would run, in its order of precedence', () => {
    const config =
      '[profile cp]\ncredential_process = /opt/get-creds --role x\n' +
      '[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = cp\n' +
      '[profile both]\ncredential_process = /opt/never\n' +
      '[default]\ncredential_process = /opt/default-creds\n';
    const env = home(config, '[both]\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\n');
    expect(credentialProcessFor('cp', env)).toBe('/opt/get-creds --role x');
    expect(credentialProcessFor('role', env)).toBe('/opt/get-creds --role x'); // through source_profile
    expect(credentialProcessFor('both', env)).toBeUndefined(); // static keys rank above it
    expect(credentialProcessFor(undefined, env)).toBe('/opt/default-creds');
    expect(credentialProcessFor(undefined, { ...env, AWS_ACCESS_KEY_ID: 'ASIA' })).toBeUndefined(); // env keys win
    expect(credentialProcessFor('ghost', env)).toBeUndefined();
  });
});
