/**
 * Issue 14, per command and per project, against the real Claude Code: `run` gives one process a
 * profile through --settings and changes no file; a project pin in .claude/settings.local.json
 * beats the user's settings in that folder only. The fake API records which login each run used.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, CLI, sandbox, type Sandbox } from '../support/cli';
import {
  claudeRun,
  filesWithTokens,
  login,
  plantLogin,
  realClaudeEnv,
  type PlantedLogin,
} from '../support/claude-accounts';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let api: FakeAnthropic;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;

beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
  api.requests.length = 0;
});

interface World {
  env: NodeJS.ProcessEnv;
  def: PlantedLogin;
  work: PlantedLogin;
  home: PlantedLogin;
  key: string;
}

/** A default login, two adopted account folders, an API key: all as profiles. */
async function world(): Promise<World> {
  kr = await startKeyring();
  sb = sandbox();
  const env = {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(api.url),
  };
  const def = login('DEF', 'pro');
  const work = login('WORK', 'team');
  const home = login('HOME', 'max');
  plantLogin(def, sb.claudeDir);
  plantLogin(work, path.join(sb.home, 'acct-work'));
  plantLogin(home, path.join(sb.home, 'acct-home'));
  const key = canaryKey('RUNKEY');
  const ok = (args: string[], input?: string): void => {
    const r = cli(args, env, input);
    expect(r.code, r.stderr).toBe(0);
  };
  ok(['add', 'claude-ai', '--name', 'Default']);
  ok(['add', 'claude-ai', '--name', 'Work', '--from-config-dir', path.join(sb.home, 'acct-work')]);
  ok(['add', 'claude-ai', '--name', 'Home', '--from-config-dir', path.join(sb.home, 'acct-home')]);
  ok(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], key);
  return { env, def, work, home, key };
}

const lastMessage = () => api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').at(-1);

async function usedBy(env: NodeJS.ProcessEnv, cwd: string, args?: string[]): Promise<string | undefined> {
  const r = args ? await cliRun(args, env, cwd) : await claudeRun(env, cwd);
  expect(r.stdout, r.stderr).toContain(FAKE_REPLY);
  const m = lastMessage()!;
  return m.apiKey ?? m.authorization?.replace(/^Bearer /, '');
}

function cliRun(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.on('close', () => resolve({ stdout, stderr }));
  });
}

/** Every file under HOME except Claude Code's own logins, as text. */
function snapshotFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, fs.readFileSync(p, 'utf8'));
    }
  };
  walk(sb!.home);
  return out;
}

describe('per command and per project, with the real Claude Code', () => {
  it('`run` gives one claude process another account or a key through --settings, changes no file, and the next claude is back on the active profile', async () => {
    const w = await world();
    // --check: `use` waits for Claude Code's answer, so no background check writes our files during `run`.
    expect(cli(['use', 'Default', '--check'], w.env).code).toBe(0);
    // Claude Code's own bookkeeping (.claude.json, sessions) changes with every run; ours must not.
    const settings = path.join(sb!.claudeDir, 'settings.json');
    const ours = (): [string, string][] =>
      [...snapshotFiles()].filter(([p]) => p.startsWith(sb!.appDir) || p === settings || p.includes('.credentials'));
    const runWith = async (profile: string): Promise<string | undefined> => {
      const before = ours();
      const used = await usedBy(w.env, sb!.home, ['run', profile, '--', 'claude', '-p', 'Say hi']);
      expect(ours()).toEqual(before);
      return used;
    };

    expect(await runWith('Work')).toBe(w.work.accessToken);
    expect(await usedBy(w.env, sb!.home)).toBe(w.def.accessToken);
    expect(await runWith('Key')).toBe(w.key);
    // An API key active for everyone, one run on an account: its --settings cancels the helper.
    expect(cli(['use', 'Key', '--check'], w.env).code).toBe(0);
    expect(await runWith('Home')).toBe(w.home.accessToken);
    expect(await usedBy(w.env, sb!.home)).toBe(w.key);
    for (const l of [w.def, w.work, w.home])
      expect(filesWithTokens([sb!.home], [l.accessToken, l.refreshToken])).toHaveLength(1);
  });

  it('`run` for other commands: the environment the profile implies, with the caveat line on stderr', async () => {
    const w = await world();
    const show =
      'node -e "process.stdout.write(JSON.stringify([process.env.ANTHROPIC_API_KEY??null, process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR??null]))"';
    const env = { ...w.env, ANTHROPIC_API_KEY: canaryKey('EXPORTED') };
    const work = await cliRun(['run', 'Work', '--', 'sh', '-c', show], env, sb!.home);
    expect(JSON.parse(work.stdout)).toEqual([null, path.join(sb!.home, 'acct-work')]);
    expect(work.stderr).toContain(
      'running sh with Work (Claude.ai subscription) via its environment; no file changes.',
    );
    const key = await cliRun(['run', '--quiet', 'Key', '--', 'sh', '-c', show], env, sb!.home);
    expect(JSON.parse(key.stdout)).toEqual([w.key, null]);
    expect(key.stderr).toBe('');
  });

  it('a project pin beats the user setting in that folder only; status names the profile and the file', async () => {
    const w = await world();
    expect(cli(['use', 'Work', '--check'], w.env).code).toBe(0);
    const proj = path.join(sb!.home, 'proj');
    const other = path.join(sb!.home, 'other');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    fs.mkdirSync(other);
    const local = path.join(proj, '.claude', 'settings.local.json');
    const mine = JSON.stringify({ permissions: { allow: ['Bash(ls:*)'] } }, null, 2) + '\n';
    fs.writeFileSync(local, mine);
    const pin = cli(['use', 'Home', '--project', proj], w.env);
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.stdout).toContain(`Pinned ${proj} to Home (home@example.com, max, HOME Org)`);
    expect(JSON.parse(fs.readFileSync(local, 'utf8'))).toMatchObject({
      permissions: { allow: ['Bash(ls:*)'] },
      env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: path.join(sb!.home, 'acct-home') },
    });

    expect(await usedBy(w.env, proj)).toBe(w.home.accessToken);
    expect(await usedBy(w.env, other)).toBe(w.work.accessToken);
    expect(pin.stdout).toContain('not in its subfolders');
    // In a subfolder Claude Code uses the user's profile, and `status` there says the pin does not apply.
    const sub = path.join(proj, 'src');
    fs.mkdirSync(sub);
    expect(await usedBy(w.env, sub)).toBe(w.work.accessToken);
    const inSub = JSON.parse((await cliRun(['status', '--json'], w.env, sub)).stdout).folder;
    expect(inSub).toMatchObject({
      dir: sub,
      profileId: expect.stringMatching(/^work-/),
      pinned: false,
      ignoredPin: { dir: proj },
    });
    const st = await cliRun(['status', '--json'], w.env, proj);
    expect(JSON.parse(st.stdout).folder).toEqual({
      dir: proj,
      profileId: expect.stringMatching(/^home-/),
      file: local,
      pinned: true,
    });
    expect((await cliRun(['status'], w.env, other)).stdout).toContain(`Pinned: ${proj} → Home`);
  });

  it('a pinned project keeps its account when the user switches to an API key; unpin restores the folder', async () => {
    const w = await world();
    const proj = path.join(sb!.home, 'proj');
    const other = path.join(sb!.home, 'other');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    fs.mkdirSync(other);
    const local = path.join(proj, '.claude', 'settings.local.json');
    const mine = JSON.stringify({ permissions: { allow: ['Bash(ls:*)'] } }, null, 2) + '\n';
    fs.writeFileSync(local, mine);
    expect(cli(['use', 'Home', '--project', proj], w.env).code).toBe(0);
    // The pin cancels the user's helper there.
    expect(cli(['use', 'Key', '--check'], w.env).code).toBe(0);
    expect(await usedBy(w.env, proj)).toBe(w.home.accessToken);
    expect(await usedBy(w.env, other)).toBe(w.key);

    expect(cli(['unpin', proj], w.env).code).toBe(0);
    expect(fs.readFileSync(local, 'utf8')).toBe(mine);
    expect(await usedBy(w.env, proj)).toBe(w.key);
  });
});
