/**
 * Compatibility suite against the real Claude Code CLI (npm @anthropic-ai/claude-code, pinned).
 * Each case: its own temp HOME, CLAUDE_CONFIG_DIR and private Secret Service; our CLI sets things
 * up; then the real `claude -p` runs against a fake Anthropic API on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, ROOT, sandbox, type Sandbox } from '../support/cli';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { FAKE_BEDROCK_REPLY, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const CLAUDE = path.join(ROOT, 'node_modules', '.bin', 'claude');
const VERSION = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8' }).stdout.trim();

let api: FakeAnthropic;
let bedrock: FakeBedrock;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;

beforeAll(async () => {
  // Say clearly which Claude Code this suite ran against.
  console.log(`compat: Claude Code ${VERSION || '(not found)'} at ${CLAUDE}`);
  api = await startFakeAnthropic();
  bedrock = await startFakeBedrock();
});
afterAll(async () => {
  await api.close();
  await bedrock.close();
});
afterEach(async () => {
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
  api.requests.length = 0;
  bedrock.requests.length = 0;
  api.revoked.clear();
});

async function world(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  kr = await startKeyring();
  sb = sandbox();
  return {
    ...sb.env,
    ...kr.env,
    PATH: `${path.dirname(CLAUDE)}:${process.env.PATH}`,
    ANTHROPIC_BASE_URL: api.url,
    // Bedrock mode goes to the fake Bedrock; the AWS SDK must not probe instance metadata.
    ANTHROPIC_BEDROCK_BASE_URL: bedrock.url,
    ANTHROPIC_VERTEX_BASE_URL: `${api.url}/v1`,
    AWS_EC2_METADATA_DISABLED: 'true',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...extra,
  };
}

interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function claudeP(env: NodeJS.ProcessEnv, prompt = 'Say hi'): Promise<ClaudeRun> {
  return new Promise((resolve) => {
    const c = spawn(CLAUDE, ['-p', prompt], { env, cwd: sb!.home, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), 90_000);
    c.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

const messages = () => api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');

function helperScript(keys: readonly string[]): { command: string; runs: () => number } {
  const counter = path.join(sb!.home, 'helper-runs');
  const file = path.join(sb!.home, 'company helper.sh');
  const cases = keys.map((k, i) => `  ${i + 1}) echo ${k} ;;`).join('\n');
  fs.writeFileSync(
    file,
    `#!/bin/sh\nn=$(( $(cat '${counter}' 2>/dev/null || echo 0) + 1 ))\necho $n > '${counter}'\ncase $n in\n${cases}\n  *) echo ${keys.at(-1)} ;;\nesac\n`,
    { mode: 0o755 },
  );
  return { command: `'${file}'`, runs: () => (fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0) };
}

describe(`real Claude Code (${VERSION})`, () => {
  it('an API-key profile: Claude Code sends exactly the keychain key and gets the answer', async () => {
    const env = await world();
    const key = canaryKey('COMPAT');
    expect(cli(['add', 'anthropic-api-key', '--name', 'Work', '--key-stdin'], env, key).code).toBe(0);
    expect(cli(['use', 'Work'], env).code).toBe(0);
    const r = await claudeP(env);
    expect(r.stdout).toContain(FAKE_REPLY);
    expect(r.code).toBe(0);
    expect(messages().length).toBeGreaterThan(0);
    for (const m of messages()) expect(m.apiKey).toBe(key);
  });

  it("a helper profile: Claude Code gets the helper's key, and the user's helper runs once for several runs inside the TTL", async () => {
    const env = await world();
    const key = canaryKey('HELPER');
    const h = helperScript([key]);
    expect(cli(['add', 'api-key-helper', '--name', 'Vault', '--command', h.command], env).code).toBe(0);
    expect(cli(['use', 'Vault'], env).code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const r = await claudeP(env);
      expect(r.stdout).toContain(FAKE_REPLY);
    }
    expect(messages().length).toBeGreaterThanOrEqual(3);
    for (const m of messages()) expect(m.apiKey).toBe(key);
    expect(h.runs()).toBe(1);
  });

  it("a helper profile with the keyring locked: Claude Code still gets the user's key (not cached) and works", async () => {
    const env = await world();
    const key = canaryKey('HELPERLOCKED');
    const h = helperScript([key]);
    const add = cli(['add', 'api-key-helper', '--name', 'Vault', '--command', h.command], env);
    expect(add.code, add.stderr).toBe(0);
    expect(cli(['use', 'Vault'], env).code).toBe(0);
    kr!.lock();
    for (let i = 0; i < 2; i++) {
      const r = await claudeP(env);
      expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
      expect(r.code).toBe(0);
      // The helper's note on stderr does not reach Claude Code's output (and holds no secret).
      expect(r.stdout + r.stderr).not.toMatch(/cache is off/);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
    expect(messages().length).toBeGreaterThanOrEqual(2);
    for (const m of messages()) expect(m.apiKey).toBe(key);
    // Nothing cached: each session ran the user's command.
    expect(h.runs()).toBeGreaterThanOrEqual(2);
    expect(filesContaining([sb!.appDir, sb!.claudeDir], key)).toEqual([]);
  });

  it("revocation: after a 401, Claude Code's retry receives a fresh key from the user's helper", async () => {
    const env = await world();
    const revoked = canaryKey('REVOKED');
    const fresh = canaryKey('FRESH');
    api.revoked.add(revoked);
    const h = helperScript([revoked, fresh]);
    expect(cli(['add', 'api-key-helper', '--name', 'Vault', '--command', h.command], env).code).toBe(0);
    expect(cli(['use', 'Vault'], env).code).toBe(0);
    const r = await claudeP(env);
    expect(r.stdout).toContain(FAKE_REPLY);
    expect(r.code).toBe(0);
    expect(messages().map((m) => m.apiKey)).toEqual([revoked, fresh]);
    expect(h.runs()).toBe(2);
    // The next session is served the fresh key from the cache, without running the helper again.
    const again = await claudeP(env);
    expect(again.stdout).toContain(FAKE_REPLY);
    expect(messages().at(-1)?.apiKey).toBe(fresh);
    expect(h.runs()).toBe(2);
  });

  it('switching API key → Claude.ai subscription → API key: each run uses what was switched to', async () => {
    const env = await world();
    const key = canaryKey('SWITCH');
    // Claude Code's own (fake) login, as `claude auth login` would leave it; this app never writes it.
    const oauth = 'sk-ant-oat01-FAKEOAUTHTOKEN-for-tests-only';
    const cred = path.join(sb!.claudeDir, '.credentials.json');
    fs.writeFileSync(
      cred,
      JSON.stringify({
        claudeAiOauth: {
          accessToken: oauth,
          refreshToken: 'sk-ant-ort01-FAKE-refresh',
          expiresAt: Date.now() + 86_400_000,
          scopes: ['user:inference', 'user:profile'],
          subscriptionType: 'max',
        },
      }),
      { mode: 0o600 },
    );
    const credBefore = fs.readFileSync(cred, 'utf8');
    cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], env, key);
    cli(['add', 'claude-ai', '--name', 'Sub'], env);

    expect(cli(['use', 'Key'], env).code).toBe(0);
    await claudeP(env);
    expect(messages().at(-1)).toMatchObject({ apiKey: key });

    const useSub = cli(['use', 'Sub', '--check'], env);
    expect(useSub.stdout).toMatch(/Claude Code confirms it will use: your Claude\.ai login/);
    const n = messages().length;
    const sub = await claudeP(env);
    expect(sub.stdout).toContain(FAKE_REPLY);
    const subMsgs = messages().slice(n);
    expect(subMsgs.length).toBeGreaterThan(0);
    for (const m of subMsgs) {
      expect(m.apiKey).toBeUndefined();
      expect(m.authorization).toBe(`Bearer ${oauth}`);
    }

    expect(cli(['use', 'Key'], env).code).toBe(0);
    await claudeP(env);
    expect(messages().at(-1)).toMatchObject({ apiKey: key });
    expect(fs.readFileSync(cred, 'utf8')).toBe(credBefore);
  });

  it("settings written by the app next to the user's hooks and permissions are accepted without warnings", async () => {
    const env = await world();
    const settingsFile = path.join(sb!.claudeDir, 'settings.json');
    const hookLog = path.join(sb!.home, 'hook.log');
    const mine = {
      permissions: { allow: ['Bash(echo:*)'], deny: ['Read(./.env)'] },
      hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: `echo hook-ran >> '${hookLog}'` }] }] },
      env: { MY_OWN_VAR: 'kept' },
      cleanupPeriodDays: 20,
    };
    const original = JSON.stringify(mine, null, 4) + '\n';
    fs.writeFileSync(settingsFile, original);
    const key = canaryKey('HOOKS');
    cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin', '--base-url', api.url], env, key);
    expect(cli(['use', 'K'], env).code).toBe(0);
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    expect(written).toMatchObject({ ...mine, env: { MY_OWN_VAR: 'kept', ANTHROPIC_BASE_URL: api.url } });
    const r = await claudeP(env);
    expect(r.stdout).toContain(FAKE_REPLY);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(hookLog, 'utf8')).toContain('hook-ran');
    cli(['remove', 'K'], env);
    expect(fs.readFileSync(settingsFile, 'utf8')).toBe(original);
  });

  it('a planted ANTHROPIC_API_KEY that beats the helper is reported by use and status, with the fix', async () => {
    const planted = canaryKey('PLANTED');
    const env = await world({ ANTHROPIC_API_KEY: planted });
    cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], env, canaryKey('MINE'));
    // use asks the real Claude Code in the background; status shows its verdict.
    const use = cli(['use', 'K'], env);
    expect(use.stdout).toContain('Checking with Claude Code (`claude auth status`) in the background');
    const text = cli(['status'], env).stdout;
    expect(text).toMatch(
      /Warning: Claude Code bills the API key in ANTHROPIC_API_KEY \(exported in your shell\), not the "K" key\. Remove the export/,
    );
    const status = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(status.claudeCode).toMatchObject({ apiKeySource: 'ANTHROPIC_API_KEY' });
    expect(status.warnings[0]).toMatchObject({ kind: 'claude-code-mismatch' });
    expect(JSON.stringify(status) + text + use.stdout + use.stderr).not.toContain(planted);
    // And indeed Claude Code sends the planted key, not ours.
    await claudeP(env);
    expect(messages().at(-1)?.apiKey).toBe(planted);
  });

  it('a Bedrock credential command: Claude Code runs the awsCredentialExport we wrote and signs with its keys', async () => {
    const env = await world();
    const secret = canaryKey('AWSSECRET');
    const counter = path.join(sb!.home, 'export-runs');
    const script = path.join(sb!.home, 'get aws creds.sh');
    fs.writeFileSync(
      script,
      `#!/bin/sh\necho x >> '${counter}'\necho '{"Credentials":{"AccessKeyId":"ASIACOMPATEXPORT0001","SecretAccessKey":"${secret}","SessionToken":"session-${secret}","Expiration":"${new Date(Date.now() + 3600_000).toISOString()}"}}'\n`,
      { mode: 0o755 },
    );
    const command = `'${script}'`;
    const add = cli(
      ['add', 'bedrock', '--name', 'Bedrock CI', '--region', 'eu-west-1', '--credential-export', command],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(cli(['use', 'Bedrock CI'], env).code).toBe(0);
    const r = await claudeP(env);
    expect(r.stdout).toContain(FAKE_BEDROCK_REPLY);
    expect(r.code).toBe(0);
    const stream = bedrock.requests.filter((q) => q.path.endsWith('/invoke-with-response-stream'));
    expect(stream.length).toBeGreaterThan(0);
    for (const q of bedrock.requests)
      expect(q).toMatchObject({
        accessKeyId: 'ASIACOMPATEXPORT0001',
        region: 'eu-west-1',
        securityToken: `session-${secret}`,
      });
    expect(messages()).toEqual([]); // nothing went to the Anthropic API
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
    // Our refresh runs the same command and reads the same expiry, keeping none of the keys.
    const refresh = cli(['refresh', 'Bedrock CI'], env);
    expect(refresh.stdout).toMatch(/: ok · expires in (59|60) min · the credential export command works/);
    expect(refresh.stdout + refresh.stderr).not.toContain(secret);
  });

  it('a Bedrock AWS profile: Claude Code follows the AWS_PROFILE we wrote; switching back to a key leaves Bedrock', async () => {
    const env = await world();
    fs.mkdirSync(path.join(sb!.home, '.aws'), { recursive: true });
    fs.writeFileSync(
      path.join(sb!.home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIADEFAULTPROFILE01\naws_secret_access_key = d\n\n' +
        '[team]\naws_access_key_id = AKIATEAMPROFILE00001\naws_secret_access_key = t\n',
    );
    expect(cli(['add', 'bedrock', '--name', 'Team', '--region', 'us-west-2', '--aws-profile', 'team'], env).code).toBe(
      0,
    );
    const key = canaryKey('AFTERBEDROCK');
    expect(cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], env, key).code).toBe(0);
    expect(cli(['use', 'Team'], env).code).toBe(0);
    expect(
      JSON.parse(cli(['status', '--json'], env).stdout).profiles.find((p: { name: string }) => p.name === 'Team').state,
    ).toMatchObject({
      status: 'ok',
      detail: { kind: 'no-expiry' },
    });
    const r = await claudeP(env);
    expect(r.stdout).toContain(FAKE_BEDROCK_REPLY);
    expect(new Set(bedrock.requests.map((q) => q.accessKeyId))).toEqual(new Set(['AKIATEAMPROFILE00001']));
    expect(cli(['use', 'Key'], env).code).toBe(0);
    const before = bedrock.requests.length;
    const back = await claudeP(env);
    expect(back.stdout).toContain(FAKE_REPLY);
    expect(bedrock.requests.length).toBe(before);
    expect(messages().at(-1)?.apiKey).toBe(key);
  });

  it('Claude Platform on AWS: Claude Code runs the awsCredentialExport we wrote, signs for aws-external-anthropic and names the workspace', async () => {
    const env = await world();
    const secret = canaryKey('AWSSECRET');
    const script = path.join(sb!.home, 'get aws creds.sh');
    fs.writeFileSync(
      script,
      `#!/bin/sh\necho '{"Credentials":{"AccessKeyId":"ASIACOMPATPLATFORM01","SecretAccessKey":"${secret}","SessionToken":"session-${secret}","Expiration":"${new Date(Date.now() + 3600_000).toISOString()}"}}'\n`,
      { mode: 0o755 },
    );
    const add = cli(
      [
        'add',
        'claude-platform-aws',
        '--name',
        'Platform',
        '--workspace-id',
        'wrkspc_compat01',
        '--region',
        'us-west-2',
        '--credential-export',
        `'${script}'`,
        '--base-url',
        api.url,
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const use = cli(['use', 'Platform', '--check'], env);
    expect(use.code).toBe(0);
    // Claude Code itself confirms the provider (its apiProvider name, which compareAuth expects).
    expect(use.stdout).toMatch(
      /Claude Code confirms it will use: the cloud provider’s credentials, Claude Platform on AWS\./,
    );
    const r = await claudeP(env);
    expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
    const sent = messages();
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(q.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIACOMPATPLATFORM01\/\d{8}\/us-west-2\/aws-external-anthropic\//,
      );
      expect(q.workspaceId).toBe('wrkspc_compat01');
      expect(q.apiKey).toBeUndefined();
    }
  });

  it('an LLM gateway: Claude Code sends the keychain token as x-api-key and Bearer, with the custom header; auth status names the helper', async () => {
    const env = await world();
    // The gateway's address comes from the settings we write, not from the shell.
    delete env.ANTHROPIC_BASE_URL;
    const token = canaryKey('GATEWAY');
    const outputs: string[] = [];
    const run = (args: string[], input?: string) => {
      const r = cli(args, env, input);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const add = run(
      [
        'add',
        'gateway',
        '--name',
        'Gateway',
        '--base-url',
        api.url,
        '--key-stdin',
        '--header',
        'X-Gateway-Team: compat',
      ],
      token,
    );
    expect(add.code, add.stderr).toBe(0);
    const use = run(['use', '--check', 'Gateway']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toMatch(/Claude Code confirms it will use: the key from apiKeyHelper/);
    const status = spawnSync(CLAUDE, ['auth', 'status'], { env, cwd: sb!.home, encoding: 'utf8' });
    outputs.push(status.stdout, status.stderr);
    console.log(`compat: claude auth status for a gateway: ${status.stdout.trim()}`);
    expect(JSON.parse(status.stdout)).toMatchObject({ authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper' });
    const r = await claudeP(env);
    outputs.push(r.stdout, r.stderr);
    expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
    const sent = messages();
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(q.apiKey).toBe(token);
      expect(q.authorization).toBe(`Bearer ${token}`);
      expect(q.gatewayTeam).toBe('compat');
    }
    expect(outputs.filter((o) => o.includes(token))).toEqual([]);
    expect(filesContaining([sb!.home], token)).toEqual([]);
  });

  it('a Vertex profile: Claude Code sends its requests to the project and region we wrote', async () => {
    // Claude Code's Google client mints tokens at Google's fixed endpoint, which cannot be faked
    // offline, so auth is skipped (CLAUDE_CODE_SKIP_VERTEX_AUTH); our own ADC check is covered by the
    // monitor and CLI tests against a fake token endpoint.
    const env = await world({ CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' });
    expect(
      cli(['add', 'vertex', '--name', 'Vtx', '--project-id', 'compat-project-1', '--region', 'europe-west1'], env).code,
    ).toBe(0);
    const key = canaryKey('AFTERVERTEX');
    expect(cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], env, key).code).toBe(0);
    expect(cli(['use', 'Vtx'], env).code).toBe(0);
    const r = await claudeP(env);
    expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
    const calls = api.requests.filter((q) => q.vertex);
    expect(calls.length).toBeGreaterThan(0);
    for (const q of calls) expect(q.vertex).toMatchObject({ project: 'compat-project-1', region: 'europe-west1' });
    expect(messages()).toEqual([]);
    expect(cli(['use', 'Key'], env).code).toBe(0);
    const back = await claudeP(env);
    expect(back.stdout).toContain(FAKE_REPLY);
    expect(messages().at(-1)?.apiKey).toBe(key);
  });
});
