/** AppApi use cases that reach outside tools: Claude Code's own status and the providers' sign-in commands. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, cli, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
const boxes: Sandbox[] = [];
beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
});
afterAll(async () => {
  boxes.forEach((b) => b.cleanup());
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

/** An app whose PATH holds only fake `claude`/`aws` commands written by the test. */
function app(tools: Record<string, string>) {
  const sb = sandbox();
  boxes.push(sb);
  const bin = path.join(sb.home, 'bin');
  fs.mkdirSync(bin);
  for (const [name, body] of Object.entries(tools))
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  const env = { ...sb.env, ...kr.env, PATH: bin };
  const a = new AppApi({
    env,
    cwd: sb.home,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    apiBaseUrl: 'http://127.0.0.1:9',
  });
  return { a, sb };
}

const until = async (pred: () => boolean): Promise<void> => {
  const end = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('AppApi with Claude Code and the provider CLIs', () => {
  it('a Claude.ai login this app cannot read is taken from `claude auth status`', async () => {
    const { a } = app({
      claude: `[ "$1 $2" = "auth status" ] && echo '{"loggedIn":true,"authMethod":"claude.ai","apiProvider":"firstParty","subscriptionType":"max"}'`,
    });
    const v = await a.handlers['profiles:add']({ kind: 'claude-ai', name: 'Sub' });
    expect(v.state).toMatchObject({ status: 'expired', detail: { kind: 'not-logged-in' } });
    a.start();
    await until(() => a.snapshot().profiles[0]?.state.status === 'ok');
    expect(a.snapshot().profiles[0]?.state.detail.message).toBe(
      'signed in to Claude.ai (max), per `claude auth status`',
    );
    expect(a.snapshot().claudeInstalled).toBe(true);
    a.stop();
  });

  it("the verdict of the check `claude-auth-tray use` runs in the background reaches the tray's snapshot", async () => {
    // Claude Code confirms the helper until the test plants another answer (shell builtins only).
    const { a, sb } = app({
      claude: [
        '[ "$1 $2" = "auth status" ] || exit 2',
        '[ -f "$HOME/answer" ] && { read -r l < "$HOME/answer"; echo "$l"; exit 0; }',
        `echo '{"loggedIn":false,"authMethod":"api_key_helper","apiProvider":"firstParty","apiKeySource":"apiKeyHelper"}'`,
      ].join('\n'),
    });
    const k = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'K', secret: canaryKey() });
    await a.handlers['profiles:activate'](k.profile.id);
    a.start();
    const kinds = (): string[] => a.snapshot().warnings.map((w) => w.kind);
    expect(kinds()).not.toContain('claude-code-mismatch');
    fs.writeFileSync(
      path.join(sb.home, 'answer'),
      '{"loggedIn":false,"authMethod":"api_key","apiProvider":"firstParty","apiKeySource":"ANTHROPIC_API_KEY"}\n',
    );
    const seen: string[][] = [];
    a.onSnapshot((s) => seen.push(s.warnings.map((w) => w.kind)));
    const r = cli(['use', 'K'], { ...sb.env, ...kr.env, PATH: path.join(sb.home, 'bin') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Checking with Claude Code');
    const end = Date.now() + 30_000;
    while (!kinds().includes('claude-code-mismatch') && Date.now() < end)
      await new Promise((res) => setTimeout(res, 50));
    expect(a.snapshot().warnings[0]).toMatchObject({ kind: 'claude-code-mismatch' });
    expect(a.snapshot().warnings[0]?.message).toContain('bills the API key in ANTHROPIC_API_KEY, not the "K" key');
    // Its fix in the window's words (issue 17): no command of the CLI.
    expect(a.snapshot().warnings[0]?.fix).toMatch(/start Claude Code from a new terminal/);
    expect(a.snapshot().warnings[0]?.fix).not.toContain('claude-auth-tray');
    // Published to the window and tray, not only computed on request.
    expect(seen.some((w) => w.includes('claude-code-mismatch'))).toBe(true);
    a.stop();
  });

  it('"Sign in" runs the provider\'s own login command; a missing tool says how to install it', async () => {
    const { a, sb } = app({
      claude: `echo "$@" > '${path.join('$HOME', 'claude-args')}'`,
      aws: `echo "$@" > "$HOME/aws-args"`,
    });
    const sub = await a.handlers['profiles:add']({ kind: 'claude-ai', name: 'Sub' });
    const bed = await a.handlers['profiles:add']({
      kind: 'bedrock',
      name: 'Bed',
      region: 'us-west-2',
      authMode: 'sso',
      awsProfile: 'prod',
    });
    const vtx = await a.handlers['profiles:add']({
      kind: 'vertex',
      name: 'Vtx',
      projectId: 'my-project-1',
      region: 'us-east5',
    });
    expect(await a.handlers['signin:start'](sub.profile.id)).toMatchObject({
      started: true,
      command: 'claude auth login',
    });
    expect(await a.handlers['signin:start'](bed.profile.id)).toMatchObject({
      started: true,
      command: 'aws sso login --profile prod',
    });
    await until(() => fs.existsSync(path.join(sb.home, 'aws-args')));
    expect(fs.readFileSync(path.join(sb.home, 'aws-args'), 'utf8')).toBe('sso login --profile prod\n');
    const missing = await a.handlers['signin:start'](vtx.profile.id);
    expect(missing).toMatchObject({ started: false, command: 'gcloud auth application-default login' });
    expect(missing.message).toMatch(/Google Cloud CLI is not installed\. Install it/);
  });

  it('before a profile exists, the Add screen reads the provider login from real files and can start its sign-in', async () => {
    const { a, sb } = app({ gcloud: `echo "$@" > "$HOME/gcloud-args"` });
    const vertex = await a.handlers['provider:login']({ kind: 'vertex' });
    expect(vertex).toEqual({
      state: expect.objectContaining({
        status: 'expired',
        next: 'sign-in',
        detail: expect.objectContaining({ kind: 'not-logged-in' }),
      }),
      signInCommand: 'gcloud auth application-default login',
    });
    expect(await a.handlers['signin:start']({ kind: 'vertex' })).toMatchObject({ started: true });
    // The shell creates the file before echo writes the line: wait for the whole line (a fresh-clone CI
    // run read it empty in between).
    const args = path.join(sb.home, 'gcloud-args');
    await until(() => fs.existsSync(args) && fs.readFileSync(args, 'utf8').endsWith('\n'));
    expect(fs.readFileSync(args, 'utf8')).toBe('auth application-default login\n');

    // A Bedrock draft follows the chosen AWS profile's SSO session.
    fs.mkdirSync(path.join(sb.home, '.aws', 'sso', 'cache'), { recursive: true });
    fs.writeFileSync(
      path.join(sb.home, '.aws', 'config'),
      '[profile prod]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n',
    );
    fs.writeFileSync(
      path.join(sb.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ expiresAt: new Date(Date.now() + 6 * 3600_000).toISOString() }),
    );
    const bed = await a.handlers['provider:login']({ kind: 'bedrock', awsProfile: 'prod' });
    expect(bed.state).toMatchObject({ status: 'ok', detail: { message: 'AWS SSO session for "prod"' } });
    expect(bed.signInCommand).toBe('aws sso login --profile prod');
    expect((await a.handlers['provider:login']({ kind: 'claude-ai' })).signInCommand).toBe('claude auth login');
  });
});

describe("the window's doctor", () => {
  it('lists a keychain item that no profile owns by its account, never its secret; removing a profile leaves none', async () => {
    const { a } = app({});
    const store = new KeyringSecretStore();
    const orphan = `orphan-${Math.random().toString(36).slice(2, 8)}`;
    const secret = canaryKey('WINDOWORPHAN');
    store.set(orphan, secret);
    const key = canaryKey('WINDOWKEY');
    const v = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'Window key', secret: key });
    const findings = await a.handlers['doctor:run'](undefined);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'keychain-orphan', account: orphan }));
    expect(findings.filter((f) => f.account === v.profile.id)).toEqual([]);
    // The window's one-click fix only knows settings files: no button for this one, the CLI fixes it.
    expect(findings.find((f) => f.account === orphan)?.fixable).toBeUndefined();
    expect(JSON.stringify(findings)).not.toContain(secret);
    // In the window's words (issue 17): the keychain app, not `claude-auth-tray doctor --fix`.
    expect(findings.find((f) => f.account === orphan)?.fix).toContain('with your keychain app');
    for (const f of findings) {
      expect(f.fix, f.kind).not.toMatch(/claude-auth-tray |(^|\s|`)--[a-z]/);
      expect(f).not.toHaveProperty('windowFix');
    }
    await a.handlers['profiles:remove'](v.profile.id);
    expect(store.get(v.profile.id)).toBeUndefined();
    const after = await a.handlers['doctor:run'](undefined);
    expect(after.filter((f) => f.account === v.profile.id)).toEqual([]);
    store.delete(orphan);
  });
});

describe("the window's input is checked by the same core rules as the CLI's (issue 17)", () => {
  it('a key that does not look like one and an AWS region that is not one are refused, in window words', async () => {
    const { a } = app({});
    for (const secret of ['not-a-key', 'sk-ant-short']) {
      const err = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'W', secret }).catch((e) => e);
      expect(err).toMatchObject({ kind: 'invalid-argument' });
      expect(String(err.message)).not.toContain(secret);
      expect(err.shown('window').nextStep ?? '').not.toMatch(/--[a-z]/);
    }
    const region = await a.handlers['profiles:add']({ kind: 'bedrock', name: 'B', region: 'useast' }).catch((e) => e);
    expect(region).toMatchObject({ kind: 'invalid-argument' });
    expect(String(region.message)).toContain('not an AWS region');
    const ok = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'W', secret: canaryKey() });
    const edit = await a.handlers['profiles:update']({ id: ok.profile.id, changes: { secret: 'garbage' } }).catch(
      (e) => e,
    );
    expect(edit).toMatchObject({ kind: 'invalid-argument' });
    expect(a.snapshot().profiles.map((p) => p.profile.name)).toEqual(['W']);
  });
});
