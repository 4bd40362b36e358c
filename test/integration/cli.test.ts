import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryKey, cli, cliAsync, credentialExportScript, filesContaining, sandbox, sh } from '../support/cli';
import { startFakeAnthropic } from '../support/fake-anthropic';
import { startFakeGoogleToken } from '../support/fake-google';
import { sandboxForFile } from '../support/app-harness';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const shared = sandboxForFile();
const { sb, env } = shared;

const lookup = (id: string): string =>
  spawnSync('secret-tool', ['lookup', 'service', 'claude-auth-tray', 'username', id], { env, encoding: 'utf8' }).stdout;
const settings = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));

describe('claude-auth-tray CLI with the real Secret Service', () => {
  const key = canaryKey();
  let id = '';

  it('add stores the key in the keychain only, and prints the id', () => {
    const r = cli(['add', 'anthropic-api-key', '--name', 'Work key', '--key-stdin'], env, `${key}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    id = r.stdout.trim();
    expect(id).toMatch(/^work-key-[0-9a-f]{4}$/);
    expect(lookup(id)).toBe(key);
    expect(filesContaining([sb.appDir, sb.claudeDir], key)).toEqual([]);
  });

  it('use writes an apiKeyHelper that prints exactly the key through /bin/sh -c', () => {
    const r = cli(['use', 'Work key'], env);
    expect(r.code).toBe(0);
    const cmd = settings().apiKeyHelper as string;
    expect(cmd).toContain(`api-key --profile ${id}`);
    const run = sh(cmd, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${key}\n`);
    expect(run.stderr).toBe('');
    expect(filesContaining([sb.appDir, sb.claudeDir], key)).toEqual([]);
  });

  it('list, status and doctor show a masked hint at most, never the key', () => {
    for (const args of [['list'], ['list', '--json'], ['status'], ['status', '--json'], ['doctor', '--json']]) {
      const r = cli(args, env);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
    const status = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(status.activeProfileId).toBe(id);
    // Present in the keychain, never checked against the API (offline): not "ok" yet.
    expect(status.profiles[0].state.status).toBe('unknown');
    expect(status.profiles[0].state.hint).toBe(`sk-ant-…${key.slice(-4)}`);
  });

  it('api-key with an unknown profile fails with one line on stderr and nothing on stdout', () => {
    const r = cli(['api-key', '--profile', 'nope-0000'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^claude-auth-tray: No profile with id "nope-0000"\./);
  });

  it.each([
    [['add', 'bedrock', '--name', 'B'], /--region/],
    [['add', 'bedrock', '--name', 'B', '--region', 'Not A Region'], /--region/],
    [['add', 'vertex', '--name', 'V', '--region', 'us-east5'], /--project-id/],
    [['add', 'foundry', '--name', 'F'], /--resource|--base-url/],
    [['add', 'api-key-helper', '--name', 'H', '--command', 'x', '--ttl-ms', 'soon'], /--ttl-ms/],
    [['add', 'anthropic-api-key', '--name', 'K', '--base-url', 'ftp://x'], /--base-url|--key-stdin/],
    [['add', 'claude-ai', '--name', 'C', '--region', 'us-east-1'], /--region/],
    [['add', 'nope', '--name', 'N'], /unknown kind/],
    [['add', 'claude-ai', '--name', 'C', '--frobnicate'], /--frobnicate/],
    [
      [
        'add',
        'bedrock',
        '--name',
        'B',
        '--region',
        'us-east-1',
        '--sso',
        '--aws-profile',
        'p',
        '--credential-export',
        'x',
      ],
      /--sso and --credential-export exclude each other/,
    ],
    [
      ['add', 'bedrock', '--name', 'B', '--region', 'us-east-1', '--credential-export', ''],
      /--credential-export needs a command/,
    ],
    [
      [
        'add',
        'vertex',
        '--name',
        'V',
        '--project-id',
        'my-project-1',
        '--region',
        'global',
        '--credential-export',
        'x',
      ],
      /--credential-export does not apply/,
    ],
    [['use'], /missing <name\|id>/],
    [['frobnicate'], /unknown command/],
  ])('bad usage %j exits 2 and names the problem', (args, re) => {
    const r = cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a plaintext Bedrock key needs explicit consent, and status warns while it is in settings', () => {
    const secret = canaryKey('BEDROCK');
    const denied = cli(['add', 'bedrock', '--name', 'BK', '--region', 'us-east-1', '--key-stdin'], env, secret);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/--allow-plaintext-secret/);
    const ok = cli(
      ['add', 'bedrock', '--name', 'BK', '--region', 'us-east-1', '--key-stdin', '--allow-plaintext-secret'],
      env,
      secret,
    );
    expect(ok.code).toBe(0);
    expect(cli(['use', 'BK'], env).code).toBe(0);
    expect((settings().env as Record<string, string>).AWS_BEARER_TOKEN_BEDROCK).toBe(secret);
    const status = cli(['status'], env);
    expect(status.stdout).toMatch(/AWS_BEARER_TOKEN_BEDROCK is stored in plain text/);
    expect(status.stdout).not.toContain(secret);
    expect(cli(['use', 'Work key'], env).code).toBe(0);
    expect(settings().env).toBeUndefined();
    expect(cli(['status'], env).stdout).not.toMatch(/plain text/);
    expect(cli(['remove', 'BK'], env).code).toBe(0);
  });

  it('every subcommand has --help with the exit codes', () => {
    for (const c of ['add', 'list', 'status', 'use', 'remove', 'refresh', 'api-key', 'doctor']) {
      const r = cli([c, '--help'], env);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/Exit codes/);
    }
  });

  it('remove deletes the keychain item and the keys it wrote', () => {
    const r = cli(['remove', id], env);
    expect(r.code).toBe(0);
    expect(lookup(id)).toBe('');
    expect(settings().apiKeyHelper).toBeUndefined();
    expect(cli(['list', '--json'], env).stdout).not.toContain(id);
  });
});

describe('keychain failures', () => {
  it('a locked keyring: add fails with keychain-locked, exit 3, says how to unlock, and writes no file', async () => {
    const locked = await startKeyring({ locked: true });
    const s = sandbox(locked.env);
    const r = cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], s.env, canaryKey());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/locked or has no default keyring\. Unlock or start your keyring/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(s.appDir, 'profiles.json'))).toBe(false);
    s.cleanup();
    await locked.stop();
  });

  it('without a Secret Service, add fails with keychain-unavailable, exit 3, and writes no file', () => {
    const s = sandbox({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    const r = cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], s.env, canaryKey());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no Secret Service is available.*gnome-keyring/);
    expect(fs.existsSync(path.join(s.appDir, 'profiles.json'))).toBe(false);
    s.cleanup();
  });
});

describe('10 switches across all kinds through the CLI, on a real settings.json', () => {
  it("keeps every byte outside the app's keys; invalid JSON is never rewritten; backups exist", () => {
    const s = sandbox(shared.kr.env);
    const e = s.env;
    const rich = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rich-settings.json'), 'utf8');
    const file = path.join(s.claudeDir, 'settings.json');
    fs.writeFileSync(file, rich);
    const add = (args: string[], input?: string) => expect(cli(['add', ...args], e, input).code).toBe(0);
    add(['anthropic-api-key', '--name', 'Key', '--key-stdin', '--base-url', 'http://127.0.0.1:9'], canaryKey());
    add(['api-key-helper', '--name', 'Helper', '--command', 'echo x', '--ttl-ms', '60000']);
    add(['claude-ai', '--name', 'Sub']);
    add(['bedrock', '--name', 'BedSSO', '--region', 'us-west-2', '--aws-profile', 'prod', '--sso', '--model', 'm1']);
    add(
      ['bedrock', '--name', 'BedKey', '--region', 'us-east-1', '--key-stdin', '--allow-plaintext-secret'],
      'bedrock-key-0123456789',
    );
    add(['vertex', '--name', 'Vtx', '--project-id', 'my-project-1', '--region', 'global']);
    add(['foundry', '--name', 'Fdy', '--resource', 'res1']);
    add(['bedrock', '--name', 'BedExp', '--region', 'us-east-1', '--credential-export', '/opt/creds --profile x']);
    for (const name of ['Key', 'BedSSO', 'Helper', 'Vtx', 'Fdy', 'BedKey', 'Sub', 'BedExp', 'Vtx', 'BedSSO']) {
      const r = cli(['use', name], e);
      expect(r.code, r.stderr).toBe(0);
      const now = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(now.hooks).toEqual(JSON.parse(rich).hooks);
      expect(now.env.FOO).toBe('bär — ünïcødé ✓ 日本語');
    }
    expect(cli(['use', 'Sub'], e).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(rich);
    const backups = fs.readdirSync(path.join(s.appDir, 'backups', fs.readdirSync(path.join(s.appDir, 'backups'))[0]!));
    expect(backups).toContain('original.json');
    expect(backups.filter((b) => b.startsWith('before-'))).toHaveLength(5);
    // A broken file: `use` refuses, names line and column, and leaves the bytes alone.
    const broken = rich.replace('"cleanupPeriodDays": 30', '"cleanupPeriodDays": 30,');
    fs.writeFileSync(file, broken);
    const r = cli(['use', 'Key'], e);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not valid JSON: .* at line \d+, column \d+\. Fix the file/);
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    s.cleanup();
  });
});

describe('doctor', () => {
  let own: PrivateKeyring | undefined;
  afterEach(async () => {
    await own?.stop(); // also after a failed assertion
    own = undefined;
  });

  it('finds a plaintext key in project settings (tracked by git) and in the environment; --fix moves the file one into the keychain', async () => {
    // Its own keyring: the shared one holds other tests' items, which doctor would list as orphans.
    own = await startKeyring();
    const s = sandbox(own.env);
    const project = path.join(s.home, 'repo');
    fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
    const key = canaryKey('DOCTOR');
    const exported = canaryKey('EXPORTED');
    fs.writeFileSync(
      path.join(project, '.claude', 'settings.json'),
      JSON.stringify({ env: { ANTHROPIC_API_KEY: key, KEEP: 'me' } }, null, 2),
    );
    const git = (...a: string[]) =>
      spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], {
        cwd: project,
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '.claude/settings.json');
    git('commit', '-qm', 'settings');
    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js'), ...args], {
        cwd: project,
        env: { ...s.env, ...extra },
        encoding: 'utf8',
      });
    const found = run(['doctor', '--json'], { ANTHROPIC_API_KEY: exported });
    expect(found.status).toBe(4);
    const kinds = (JSON.parse(found.stdout) as { findings: { kind: string }[] }).findings.map((f) => f.kind).sort();
    expect(kinds).toEqual(['plaintext-in-settings', 'secret-in-environment', 'settings-tracked-by-git']);
    expect(found.stdout).not.toContain(key);
    expect(found.stdout).not.toContain(exported);
    const fixed = run(['doctor', '--fix']);
    expect(fixed.stdout).toMatch(
      /Moved the key from .*settings\.json into the keychain as "Imported key" and pinned that profile to .*repo /,
    );
    expect(fixed.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(project, '.claude', 'settings.json'), 'utf8'))).toEqual({
      env: { KEEP: 'me' },
    });
    // A project's key pays for that project only: pinned there (audit3), not made active for the user.
    const local = path.join(project, '.claude', 'settings.local.json');
    const helper = JSON.parse(fs.readFileSync(local, 'utf8')).apiKeyHelper as string;
    expect(sh(helper, s.env).stdout).toBe(`${key}\n`);
    expect(fs.existsSync(path.join(s.claudeDir, 'settings.json'))).toBe(false);
    expect(filesContaining([s.appDir, s.claudeDir, project], key)).toEqual([]);
    s.cleanup();
  });
});

describe('concurrent CLI calls', () => {
  it('eight `add` at the same moment all land in profiles.json', async () => {
    const s = sandbox(shared.kr.env);
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        cliAsync(['add', 'vertex', '--name', `V${i}`, '--project-id', 'my-project-1', '--region', 'us-east5'], s.env),
      ),
    );
    expect(rs.map((r) => r.code)).toEqual(Array(8).fill(0));
    const names = (JSON.parse(cli(['list', '--json'], s.env).stdout) as { profiles: { name: string }[] }).profiles
      .map((p) => p.name)
      .sort();
    expect(names).toEqual(['V0', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7']);
    s.cleanup();
  });
});

describe('refresh checks what can be checked and says so', () => {
  it('a static key against the API, Google ADC by a token mint, a file-based login from its file', async () => {
    const api = await startFakeAnthropic();
    const google = await startFakeGoogleToken();
    const s = sandbox(shared.kr.env);
    try {
      const key = canaryKey('REFRESH');
      const add = await cliAsync(
        ['add', 'anthropic-api-key', '--name', 'K', '--key-stdin', '--base-url', api.url],
        s.env,
        key,
      );
      expect(add.code, add.stderr).toBe(0);
      const ok = await cliAsync(['refresh', 'K'], s.env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^Checked K \(Anthropic API key\): ok · The key works\./);
      expect(api.requests.at(-1)).toMatchObject({ path: '/v1/models', apiKey: key });
      api.revoked.add(key);
      const bad = await cliAsync(['refresh', 'K', '--json'], s.env);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout).state).toMatchObject({ status: 'invalid', next: 'replace-key' });
      expect(ok.stdout + ok.stderr + bad.stdout + bad.stderr).not.toContain(key);

      // A service account ADC whose token_uri is the fake endpoint: the mint is real, signature included.
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      google.serviceAccounts.set('ci@my-project-1.iam.gserviceaccount.com', pair.publicKey);
      const adc = path.join(s.home, '.config', 'gcloud', 'application_default_credentials.json');
      fs.mkdirSync(path.dirname(adc), { recursive: true });
      const writeSa = (pem: string): void =>
        fs.writeFileSync(
          adc,
          JSON.stringify({
            type: 'service_account',
            client_email: 'ci@my-project-1.iam.gserviceaccount.com',
            private_key: pem,
            token_uri: google.url,
          }),
        );
      writeSa(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      expect(
        (
          await cliAsync(
            ['add', 'vertex', '--name', 'V', '--project-id', 'my-project-1', '--region', 'us-east5'],
            s.env,
          )
        ).code,
      ).toBe(0);
      const v = await cliAsync(['refresh', 'V'], s.env);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toMatch(/Checked V \(Google Vertex AI\): ok · Google issued a token/);
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeSa(stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      const dead = await cliAsync(['refresh', 'V'], s.env);
      expect(dead.code).toBe(1);
      expect(dead.stdout).toMatch(/not signed in · Google no longer accepts this login/);

      // A Bedrock credential command: `use` writes awsCredentialExport; refresh runs it and shows the expiry.
      const secretKey = canaryKey('AWSKEY');
      const expiry = new Date(Date.now() + 3 * 3600_000).toISOString();
      const creds = credentialExportScript(s.home, secretKey, expiry);
      const addExport = await cliAsync(
        ['add', 'bedrock', '--name', 'Exp', '--region', 'us-east-1', '--credential-export', creds],
        s.env,
      );
      expect(addExport.code, addExport.stderr).toBe(0);
      expect((await cliAsync(['use', 'Exp'], s.env)).code).toBe(0);
      const written = JSON.parse(fs.readFileSync(path.join(s.claudeDir, 'settings.json'), 'utf8'));
      expect(written.awsCredentialExport).toBe(creds);
      expect(written.env).toMatchObject({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' });
      const exp = await cliAsync(['refresh', 'Exp', '--json'], s.env);
      expect(exp.code, exp.stderr).toBe(0);
      expect(JSON.parse(exp.stdout).state).toMatchObject({ status: 'ok', expiresAt: Date.parse(expiry) });
      const st = await cliAsync(['status'], s.env);
      expect(exp.stdout + st.stdout + st.stderr).not.toContain(secretKey);
      expect(filesContaining([s.appDir, s.claudeDir], secretKey)).toEqual([]);

      expect((await cliAsync(['add', 'claude-ai', '--name', 'Sub'], s.env)).code).toBe(0);
      const sub = await cliAsync(['refresh', 'Sub'], s.env);
      expect(sub.code).toBe(1);
      expect(sub.stdout).toMatch(/Checked Sub \(Claude\.ai subscription\): not signed in · /);
    } finally {
      s.cleanup();
      await api.close();
      await google.close();
    }
  });
});
