/** Bedrock's awsCredentialExport command, run for real: its expiry is read, its keys never kept or shown. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportState, runCredentialExport } from '../../main/core/expiry/aws-export';
import { AuthMonitor, nextExportRun } from '../../main/core/auth-monitor';
import { ProfileService } from '../../main/core/profile-service';
import { ProfileStore } from '../../main/core/profile-store';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, filesContaining, sandbox } from '../support/cli';
import { FakeClock } from '../support/fake-clock';
import { systemClock } from '../../main/core/clock';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-export-'));
const boxes: { cleanup(): void }[] = [];
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  boxes.forEach((b) => b.cleanup());
});

const SECRET = canaryKey('AWSSECRET');
const json = (expiration?: string): string =>
  JSON.stringify({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
      SecretAccessKey: SECRET,
      SessionToken: `tok-${SECRET}`,
      ...(expiration ? { Expiration: expiration } : {}),
    },
  });
function script(name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return `'${p}'`;
}

describe('runCredentialExport with real scripts', () => {
  const NOW = Date.now();
  const in1h = new Date(NOW + 3600_000).toISOString();

  it('reads the Expiration; the state is ok with that expiry, and holds no key', async () => {
    const r = await runCredentialExport(script('good.sh', `cat <<'EOF'\n${json(in1h)}\nEOF`), { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: true, expiresAt: Date.parse(in1h) });
    const s = exportState('b', r, NOW);
    expect(s).toMatchObject({ status: 'ok', expiresAt: Date.parse(in1h), next: 'none' });
    expect(JSON.stringify([r, s])).not.toMatch(new RegExp(`${SECRET}|ASIAEXAMPLE`));
  });

  it('credentials that already expired say so; no Expiration at all is still ok', async () => {
    const past = await runCredentialExport(script('past.sh', `echo '${json('2020-01-01T00:00:00Z')}'`));
    expect(exportState('b', past, NOW)).toMatchObject({ status: 'expired', next: 'fix-helper' });
    const none = await runCredentialExport(script('none.sh', `echo '${json()}'`));
    expect(exportState('b', none, NOW)).toMatchObject({ status: 'ok' });
    expect(exportState('b', none, NOW).expiresAt).toBeUndefined();
  });

  it.each([
    ['banner.sh', `echo "Logging in..."; echo '${json(in1h)}'`, 'helper-invalid-output'],
    ['flat.sh', `echo '{"Version":1,"AccessKeyId":"ASIA","SecretAccessKey":"${SECRET}"}'`, 'helper-invalid-output'],
    ['empty.sh', 'exit 0', 'helper-empty'],
    [
      'fails.sh',
      `echo "${json(in1h)}" >/dev/null; echo "token for ${SECRET} expired: run aws sso login" >&2; exit 255`,
      'helper-exit',
    ],
    ['missing', '', 'helper-not-found'],
  ])('%s ends in its typed error; no key reaches the text', async (name, body, kind) => {
    const cmd = name === 'missing' ? '/nonexistent/get-aws-creds' : script(name, body);
    const r = await runCredentialExport(cmd, { timeoutMs: 5000 });
    expect(!r.ok && r.error.kind).toBe(kind);
    const s = exportState('b', r, NOW);
    expect(s).toMatchObject({ status: 'error', next: 'fix-helper' });
    expect(JSON.stringify(s)).not.toContain(SECRET);
    if (name === 'fails.sh') expect(s.detail.message).toMatch(/exited with code 255: .*run aws sso login/);
  });

  it('credential_process output ({"Version":1,…}) is read the same way; the export format is refused there', async () => {
    const flat = JSON.stringify({
      Version: 1,
      AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
      SecretAccessKey: SECRET,
      Expiration: in1h,
    });
    const ok = await runCredentialExport(script('process.sh', `echo '${flat}'`), { format: 'process' });
    expect(ok).toMatchObject({ ok: true, expiresAt: Date.parse(in1h) });
    expect(exportState('b', ok, NOW, 'process').detail.message).toMatch(/^the credential_process command works/);
    const wrong = await runCredentialExport(script('export-shape.sh', `echo '${json(in1h)}'`), { format: 'process' });
    expect(!wrong.ok && wrong.error.message).toMatch(/credential_process command did not print \{"Version":1/);
  });

  it('a hanging command is stopped at its timeout', async () => {
    const started = Date.now();
    const r = await runCredentialExport(script('hang.sh', 'sleep 300'), { timeoutMs: 500 });
    expect(!r.ok && r.error.kind).toBe('helper-timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('runs again 5 minutes before expiry, at most an hour out, at least a minute out', () => {
    expect(nextExportRun(NOW + 3600_000, NOW)).toBe(NOW + 55 * 60_000);
    expect(nextExportRun(NOW + 12 * 3600_000, NOW)).toBe(NOW + 60 * 60_000);
    expect(nextExportRun(NOW + 2 * 60_000, NOW)).toBe(NOW + 60_000);
    expect(nextExportRun(undefined, NOW)).toBe(NOW + 60 * 60_000);
  });
});

describe('AuthMonitor with a credential-export Bedrock profile', () => {
  it('runs the command at start and a little before expiry; an edit runs the new command at once', async () => {
    const sb = sandbox();
    boxes.push(sb);
    const clock = new FakeClock(Date.now());
    const expiry = new Date(clock.now() + 3600_000).toISOString();
    const counter = path.join(sb.home, 'runs');
    const cmd = script('counted.sh', `echo x >> '${counter}'\necho '${json(expiry)}'`);
    const store = new KeyringSecretStore(); // not used by this kind: it has no secret of ours
    const env = sb.env;
    const svc = new ProfileService(store, { execPath: 'node', cliPath: 'x', runAsNode: false, platform: 'linux' }, env);
    const p = svc.add({
      kind: 'bedrock',
      name: 'Export',
      region: 'us-east-1',
      authMode: 'credential-export',
      credentialExport: cmd,
    });
    const monitor = new AuthMonitor({ env, store, clock, dataDir: sb.appDir, random: () => 1 });
    monitor.reload();
    expect(monitor.get(p.id)).toMatchObject({ status: 'unknown', detail: { kind: 'not-checked' } });
    expect(monitor.scheduler.dueAt(p.id)).toBe(clock.now());
    await monitor.refresh(p.id, 'due');
    expect(monitor.get(p.id)).toMatchObject({ status: 'ok', expiresAt: Date.parse(expiry) });
    expect(monitor.scheduler.dueAt(p.id)).toBe(Date.parse(expiry) - 5 * 60_000);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);

    monitor.reload(); // profiles.json touched, same command: no extra run, same schedule
    expect(monitor.scheduler.dueAt(p.id)).toBe(Date.parse(expiry) - 5 * 60_000);
    const broken = script('broken.sh', 'echo nope >&2; exit 1');
    new ProfileStore(env).update((f) => ({
      file: { ...f, profiles: f.profiles.map((x) => (x.id === p.id ? { ...x, credentialExport: broken } : x)) },
      result: undefined,
    }));
    monitor.reload();
    expect(monitor.scheduler.dueAt(p.id)).toBe(clock.now());
    await monitor.refresh(p.id, 'due');
    expect(monitor.get(p.id)).toMatchObject({ status: 'error', next: 'fix-helper' });
    expect(monitor.get(p.id)?.detail.message).toMatch(/exited with code 1: “nope”\./);
    expect(JSON.stringify([...monitor.all().values()])).not.toContain(SECRET);
    expect(filesContaining([sb.home], SECRET)).toEqual([]);
    monitor.stop();
  });

  it("an AWS profile's credential_process is run like the AWS SDK runs it, and followed when ~/.aws/config changes", async () => {
    const sb = sandbox();
    boxes.push(sb);
    const expiry = new Date(Date.now() + 2 * 3600_000).toISOString();
    const counter = path.join(sb.home, 'process-runs');
    const proc = path.join(sb.home, 'proc.sh');
    fs.writeFileSync(
      proc,
      `#!/bin/sh\necho x >> '${counter}'\necho '{"Version":1,"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"${SECRET}","Expiration":"${expiry}"}'\n`,
      { mode: 0o755 },
    );
    fs.mkdirSync(path.join(sb.home, '.aws'));
    const config = path.join(sb.home, '.aws', 'config');
    fs.writeFileSync(config, '[profile ci]\nregion = us-east-1\n');
    const store = new KeyringSecretStore();
    const svc = new ProfileService(
      store,
      { execPath: 'node', cliPath: 'x', runAsNode: false, platform: 'linux' },
      sb.env,
    );
    const p = svc.add({ kind: 'bedrock', name: 'CI', region: 'us-east-1', awsProfile: 'ci', authMode: 'aws-profile' });
    const monitor = new AuthMonitor({ env: sb.env, store, clock: systemClock({ unref: true }), dataDir: sb.appDir });
    monitor.reload();
    expect(monitor.get(p.id)).toMatchObject({ status: 'error' }); // no credentials for "ci" yet
    fs.writeFileSync(config, `[profile ci]\nregion = us-east-1\ncredential_process = '${proc}'\n`);
    await waitUntil(() => monitor.get(p.id)?.status === 'ok');
    expect(monitor.get(p.id)).toMatchObject({ expiresAt: Date.parse(expiry) });
    expect(monitor.get(p.id)?.detail.message).toMatch(/^the credential_process command works/);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
    // Static keys take over (they rank above credential_process): the run's state gives way to the file's.
    fs.writeFileSync(path.join(sb.home, '.aws', 'credentials'), '[ci]\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\n');
    await waitUntil(() => monitor.get(p.id)?.detail.kind === 'no-expiry');
    expect(JSON.stringify([...monitor.all().values()])).not.toContain(SECRET);
    monitor.stop();
  });
});

async function waitUntil(pred: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
