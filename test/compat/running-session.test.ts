/**
 * Issue 14, "Running sessions": what an interactive `claude` that is already running does after a
 * switch. The real Claude Code runs in tmux against the fake API; between two prompts the switch is
 * made through our CLI; the fake API records which credential each request carried. Then the old
 * credential is revoked (401) to see whether the session follows at its next 401.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, sandbox, type Sandbox } from '../support/cli';
import { login, plantLogin, REAL_CLAUDE, realClaudeEnv, type PlantedLogin } from '../support/claude-accounts';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let api: FakeAnthropic;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
let socket: string | undefined;

beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  if (socket) spawnSync('tmux', ['-L', socket, 'kill-server']);
  // Claude Code may still be writing its session files while it exits: wait (bounded) until no
  // process works in the sandbox any more, then remove it.
  if (sb) {
    await waitForNoProcessIn(sb.home, 15_000);
    fs.rmSync(sb.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  await kr?.stop();
  sb = undefined;
  kr = undefined;
  socket = undefined;
  api.requests.length = 0;
  api.revoked.clear();
});

/** Waits until no process has its working folder inside `dir` (Linux /proc), at most `ms`. */
async function waitForNoProcessIn(dir: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  const busy = (): boolean =>
    fs.readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    });
  while (busy() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

interface World {
  env: NodeJS.ProcessEnv;
  a: PlantedLogin;
  b: PlantedLogin;
  key: string;
}

async function world(): Promise<World> {
  kr = await startKeyring();
  sb = sandbox();
  const env = {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(api.url),
    TERM: 'xterm-256color',
  };
  const a = login('ACCTA', 'max');
  const b = login('ACCTB', 'team');
  plantLogin(a, path.join(sb.home, 'a'));
  plantLogin(b, path.join(sb.home, 'b'));
  // Claude Code's own state: onboarding done, this folder trusted (no first-run screens).
  fs.writeFileSync(
    path.join(sb.claudeDir, '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, projects: { [sb.home]: { hasTrustDialogAccepted: true } } }),
  );
  const key = canaryKey('RUNNING');
  const ok = (args: string[], input?: string): void => {
    const r = cli(args, env, input);
    expect(r.code, r.stderr).toBe(0);
  };
  ok(['add', 'claude-ai', '--name', 'A', '--from-config-dir', path.join(sb.home, 'a')]);
  ok(['add', 'claude-ai', '--name', 'B', '--from-config-dir', path.join(sb.home, 'b')]);
  ok(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], key);
  return { env, a, b, key };
}

const messages = () => api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');
const credOf = (r: { apiKey?: string; authorization?: string }): string | undefined =>
  r.apiKey ?? r.authorization?.replace(/^Bearer /, '');

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tmux(...args: string[]): string {
  return spawnSync('tmux', ['-L', socket!, ...args], { encoding: 'utf8' }).stdout;
}
const screen = (): string => (socket ? tmux('capture-pane', '-p', '-t', 'cc') : '');

async function startClaude(env: NodeJS.ProcessEnv): Promise<void> {
  socket = `cat-${process.pid}-${Date.now()}`;
  const script = path.join(sb!.home, 'start.sh');
  const exports = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `export ${k}='${String(v).replace(/'/g, `'\\''`)}'`)
    .join('\n');
  fs.writeFileSync(script, `${exports}\ncd '${sb!.home}'\nexec '${REAL_CLAUDE}'\n`);
  spawnSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'cc', '-x', '160', '-y', '50', 'sh', script]);
  await until(() => /for shortcuts|Try "|>\s*$/m.test(screen()), 30_000, 'the prompt');
}

/** Sends a prompt and returns the credential of the request it caused (a new one, if any, else undefined). */
async function ask(text: string): Promise<string | undefined> {
  const n = messages().length;
  const shown = (screen().match(new RegExp(FAKE_REPLY.replace(/\./g, '\\.'), 'g')) ?? []).length;
  tmux('send-keys', '-t', 'cc', '-l', text);
  tmux('send-keys', '-t', 'cc', 'Enter');
  await until(() => messages().length > n, 20_000, 'a request');
  // Wait for the answer (or an error) to be drawn, so the session is idle again.
  await until(
    () =>
      (screen().match(new RegExp(FAKE_REPLY.replace(/\./g, '\\.'), 'g')) ?? []).length > shown ||
      /API Error|401|Please run \/login|Invalid API key|OAuth/i.test(screen()),
    20_000,
    'the answer',
  );
  return credOf(messages()[n]!);
}

const tag = (w: World, c: string | undefined): string =>
  c === w.a.accessToken ? 'A' : c === w.b.accessToken ? 'B' : c === w.key ? 'KEY' : String(c);

async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Measured with Claude Code 2.1.197 (Linux, file storage), besides the cases pinned below: after an
 * account → account switch the next request of a running session used the new account in one run
 * and the old one in another (still the old one 33 s later); in both it used the new account after
 * the old token's first 401. A session started on account A, switched to a key and then to B, kept
 * sending A's token. So the promise is: new sessions use the new account; a running one may keep
 * the old account until that token is rejected or the session restarts.
 */
describe('a running interactive Claude Code after a switch (2.1.197)', () => {
  it('account → API key: the next request of the running session carries the key', async () => {
    const w = await world();
    expect(cli(['use', 'A'], w.env).code).toBe(0);
    await startClaude(w.env);
    expect(tag(w, await ask('first'))).toBe('A');
    expect(cli(['use', 'Key'], w.env).code).toBe(0);
    await settle(1500);
    expect(tag(w, await ask('second'))).toBe('KEY');
  });

  it('API key → account: a session started on the key moves to the account at its next request', async () => {
    const w = await world();
    expect(cli(['use', 'Key'], w.env).code).toBe(0);
    await startClaude(w.env);
    expect(tag(w, await ask('first'))).toBe('KEY');
    expect(cli(['use', 'B'], w.env).code).toBe(0);
    await settle(1500);
    expect(tag(w, await ask('second'))).toBe('B');
  });

  it('account → account: at the latest when the old token is rejected (401), the running session uses the new account', async () => {
    const w = await world();
    expect(cli(['use', 'A'], w.env).code).toBe(0);
    await startClaude(w.env);
    expect(tag(w, await ask('first'))).toBe('A');
    expect(cli(['use', 'B'], w.env).code).toBe(0);
    await settle(1500);
    api.revoked.add(w.a.accessToken);
    const n = messages().length;
    tmux('send-keys', '-t', 'cc', '-l', 'second');
    tmux('send-keys', '-t', 'cc', 'Enter');
    await until(
      () =>
        messages()
          .slice(n)
          .some((m) => tag(w, credOf(m)) === 'B'),
      30_000,
      'a request with B',
    );
    const seq = messages()
      .slice(n)
      .map((m) => tag(w, credOf(m)));
    // Zero or more rejected tries with A, then B only.
    expect(seq.join(',')).toMatch(/^(A,)*B(,B)*$/);
  });
});
