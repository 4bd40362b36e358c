/**
 * Issue 15, Proof: the real Claude Code in an interactive session (driven by tmux) runs our status
 * line, which prints who pays and the subscription's limits from the fake API's
 * `anthropic-ratelimit-unified-*` headers; the reading is recorded for the account and the user's own
 * status line still prints next to ours.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { currentCliRuntime } from '../../main/core/runtime';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { KeyringSecretStore } from '../../main/core/vault';
import { realClaudeEnv } from '../support/claude-accounts';
import { canaryKey, cli, CLI, ROOT, sandbox, type Sandbox } from '../support/cli';
import { startFakeAnthropic, unifiedRateLimitHeaders, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const CLAUDE = path.join(ROOT, 'node_modules', '.bin', 'claude');
const VERSION = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8' }).stdout.trim();

let api: FakeAnthropic;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
let socket: string | undefined;

beforeAll(async () => {
  console.log(`compat: Claude Code ${VERSION || '(not found)'} at ${CLAUDE}`);
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  if (socket) await stopTmux(socket);
  socket = undefined;
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
  api.requests.length = 0;
  api.messageHeaders.clear();
});

/** Kills the tmux server and waits (bounded) for Claude Code to be gone before its folder is removed. */
async function stopTmux(sock: string): Promise<void> {
  const pid = Number(
    spawnSync('tmux', ['-S', sock, 'display-message', '-p', '-t', 'cc', '#{pane_pid}'], {
      encoding: 'utf8',
      timeout: 10_000,
    }).stdout,
  );
  spawnSync('tmux', ['-S', sock, 'kill-server'], { timeout: 10_000 });
  if (!pid) return;
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 200));
  if (alive()) process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
}

const tmux = (...args: string[]): string =>
  spawnSync('tmux', ['-S', socket!, ...args], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';

/** Polls until the pane shows text matching `re` (bounded), returning the last capture. */
async function waitForPane(re: RegExp, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let screen = '';
  while (Date.now() < until) {
    screen = tmux('capture-pane', '-p', '-J', '-t', 'cc');
    if (re.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 500));
  }
  return screen;
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The user's own line and subscription login active for everyone, and an API-key profile "Paid". */
async function payerWorld(): Promise<{ env: NodeJS.ProcessEnv; proj: string; key: string; cache: string }> {
  kr = await startKeyring();
  sb = sandbox();
  const env: NodeJS.ProcessEnv = {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(api.url),
    TERM: 'xterm-256color',
    TZ: 'UTC',
  };
  fs.writeFileSync(
    path.join(sb.claudeDir, '.credentials.json'),
    JSON.stringify({
      claudeAiOauth: {
        accessToken: 'sk-ant-oat01-FAKEOAUTH-pin-tests',
        refreshToken: 'sk-ant-ort01-FAKE-refresh',
        expiresAt: Date.now() + 86_400_000,
        scopes: ['user:inference', 'user:profile'],
        subscriptionType: 'max',
      },
    }),
    { mode: 0o600 },
  );
  const proj = path.join(sb.home, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(
    path.join(sb.claudeDir, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      projects: { [proj]: { hasTrustDialogAccepted: true }, [sb.home]: { hasTrustDialogAccepted: true } },
    }),
  );
  fs.writeFileSync(
    path.join(sb.claudeDir, 'settings.json'),
    JSON.stringify({ statusLine: { type: 'command', command: "printf 'USER-LINE'" } }),
  );
  const key = canaryKey('PINLINE');
  expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
  expect(cli(['add', 'anthropic-api-key', '--name', 'Paid', '--key-stdin'], env, key).code).toBe(0);
  expect(cli(['use', 'Sub', '--check'], env).code).toBe(0);
  return { env, proj, key, cache: path.join(sb.appDir, 'statusline-cache.txt') };
}

/** Starts `command` (already quoted for sh) in a tmux session in `cwd`, with `env` exported. */
function launch(env: NodeJS.ProcessEnv, cwd: string, command: string): void {
  socket = path.join(sb!.home, 'tmux.sock');
  const script = path.join(sb!.home, 'run-claude.sh');
  const exports = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `export ${k}=${shq(v!)}`)
    .join('\n');
  fs.writeFileSync(script, `#!/bin/sh\n${exports}\ncd ${shq(cwd)}\nexec ${command}\n`, { mode: 0o755 });
  const started = spawnSync(
    'tmux',
    ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'cc', '-x', '220', '-y', '50', script],
    { encoding: 'utf8', timeout: 10_000 },
  );
  expect(started.status, started.stderr).toBe(0);
}

describe(`real Claude Code (${VERSION}), interactive, with our status line`, () => {
  it("shows who pays and the limits from the API's headers, records them, and keeps the user's own line", async () => {
    kr = await startKeyring();
    sb = sandbox();
    const env: NodeJS.ProcessEnv = {
      ...sb.env,
      ...kr.env,
      ...realClaudeEnv(api.url),
      TERM: 'xterm-256color',
      TZ: 'UTC',
    };
    const now = Math.floor(Date.now() / 1000);
    const fiveHourReset = now + 2 * 3600;
    for (const [k, v] of Object.entries(
      unifiedRateLimitHeaders({ fiveHour: 0.62, fiveHourReset, sevenDay: 0.18, sevenDayReset: now + 4 * 86400 }),
    ))
      api.messageHeaders.set(k, v);
    // Claude Code's own (fake) subscription login, as `claude auth login` leaves it.
    const oauth = 'sk-ant-oat01-FAKEOAUTH-statusline-tests';
    fs.writeFileSync(
      path.join(sb.claudeDir, '.credentials.json'),
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
    // No first-run screens (claude-code-auth.md): onboarding done, the folder trusted.
    fs.writeFileSync(
      path.join(sb.claudeDir, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, projects: { [sb.home]: { hasTrustDialogAccepted: true } } }),
    );
    // The user's own status line, which must keep printing.
    const userSettings = `{\n  "statusLine": { "type": "command", "command": "printf 'USER-LINE %s' \\"$(jq -r .model.id 2>/dev/null || echo ok)\\"" }\n}\n`;
    fs.writeFileSync(path.join(sb.claudeDir, 'settings.json'), userSettings);
    expect(cli(['add', 'claude-ai', '--name', 'Personal Max'], env).code).toBe(0);
    expect(cli(['use', 'Personal Max'], env).code).toBe(0);
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    // The form that runs theirs and ours at the same time: the shell starts both.
    const written = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')) as {
      statusLine: { command: string };
    };
    // The fast line (issue 15): our text from the cache, theirs run by the shell, Node only detached.
    expect(written.statusLine.command).toMatch(
      /^IFS= read -r i; [^]* statusline --wrapped; else [^]* statusline --record /,
    );

    socket = path.join(sb.home, 'tmux.sock');
    const script = path.join(sb.home, 'run-claude.sh');
    const exports = Object.entries(env)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `export ${k}=${shq(v!)}`)
      .join('\n');
    fs.writeFileSync(script, `#!/bin/sh\n${exports}\ncd ${shq(sb.home)}\nexec ${shq(CLAUDE)}\n`, { mode: 0o755 });
    const started = spawnSync(
      'tmux',
      ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'cc', '-x', '220', '-y', '50', script],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    expect(started.status, started.stderr).toBe(0);

    const ready = await waitForPane(/USER-LINE/, 60_000);
    expect(ready).toMatch(/USER-LINE/); // the status line runs before the first prompt
    // Their line got the whole JSON (jq parsed it; "ok" would mean it failed).
    expect(ready).toMatch(/USER-LINE (?!ok\b)\S+/);
    tmux('send-keys', '-t', 'cc', '-l', 'Say hi');
    tmux('send-keys', '-t', 'cc', 'Enter');
    // One refresh behind: the recorder records the first reading and renders the cache; the next
    // refresh (the reply's) shows it.
    const screen = await waitForPane(/5h 62 %[^\n]*week 18 %/, 90_000);
    expect(screen).toMatch(
      /USER-LINE \S+ {2}│ {2}Personal Max · subscription · 5h 62 % · resets \d\d:\d\d · week 18 % · resets \w{3} \d\d:\d\d/,
    );
    const bearer = api.requests.filter((r) => r.path === '/v1/messages').map((r) => r.authorization);
    expect(bearer).toContain(`Bearer ${oauth}`);

    const rec = JSON.parse(fs.readFileSync(path.join(sb.appDir, 'usage', 'default.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(rec).toMatchObject({
      fiveHour: { usedPercent: 62, resetsAt: fiveHourReset * 1000 },
      sevenDay: { usedPercent: 18 },
    });
    // …and in `status --json` and the tray model, for this account.
    const status = JSON.parse(cli(['status', '--json'], env).stdout) as {
      profiles: { name: string; usage?: unknown }[];
    };
    expect(status.profiles.find((p) => p.name === 'Personal Max')?.usage).toMatchObject({
      fiveHour: { usedPercent: 62, resetsAt: fiveHourReset * 1000 },
      sevenDay: { usedPercent: 18 },
    });
    const app = new AppApi({
      env,
      cwd: sb.home,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: currentCliRuntime(path.join(ROOT, 'dist', 'cli')),
    });
    const snap = app.snapshot();
    const tray = trayMenuModel({ profiles: snap.profiles, refreshing: false, startAtLogin: false, now: Date.now() });
    const labels = tray.items.map((x) => (x.kind === 'separator' ? '' : x.label));
    // Accounts are listed by who they are (issue 14): this one is the default login.
    expect(labels).toContain('Personal Max — default login');
    expect(labels.some((l) => /^ {4}5-hour 62 % · resets \d\d:\d\d$/.test(l))).toBe(true);
    expect(labels.some((l) => /^ {4}weekly 18 % · resets \w{3} \d\d:\d\d$/.test(l))).toBe(true);
    // A switch through the real flow: `use` renders the cache, and the session's next status line
    // names the new profile (this session keeps its subscription login, so ours says so).
    expect(cli(['add', 'api-key-helper', '--name', 'Work key', '--command', 'echo sk-ant-api03-x'], env).code).toBe(0);
    expect(cli(['use', 'Work key'], env).code).toBe(0);
    tmux('send-keys', '-t', 'cc', '-l', 'Say hi again');
    tmux('send-keys', '-t', 'cc', 'Enter');
    const switched = await waitForPane(/USER-LINE \S+ {2}│ {2}[^\n]*Work key/, 90_000);
    expect(switched).toMatch(/USER-LINE \S+ {2}│ {2}[^\n]*Work key/);
    expect(switched).not.toMatch(/│ {2}Personal Max · subscription/);
    // Back on the subscription (the key's apiKeyHelper goes), then `off` gives the user's own line
    // back, byte for byte.
    expect(cli(['use', 'Personal Max'], env).code).toBe(0);
    expect(cli(['statusline', 'off'], env).code).toBe(0);
    expect(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')).toBe(userSettings);
  }, 240_000);

  it('a session started in a folder pinned to an API key shows that key, per token, on its first (slow) and a later (cached) line', async () => {
    const { env, proj, key, cache } = await payerWorld();
    expect(cli(['use', 'Paid', '--project', proj], env).code).toBe(0);
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    expect(fs.readFileSync(cache, 'utf8')).not.toContain('Paid'); // no line for this session yet: the slow path
    launch(env, proj, shq(CLAUDE));

    // The first line: Claude Code applied the pin's env (the marker) to the line's environment.
    const first = await waitForPane(/USER-LINE {2}│ {2}\S/, 60_000);
    expect(first).toMatch(/USER-LINE {2}│ {2}Paid · API key \(billed per token\)/);
    expect(first).not.toMatch(/Sub · subscription/);
    // The slow path wrote the line for this session's key (the marker in it); marked here, so a later
    // line that shows the mark came from the cache through the shell line's own key.
    const cached = fs.readFileSync(cache, 'utf8');
    expect(cached).toMatch(/\|paid-[0-9a-f]{4}\|\|\tPaid · API key \(billed per token\)\n/);
    fs.writeFileSync(
      cache,
      cached.replace(/(\|paid-[0-9a-f]{4}\|\|\tPaid · API key \(billed per token\))/, '$1 · FROM-CACHE'),
    );
    tmux('send-keys', '-t', 'cc', '-l', 'Say hi');
    tmux('send-keys', '-t', 'cc', 'Enter');
    const later = await waitForPane(/FROM-CACHE/, 90_000);
    expect(later).toMatch(/USER-LINE {2}│ {2}Paid · API key \(billed per token\) · FROM-CACHE/);
    // …and this session did bill the key.
    const used = api.requests.filter((r) => r.path === '/v1/messages').map((r) => r.apiKey);
    expect(used).toContain(key);
  }, 240_000);

  it('`run <profile> -- claude` gives the session that profile on its status line too (its --settings carry the marker)', async () => {
    const { env, key } = await payerWorld();
    expect(cli(['statusline', 'on'], env).code).toBe(0);
    launch(env, sb!.home, `${shq(process.execPath)} ${shq(CLI)} run --quiet Paid -- ${shq(CLAUDE)}`);
    const first = await waitForPane(/USER-LINE {2}│ {2}\S/, 60_000);
    expect(first).toMatch(/USER-LINE {2}│ {2}Paid · API key \(billed per token\)/);
    expect(first).not.toMatch(/Sub · subscription/);
    tmux('send-keys', '-t', 'cc', '-l', 'Say hi');
    tmux('send-keys', '-t', 'cc', 'Enter');
    await waitForPane(/Say hi[^]*USER-LINE/, 90_000);
    for (let i = 0; i < 60 && !api.requests.some((r) => r.path === '/v1/messages'); i++)
      await new Promise((r) => setTimeout(r, 500));
    expect(api.requests.filter((r) => r.path === '/v1/messages').map((r) => r.apiKey)).toContain(key);
    expect(tmux('capture-pane', '-p', '-J', '-t', 'cc')).toMatch(
      /USER-LINE {2}│ {2}Paid · API key \(billed per token\)/,
    );
  }, 240_000);
});
