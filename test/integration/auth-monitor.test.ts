import { createHash, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import { AuthMonitor } from '../../main/core/auth-monitor';
import { systemClock, type Clock } from '../../main/core/clock';
import { ProfileService } from '../../main/core/profile-service';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { FakeClock } from '../support/fake-clock';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startFakeGoogleToken, type FakeGoogleToken } from '../support/fake-google';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { waitFor } from '../support/wait';

let kr: PrivateKeyring;
let api: FakeAnthropic;
let google: FakeGoogleToken;
const boxes: Sandbox[] = [];
const monitors: AuthMonitor[] = [];
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  kr = await startKeyring();
  // The keyring module talks to the session bus named in this process's environment.
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  api = await startFakeAnthropic();
  google = await startFakeGoogleToken();
});
afterEach(() => {
  monitors.splice(0).forEach((m) => m.stop());
});
afterAll(async () => {
  boxes.forEach((b) => b.cleanup());
  await api.close();
  await google.close();
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

const RUNTIME = { execPath: process.execPath, cliPath: '/x/cli.js', runAsNode: false, platform: 'linux' as const };

function world(clock: Clock = new FakeClock(Date.now()), googleTokenUrl = google.url) {
  const sb = sandbox();
  boxes.push(sb);
  const env = { ...sb.env, ...kr.env };
  const store = new KeyringSecretStore();
  const svc = new ProfileService(store, RUNTIME, env);
  const monitor = new AuthMonitor({
    env,
    store,
    clock,
    dataDir: sb.appDir,
    apiBaseUrl: api.url,
    googleTokenUrl,
    random: () => 1,
  });
  monitors.push(monitor);
  return { sb, env, store, svc, monitor, clock };
}

/** A helper script printing keys from a list, one per run, counting its runs in a file. */
function helperScript(sb: Sandbox, keys: readonly string[]): { command: string; runs: () => number } {
  const counter = path.join(sb.home, 'runs');
  const file = path.join(sb.home, 'helper.sh');
  const cases = keys.map((k, i) => `  ${i + 1}) echo ${k} ;;`).join('\n');
  fs.writeFileSync(
    file,
    `#!/bin/sh\nn=$(( $(cat '${counter}' 2>/dev/null || echo 0) + 1 ))\necho $n > '${counter}'\nsleep 0.05\ncase $n in\n${cases}\n  *) echo ${keys.at(-1)} ;;\nesac\n`,
    { mode: 0o755 },
  );
  return { command: `'${file}'`, runs: () => Number(fs.readFileSync(counter, 'utf8')) };
}

describe('AuthMonitor: helper keys with the real keychain, real scripts and a loopback API', () => {
  it('a revoked key leads to exactly one helper re-run and a new valid key', async () => {
    const { sb, svc, monitor, store } = world();
    const revoked = canaryKey('REVOKED');
    const fresh = canaryKey('FRESH');
    api.revoked.add(revoked);
    const h = helperScript(sb, [revoked, fresh]);
    const p = svc.add({ kind: 'api-key-helper', name: 'Vault', command: h.command });
    monitor.reload();
    await monitor.refresh(p.id);
    expect(h.runs()).toBe(2);
    expect(monitor.get(p.id)).toMatchObject({ status: 'ok', detail: { kind: 'valid' } });
    expect(JSON.parse(store.get(p.id)!).key).toBe(fresh);
    expect(JSON.stringify([...monitor.all().values()])).not.toContain(fresh);
    expect(filesContaining([sb.appDir, sb.claudeDir], fresh)).toEqual([]);
  });

  it('1,000 concurrent refresh triggers cause exactly 1 helper run', async () => {
    const { sb, svc, monitor } = world();
    const h = helperScript(sb, [canaryKey('ONE')]);
    const p = svc.add({ kind: 'api-key-helper', name: 'Once', command: h.command });
    monitor.reload();
    await Promise.all(Array.from({ length: 1000 }, () => monitor.refresh(p.id, 'unauthorized')));
    expect(h.runs()).toBe(1);
    expect(monitor.helperRuns).toBe(1);
  });

  it('schedules the next run a little before fetchedAt + TTL, following the TTL override', async () => {
    const { sb, svc, monitor, clock } = world();
    fs.writeFileSync(
      path.join(sb.claudeDir, 'settings.json'),
      JSON.stringify({ env: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '120000' } }),
    );
    const h = helperScript(sb, [canaryKey('TTL')]);
    const p = svc.add({ kind: 'api-key-helper', name: 'TTL', command: h.command });
    monitor.reload();
    const t0 = clock.now();
    await monitor.refresh(p.id);
    expect(monitor.get(p.id)?.expiresAt).toBe(t0 + 120_000);
    expect(monitor.scheduler.dueAt(p.id)).toBe(t0 + 108_000);
  });

  it('a cached key dated over a minute ahead (the clock set back since, or a confirmation so dated) is due at once, not a day later', async () => {
    const { sb, svc, monitor, store, clock } = world();
    const h = helperScript(sb, [canaryKey('AHEAD')]);
    const p = svc.add({ kind: 'api-key-helper', name: 'Ahead', command: h.command });
    const now = clock.now();
    const day = 86_400_000;
    // The keychain's item written while the clock was a day ahead.
    store.set(p.id, JSON.stringify({ v: 1, key: canaryKey('AHEAD'), fetchedAt: now + day }));
    monitor.reload();
    expect(monitor.scheduler.dueAt(p.id)).toBeLessThanOrEqual(now);
    expect(monitor.get(p.id)?.expiresAt ?? 0).toBeLessThan(now + day);
    // An item of now, confirmed by a stamp dated a day ahead.
    store.set(p.id, JSON.stringify({ v: 1, key: canaryKey('AHEAD'), fetchedAt: now - 1 }));
    fs.mkdirSync(path.join(sb.appDir, 'locks'), { recursive: true });
    fs.symlinkSync(`${now + day}-${now - 1}`, path.join(sb.appDir, 'locks', `helper-${p.id}.fetched`));
    monitor.reload();
    expect(monitor.scheduler.dueAt(p.id)).toBeLessThan(now + day);
    expect(monitor.get(p.id)?.expiresAt ?? 0).toBeLessThan(now + day);
    store.delete(p.id);
  });

  it('a failing helper becomes an error state with the typed kind, and backs off', async () => {
    const { sb, svc, monitor } = world();
    const file = path.join(sb.home, 'fail.sh');
    const secret = canaryKey('FAILSECRET');
    fs.writeFileSync(file, `#!/bin/sh\necho "token ${secret} expired" >&2\nexit 3\n`, { mode: 0o755 });
    const p = svc.add({ kind: 'api-key-helper', name: 'Fails', command: `'${file}'` });
    monitor.reload();
    await monitor.refresh(p.id);
    const s = monitor.get(p.id)!;
    expect(s).toMatchObject({ status: 'error', next: 'fix-helper', detail: { kind: 'helper-exit' } });
    expect(s.detail.message).not.toContain(secret);
    expect(monitor.scheduler.failures(p.id)).toBe(1);
  });

  it('a static key is checked: valid, then invalid once revoked, then missing', async () => {
    const { svc, monitor, store } = world();
    const key = canaryKey('STATIC');
    const p = svc.add({ kind: 'anthropic-api-key', name: 'Static' }, key);
    monitor.reload();
    await monitor.refresh(p.id);
    expect(monitor.get(p.id)).toMatchObject({ status: 'ok', detail: { kind: 'valid' } });
    api.revoked.add(key);
    await monitor.refresh(p.id);
    expect(monitor.get(p.id)).toMatchObject({ status: 'invalid', next: 'replace-key' });
    // The keychain item removed behind the app's back (e.g. in Seahorse): an error that says replace it.
    store.delete(p.id);
    await monitor.refresh(p.id);
    expect(monitor.get(p.id)).toMatchObject({
      status: 'error',
      next: 'replace-key',
      detail: { kind: 'secret-missing' },
    });
  });
});

describe('AuthMonitor: expiry from credential files, followed without polling', () => {
  it('Claude.ai, AWS SSO and Google ADC fixtures drive the states; touching them updates the state', async () => {
    const { sb, svc, monitor: real } = world(systemClock({ unref: true }));
    const sub = svc.add({ kind: 'claude-ai', name: 'Sub' });
    fs.mkdirSync(path.join(sb.home, '.aws'), { recursive: true });
    fs.writeFileSync(
      path.join(sb.home, '.aws', 'config'),
      '[profile prod]\nsso_session = corp\nregion = us-west-2\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const bed = svc.add({ kind: 'bedrock', name: 'Bed', region: 'us-west-2', awsProfile: 'prod', authMode: 'sso' });
    const vtx = svc.add({ kind: 'vertex', name: 'Vtx', projectId: 'my-project-1', region: 'us-east5' });
    let emitted = 0;
    real.subscribe(() => emitted++);
    real.reload();
    const st = (id: string): AuthState => real.get(id)!;
    expect(st(sub.id)).toMatchObject({ status: 'expired', next: 'sign-in', detail: { kind: 'not-logged-in' } });
    expect(st(bed.id)).toMatchObject({ status: 'expired', next: 'sign-in' });
    expect(st(vtx.id)).toMatchObject({ status: 'expired', next: 'sign-in' });

    // Claude Code logs in: a credentials file appears (with a refresh token: Claude Code renews it).
    const token = canaryKey('OAUTH');
    fs.writeFileSync(
      path.join(sb.claudeDir, '.credentials.json'),
      JSON.stringify({
        claudeAiOauth: {
          accessToken: token,
          refreshToken: 'r-' + token,
          expiresAt: Date.now() + 3600_000,
          scopes: ['user:inference'],
          subscriptionType: 'max',
        },
      }),
      { mode: 0o600 },
    );
    await waitFor(() => st(sub.id).status === 'ok');
    expect(st(sub.id).detail.message).toMatch(/max/);

    // aws sso login writes the token cache: 30 minutes left → expiring.
    const cache = path.join(sb.home, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const cacheFile = path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`);
    fs.writeFileSync(
      cacheFile,
      JSON.stringify({
        accessToken: 'aws-' + token,
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        region: 'us-east-1',
        startUrl: 'https://corp.awsapps.com/start',
      }),
    );
    await waitFor(() => st(bed.id).status === 'expiring');
    expect(st(bed.id).expiresAt).toBeGreaterThan(Date.now());
    // A new login: 8 hours left → ok.
    fs.writeFileSync(
      cacheFile,
      JSON.stringify({ accessToken: 'aws-' + token, expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString() }),
    );
    await waitFor(() => st(bed.id).status === 'ok');

    // gcloud auth application-default login writes ADC.
    const gdir = path.join(sb.home, '.config', 'gcloud');
    fs.mkdirSync(gdir, { recursive: true });
    fs.writeFileSync(
      path.join(gdir, 'application_default_credentials.json'),
      JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'y', refresh_token: 'z' }),
    );
    await waitFor(() => st(vtx.id).status === 'ok');
    expect(emitted).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify([...real.all().values()])).not.toContain(token);
  });

  it('Bedrock on the credential chain: temporary keys in ~/.aws/credentials are followed by their expiry key', async () => {
    const { sb, svc, monitor } = world(systemClock({ unref: true }));
    const b = svc.add({
      kind: 'bedrock',
      name: 'Chain',
      region: 'us-east-1',
      awsProfile: 'saml',
      authMode: 'aws-profile',
    });
    monitor.reload();
    expect(monitor.get(b.id)).toMatchObject({ status: 'error', detail: { kind: 'not-logged-in' } });
    const creds = (minutes: number): string =>
      `[saml]\naws_access_key_id = ASIAFAKE\naws_secret_access_key = ${canaryKey('AWS')}\naws_session_token = t\n` +
      `x_security_token_expires = ${new Date(Date.now() + minutes * 60_000).toISOString()}\n`;
    fs.mkdirSync(path.join(sb.home, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(sb.home, '.aws', 'credentials'), creds(20));
    await waitFor(() => monitor.get(b.id)?.status === 'expiring');
    fs.writeFileSync(path.join(sb.home, '.aws', 'credentials'), creds(8 * 60));
    await waitFor(() => monitor.get(b.id)?.status === 'ok');
    expect(monitor.get(b.id)?.expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);
  });

  it('an SSO profile configured after the app started: its new token cache is followed too', async () => {
    const { sb, svc, monitor } = world(systemClock({ unref: true }));
    const b = svc.add({ kind: 'bedrock', name: 'Late', region: 'us-east-1', awsProfile: 'late', authMode: 'sso' });
    monitor.reload();
    expect(monitor.get(b.id)?.status).toBe('error'); // no such AWS profile yet
    fs.mkdirSync(path.join(sb.home, '.aws'), { recursive: true });
    fs.writeFileSync(
      path.join(sb.home, '.aws', 'config'),
      '[profile late]\nsso_session = later\n[sso-session later]\nsso_start_url = https://later.awsapps.com/start\n',
    );
    await waitFor(() => monitor.get(b.id)?.status === 'expired');
    expect(monitor.get(b.id)).toMatchObject({ next: 'sign-in' });
    const cache = path.join(sb.home, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    await new Promise((r) => setTimeout(r, 300)); // let the watch settle on the new folder
    fs.writeFileSync(
      path.join(cache, `${createHash('sha1').update('later').digest('hex')}.json`),
      JSON.stringify({ expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString() }),
    );
    await waitFor(() => monitor.get(b.id)?.status === 'ok');
  });

  it('a session without refresh token turns expiring, then expired, by time alone (fake clock)', async () => {
    const clock = new FakeClock(Date.now());
    const { sb, svc, monitor } = world(clock);
    fs.writeFileSync(
      path.join(sb.claudeDir, '.credentials.json'),
      JSON.stringify({
        claudeAiOauth: {
          accessToken: 'x-access-token-000',
          expiresAt: clock.now() + 2 * 3600_000,
          subscriptionType: 'pro',
        },
      }),
    );
    const sub = svc.add({ kind: 'claude-ai', name: 'Sub2' });
    monitor.reload();
    expect(monitor.get(sub.id)?.status).toBe('ok');
    await clock.advance(61 * 60_000);
    expect(monitor.get(sub.id)?.status).toBe('expiring');
    await clock.advance(60 * 60_000);
    expect(monitor.get(sub.id)?.status).toBe('expired');
    expect(clock.pending).toBe(0);
  });
});

describe('AuthMonitor: Vertex ADC is tried against a (fake) Google token endpoint', () => {
  const writeAdc = (sb: Sandbox, adc: object): void => {
    const dir = path.join(sb.home, '.config', 'gcloud');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'application_default_credentials.json'), JSON.stringify(adc));
  };

  it('a working login is ok; a revoked one turns expired with "sign in" on the file change alone; no secret leaks', async () => {
    const { sb, svc, monitor } = world(systemClock({ unref: true }));
    const refresh = canaryKey('GREFRESH');
    writeAdc(sb, { type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: refresh });
    const vtx = svc.add({ kind: 'vertex', name: 'Vtx', projectId: 'my-project-1', region: 'us-east5' });
    const before = google.requests.length;
    monitor.reload();
    await waitFor(() => monitor.get(vtx.id)?.detail.kind === 'valid');
    expect(monitor.get(vtx.id)).toMatchObject({ status: 'ok', next: 'none' });
    expect(google.requests.slice(before)).toEqual([{ grantType: 'refresh_token', refreshToken: refresh }]);

    // Google revokes the login (password change, session policy): the next look says sign in again.
    const dead = canaryKey('GDEAD');
    google.revoked.add(dead);
    writeAdc(sb, { type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: dead });
    await waitFor(() => monitor.get(vtx.id)?.status === 'expired');
    expect(monitor.get(vtx.id)).toMatchObject({ next: 'sign-in', detail: { kind: 'not-logged-in' } });
    // profiles.json changes (a switch, an edit): the verdict stands and Google is not asked again.
    const asked = google.requests.length;
    monitor.reload();
    expect(monitor.get(vtx.id)).toMatchObject({ status: 'expired', next: 'sign-in' });
    await new Promise((r) => setTimeout(r, 200));
    expect(google.requests.length).toBe(asked);

    // gcloud auth application-default login again: ok.
    writeAdc(sb, { type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: refresh });
    await waitFor(() => monitor.get(vtx.id)?.status === 'ok');
    const shown = JSON.stringify([...monitor.all().values()]);
    for (const secret of [refresh, dead, 'csecret', 'ya29.fake']) expect(shown).not.toContain(secret);
    expect(filesContaining([sb.appDir, sb.claudeDir], refresh)).toEqual([]);
  });

  it('a service account signs its JWT; the endpoint verifies it; a wrong key means sign in again', async () => {
    const clock = new FakeClock(Date.now());
    const { sb, svc, monitor } = world(clock);
    const good = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    google.serviceAccounts.set('ci@my-project-1.iam.gserviceaccount.com', good.publicKey);
    const sa = (key: typeof good.privateKey): object => ({
      type: 'service_account',
      client_email: 'ci@my-project-1.iam.gserviceaccount.com',
      private_key: key.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: google.url,
    });
    writeAdc(sb, sa(good.privateKey));
    const vtx = svc.add({ kind: 'vertex', name: 'SA', projectId: 'my-project-1', region: 'us-east5' });
    monitor.reload();
    expect(monitor.scheduler.dueAt(vtx.id)).toBe(clock.now()); // checked at once
    await monitor.refresh(vtx.id);
    expect(monitor.get(vtx.id)).toMatchObject({ status: 'ok', detail: { kind: 'valid' } });
    expect(google.requests.at(-1)?.claims).toMatchObject({ iss: 'ci@my-project-1.iam.gserviceaccount.com' });
    // Checked again every 30 minutes, not more often.
    expect(monitor.scheduler.dueAt(vtx.id)).toBe(clock.now() + 30 * 60_000);

    writeAdc(sb, sa(other.privateKey));
    await monitor.refresh(vtx.id);
    expect(monitor.get(vtx.id)).toMatchObject({ status: 'expired', next: 'sign-in' });
  });

  it('Google out of reach is "not checked", never "sign in again"', async () => {
    const { sb, svc, monitor } = world(new FakeClock(Date.now()), 'http://127.0.0.1:9/token');
    writeAdc(sb, { type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: 'r' });
    const vtx = svc.add({ kind: 'vertex', name: 'Off', projectId: 'my-project-1', region: 'us-east5' });
    monitor.reload();
    await monitor.refresh(vtx.id);
    expect(monitor.get(vtx.id)).toMatchObject({ status: 'ok', next: 'none', detail: { kind: 'network' } });
    expect(monitor.get(vtx.id)?.detail.message).toMatch(/could not be reached/);
  });
});
