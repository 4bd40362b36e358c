/**
 * Issue 14 against the real Claude Code: several Claude.ai accounts, each login in its own folder,
 * selected by CLAUDE_SECURESTORAGE_CONFIG_DIR in settings.json. The fake API records the bearer of
 * every request; every step's files are searched for the planted tokens, which must stay in the one
 * `.credentials.json` Claude Code keeps them in.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, sandbox, type Sandbox } from '../support/cli';
import {
  claudeRun,
  filesWithTokens,
  login,
  loginWrapper,
  plantLogin,
  realClaudeEnv,
  REAL_CLAUDE,
  type PlantedLogin,
} from '../support/claude-accounts';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let api: FakeAnthropic;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
const tmp: string[] = [];

beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  sb?.cleanup();
  await kr?.stop();
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  sb = undefined;
  kr = undefined;
  api.requests.length = 0;
});

async function world(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  kr = await startKeyring();
  sb = sandbox();
  return {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(api.url),
    ...extra,
  };
}

const bearers = (): (string | undefined)[] =>
  api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').map((r) => r.authorization);

/** Runs `claude -p` and returns the bearers of its messages requests (all of them must be one). */
async function bearerOfRun(env: NodeJS.ProcessEnv, cwd = sb!.home): Promise<string> {
  const n = bearers().length;
  const r = await claudeRun(env, cwd);
  expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
  const mine = [...new Set(bearers().slice(n))];
  expect(mine.length).toBe(1);
  return mine[0]!.replace(/^Bearer /, '');
}

/** Each token is in its own login file and nowhere else under HOME; outputs never carry one. */
function expectNoCopies(logins: ReadonlyArray<{ l: PlantedLogin; file: string }>, outputs: string): void {
  for (const { l, file } of logins) {
    for (const t of [l.accessToken, l.refreshToken]) {
      expect(filesWithTokens([sb!.home], [t])).toEqual([file]);
      expect(outputs).not.toContain(t);
    }
  }
}

/** Two accounts signed in through `add --login`, the default login, an API key. */
async function accountsWorld() {
  const wdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-wrap-'));
  tmp.push(wdir);
  const wrap = loginWrapper(wdir);
  const env = await world({ CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin });
  const def = login('DEFAULT', 'pro');
  const work = login('WORK', 'team');
  const home = login('HOME', 'max');
  plantLogin(def, sb!.claudeDir);
  const sharedConfig = path.join(sb!.claudeDir, '.claude.json');
  const sharedBefore = fs.readFileSync(sharedConfig, 'utf8');
  let outputs = '';
  const run = (args: string[], input?: string): ReturnType<typeof cli> => {
    const r = cli(args, env, input);
    outputs += r.stdout + r.stderr;
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  wrap.next(work);
  run(['add', 'claude-ai', '--name', 'Work', '--login']);
  wrap.next(home);
  run(['add', 'claude-ai', '--name', 'Home', '--login']);
  run(['add', 'claude-ai', '--name', 'Default']);
  const key = canaryKey('ACCTKEY');
  run(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], key);
  // Each login ran with its own folder as secure storage and config folder; the shared
  // ~/.claude.json (the default account's identity) was not touched.
  expect(wrap.log().trim().split('\n')).toHaveLength(2);
  for (const line of wrap.log().trim().split('\n')) expect(line).toMatch(/^storage=(\S+) config=\1$/);
  expect(fs.readFileSync(sharedConfig, 'utf8')).toBe(sharedBefore);

  const list = JSON.parse(run(['list', '--json']).stdout) as {
    profiles: Array<{
      name: string;
      storageDir?: string;
      email?: string;
      organization?: string;
      subscriptionType?: string;
    }>;
  };
  const byName = (n: string) => list.profiles.find((p) => p.name === n)!;
  expect(byName('Work')).toMatchObject({
    email: 'work@example.com',
    organization: 'WORK Org',
    subscriptionType: 'team',
  });
  expect(byName('Home')).toMatchObject({ email: 'home@example.com', subscriptionType: 'max' });
  expect(byName('Default').storageDir).toBeUndefined();
  for (const n of ['Work', 'Home'])
    expect(byName(n).storageDir!.startsWith(path.join(sb!.appDir, 'accounts'))).toBe(true);
  const files = [
    { l: def, file: path.join(sb!.claudeDir, '.credentials.json') },
    { l: work, file: path.join(byName('Work').storageDir!, '.credentials.json') },
    { l: home, file: path.join(byName('Home').storageDir!, '.credentials.json') },
  ];
  const snapshot = () => files.map((f) => fs.readFileSync(f.file, 'utf8'));
  const before = snapshot();
  const settingsFile = path.join(sb!.claudeDir, 'settings.json');
  const storageVar = () =>
    fs.existsSync(settingsFile)
      ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { env?: Record<string, string> }).env
          ?.CLAUDE_SECURESTORAGE_CONFIG_DIR
      : undefined;

  return { env, def, work, home, key, run, files, snapshot, before, storageVar, byName, outputs: () => outputs };
}

describe('Claude.ai accounts with the real Claude Code', () => {
  it('two accounts and the default: each switch sends that login, and the default still works after switching back', async () => {
    const w = await accountsWorld();
    w.run(['use', 'Work']);
    expect(w.storageVar()).toBe(w.byName('Work').storageDir);
    expect(await bearerOfRun(w.env)).toBe(w.work.accessToken);
    w.run(['use', 'Home']);
    expect(await bearerOfRun(w.env)).toBe(w.home.accessToken);
    w.run(['use', 'Default']);
    expect(w.storageVar()).toBeUndefined();
    expect(await bearerOfRun(w.env)).toBe(w.def.accessToken);
    expect(w.snapshot()).toEqual(w.before);
    expectNoCopies(w.files, w.outputs());
  });

  it('an API-key profile switched on and off leaves the accounts untouched, and nothing is copied', async () => {
    const w = await accountsWorld();
    w.run(['use', 'Work']);
    w.run(['use', 'Key']);
    expect(w.storageVar()).toBeUndefined();
    // Claude Code also sends `HEAD /` connectivity probes, and under load one can land after the
    // message (CI, stop 20): the assertion is about the messages this run sent, each with the key.
    const n = api.requests.length;
    const r = await claudeRun(w.env, sb!.home);
    expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
    const sent = api.requests.slice(n).filter((q) => q.method === 'POST' && q.path === '/v1/messages');
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) expect(q.apiKey).toBe(w.key);
    w.run(['use', 'Work']);
    expect(await bearerOfRun(w.env)).toBe(w.work.accessToken);
    expect(w.snapshot()).toEqual(w.before);
    expectNoCopies(w.files, w.outputs());
  });

  it("--from-config-dir adopts an alias folder without copying; removing it keeps the login there: the folder is the user's", async () => {
    const env = await world();
    const alias = path.join(sb!.home, 'claude-work');
    const l = login('ALIAS', 'max');
    plantLogin(l, alias);
    let outputs = '';
    const add = cli(['add', 'claude-ai', '--name', 'Alias', '--from-config-dir', alias], env);
    outputs += add.stdout + add.stderr;
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added Alias (alias@example.com, max, ALIAS Org)');
    const use = cli(['use', 'Alias'], env);
    outputs += use.stdout + use.stderr;
    expect(use.code, use.stderr).toBe(0);
    expect(await bearerOfRun(env)).toBe(l.accessToken);
    expectNoCopies([{ l, file: path.join(alias, '.credentials.json') }], outputs);

    const creds = fs.readFileSync(path.join(alias, '.credentials.json'), 'utf8');
    const rm = cli(['remove', 'Alias'], env);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).not.toContain('Signed out');
    expect(rm.stdout).toContain(`Removed Alias; kept the login in ${alias}: it is yours`);
    expect(rm.stdout).toContain(`CLAUDE_CONFIG_DIR='${alias}' claude auth logout`);
    // The user's own `CLAUDE_CONFIG_DIR=~/.claude-work claude` still signs in as before.
    expect(fs.readFileSync(path.join(alias, '.credentials.json'), 'utf8')).toBe(creds);
    const status = spawnSync(REAL_CLAUDE, ['auth', 'status', '--json'], {
      env: { ...env, CLAUDE_CONFIG_DIR: alias },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: true, authMethod: 'claude.ai' });
    expect(fs.readFileSync(path.join(sb!.claudeDir, 'settings.json'), 'utf8')).not.toContain('CLAUDE_SECURESTORAGE');
    expect(
      filesWithTokens([sb!.home], [l.accessToken, l.refreshToken], [path.join(alias, '.credentials.json')]),
    ).toEqual([]);
  });

  it('--from-config-dir refuses a folder without a Claude.ai login, and adds nothing', async () => {
    const env = await world();
    const empty = path.join(sb!.home, 'empty');
    fs.mkdirSync(empty);
    const r = cli(['add', 'claude-ai', '--name', 'Nope', '--from-config-dir', empty], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Claude Code has no Claude.ai login in ${empty}.`);
    expect(JSON.parse(cli(['list', '--json'], env).stdout).profiles).toEqual([]);
  });

  it("removing an account of ours runs Claude Code's logout for it and deletes its folder; the default login stays", async () => {
    const wdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-wrap-'));
    tmp.push(wdir);
    const wrap = loginWrapper(wdir);
    const env = await world({ CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin });
    const def = login('DEF');
    plantLogin(def, sb!.claudeDir);
    const l = login('GONE');
    wrap.next(l);
    expect(cli(['add', 'claude-ai', '--name', 'Gone', '--login'], env).code).toBe(0);
    const dir = JSON.parse(cli(['list', '--json'], env).stdout).profiles[0].storageDir as string;
    expect(cli(['use', 'Gone'], env).code).toBe(0);
    const rm = cli(['remove', 'Gone'], env);
    expect(rm.code, rm.stderr).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.join(sb!.claudeDir, '.credentials.json'))).toBe(true);
    expect(await bearerOfRun(env)).toBe(def.accessToken);
  });

  it('--login runs the real `claude auth login` in this terminal with the new folder; a failed login adds nothing and leaves no folder', async () => {
    // The real Claude Code prints its sign-in address and reads the code from the terminal; the code
    // exchange then fails (offline: its token endpoint goes to a closed port on 127.0.0.1).
    const env = await world({
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
      BROWSER: '/bin/true',
    });
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../support/cli');
    const c = spawn(process.execPath, [CLI, 'add', 'claude-ai', '--name', 'New', '--login'], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      const m = /state=([A-Za-z0-9_-]+)/.exec(stdout);
      if (m && !c.stdin.writableEnded) c.stdin.end(`not-a-real-code#${m[1]}\n`);
    });
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => c.on('close', r));
    expect(stdout).toMatch(/Signing in with Claude Code \(claude auth login\); its login is kept in .*accounts/);
    expect(stdout).toContain('https://claude.com/cai/oauth/authorize?');
    expect(code).toBe(1);
    expect(stderr).toContain('Claude Code did not finish signing in "New" (claude auth login exited with 1).');
    expect(JSON.parse(cli(['list', '--json'], env).stdout).profiles).toEqual([]);
    expect(fs.readdirSync(path.join(sb!.appDir, 'accounts'))).toEqual([]);
    // The login worked in the new folder, not in the user's config folder.
    expect(fs.existsSync(path.join(sb!.claudeDir, '.claude.json'))).toBe(false);
  });
});
