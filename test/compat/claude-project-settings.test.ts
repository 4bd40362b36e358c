/**
 * Issue 14: which project settings files the real Claude Code reads when it starts in a subfolder
 * of a project. `status` and the pin listings follow exactly this (project-pins.ts, settingsFolderOf).
 * The user's settings point at one login, project files at others; the fake API tells which login
 * each `claude -p` sent.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../support/cli';
import { claudeRun, login, plantLogin, realClaudeEnv, type PlantedLogin } from '../support/claude-accounts';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

let api: FakeAnthropic;
let sb: Sandbox | undefined;

beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
  api.requests.length = 0;
});

interface World {
  env: NodeJS.ProcessEnv;
  user: PlantedLogin;
  a: PlantedLogin;
  b: PlantedLogin;
  dirA: string;
  dirB: string;
}

function world(): World {
  sb = sandbox();
  const env = {
    ...sb.env,
    ...realClaudeEnv(api.url),
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const user = login('USER', 'pro');
  const a = login('PROJA', 'max');
  const b = login('PROJB', 'team');
  const dirA = path.join(sb.home, 'acct-a');
  const dirB = path.join(sb.home, 'acct-b');
  plantLogin(user, path.join(sb.home, 'acct-user'), sb.claudeDir);
  plantLogin(a, dirA, sb.claudeDir);
  plantLogin(b, dirB, sb.claudeDir);
  fs.writeFileSync(
    path.join(sb.claudeDir, 'settings.json'),
    JSON.stringify({ env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: path.join(sb.home, 'acct-user') } }),
  );
  return { env, user, a, b, dirA, dirB };
}

function pin(dir: string, storage: string, file = 'settings.local.json'): void {
  fs.mkdirSync(path.join(dir, '.claude'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.claude', file),
    JSON.stringify({ env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: storage } }),
  );
}

function gitInit(dir: string, env: NodeJS.ProcessEnv): void {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('git', ['init', '-q', dir], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

async function usedIn(env: NodeJS.ProcessEnv, cwd: string): Promise<string | undefined> {
  fs.mkdirSync(cwd, { recursive: true });
  const r = await claudeRun(env, cwd);
  expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
  const m = api.requests.filter((x) => x.method === 'POST' && x.path === '/v1/messages').at(-1)!;
  return m.authorization?.replace(/^Bearer /, '');
}

const who = (w: World, token: string | undefined): string =>
  token === w.user.accessToken
    ? 'user'
    : token === w.a.accessToken
      ? 'A'
      : token === w.b.accessToken
        ? 'B'
        : String(token);

describe('project settings Claude Code 2.1.197 reads when started in a subfolder', () => {
  it('reads the .claude folder of its working folder only: not the git root, not a parent', async () => {
    const w = world();
    const h = sb!.home;
    // A git project pinned at its root: the root uses the pin, a subfolder the user's settings.
    gitInit(path.join(h, 'g1'), w.env);
    pin(path.join(h, 'g1'), w.dirA);
    expect(who(w, await usedIn(w.env, path.join(h, 'g1')))).toBe('A');
    expect(who(w, await usedIn(w.env, path.join(h, 'g1', 'sub')))).toBe('user');
    expect(who(w, await usedIn(w.env, path.join(h, 'g1', 'sub', 'deeper')))).toBe('user');
    // Not a git project: the same, a parent's pin does not reach a subfolder.
    pin(path.join(h, 'p2'), w.dirA);
    expect(who(w, await usedIn(w.env, path.join(h, 'p2', 'sub')))).toBe('user');
    // The root pinned A, a subfolder B: the subfolder uses B, a folder below it neither.
    gitInit(path.join(h, 'g3'), w.env);
    pin(path.join(h, 'g3'), w.dirA);
    pin(path.join(h, 'g3', 'sub'), w.dirB);
    expect(who(w, await usedIn(w.env, path.join(h, 'g3', 'sub')))).toBe('B');
    expect(who(w, await usedIn(w.env, path.join(h, 'g3', 'sub', 'deeper')))).toBe('user');
    // The shared .claude/settings.json behaves the same: at the root only.
    gitInit(path.join(h, 'g5'), w.env);
    pin(path.join(h, 'g5'), w.dirA, 'settings.json');
    expect(who(w, await usedIn(w.env, path.join(h, 'g5')))).toBe('A');
    expect(who(w, await usedIn(w.env, path.join(h, 'g5', 'sub')))).toBe('user');
    // In the working folder, settings.local.json beats settings.json.
    pin(path.join(h, 'g5'), w.dirB);
    expect(who(w, await usedIn(w.env, path.join(h, 'g5')))).toBe('B');
  }, 300_000);
});
