import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSupportScript } from '../support/bundle';
import { cli, ROOT, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

/**
 * Issue 12, items 1 and 2: other programs save settings.json while `use` runs in several processes.
 * Every process here is real: the built CLI's `use` (many per process, see use-loop.ts), and a writer
 * that saves like Claude Code (temp file + rename) or like an editor (truncate, then write in place).
 */
const RICH = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rich-settings.json'), 'utf8'));
const COMMANDS_JS = path.join(ROOT, 'dist', 'cli', 'commands.js');
const NAMES = ['Sub', 'Vtx', 'BedSSO', 'BedExp', 'Fdy', 'Helper'];

let kr: PrivateKeyring;
let bundles: { writer: string; loop: string };
let scratch: Sandbox;
beforeAll(async () => {
  kr = await startKeyring();
  scratch = sandbox();
  bundles = {
    writer: await bundleSupportScript('settings-writer', scratch.home),
    loop: await bundleSupportScript('use-loop', scratch.home),
  };
});
afterAll(async () => {
  scratch.cleanup();
  await kr.stop();
});

function setup(userContent: Record<string, unknown>): { s: Sandbox; env: NodeJS.ProcessEnv; file: string } {
  // No Claude Code on the PATH (the sandbox's default): `use` starts no background check that could
  // outlive the test and write into its folder.
  const s = sandbox(kr.env);
  const file = path.join(s.claudeDir, 'settings.json');
  fs.writeFileSync(file, JSON.stringify(userContent, null, 2) + '\n');
  const add = (args: string[]): void => expect(cli(['add', ...args], s.env).code).toBe(0);
  add(['claude-ai', '--name', 'Sub']);
  add(['vertex', '--name', 'Vtx', '--project-id', 'my-project-1', '--region', 'global']);
  add(['bedrock', '--name', 'BedSSO', '--region', 'us-west-2', '--aws-profile', 'prod', '--sso']);
  add(['bedrock', '--name', 'BedExp', '--region', 'us-east-1', '--credential-export', '/opt/creds --profile x']);
  add(['foundry', '--name', 'Fdy', '--resource', 'res1']);
  add(['api-key-helper', '--name', 'Helper', '--command', 'echo x']);
  return { s, env: s.env, file };
}

interface WriterReport {
  writes: number;
  valuesLost: number;
  contentLost: number;
}

function startWriter(mode: 'rename' | 'inplace', file: string, lo: number, hi: number, env: NodeJS.ProcessEnv) {
  const c = spawn(process.execPath, [bundles.writer, mode, file, String(lo), String(hi)], { env });
  let out = '';
  let err = '';
  c.stdout.on('data', (b: Buffer) => (out += b.toString()));
  c.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<WriterReport>((resolve, reject) =>
    c.on('close', () => {
      try {
        resolve(JSON.parse(out) as WriterReport);
      } catch {
        reject(new Error(`writer failed: ${err}`));
      }
    }),
  );
  return { stop: (): Promise<WriterReport> => (c.stdin.end(), done) };
}

function useLoop(n: number, env: NodeJS.ProcessEnv): Promise<{ ok: number; failed: number; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [bundles.loop, COMMANDS_JS, String(n), NAMES.join(',')], { env });
    let out = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.on('close', () => {
      const m = /RESULT (.*)/.exec(out);
      const r = m ? (JSON.parse(m[1]!) as { ok: number; failed: number }) : { ok: 0, failed: n };
      resolve({ ...r, stderr });
    });
  });
}

/** settings.json parsed; the rename writer takes it away for microseconds, so ENOENT is read again. */
function readJson(file: string): Record<string, unknown> {
  for (;;) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Which profile settings.json says is active, from the keys only that profile writes. */
function activeInSettings(json: Record<string, unknown>): string {
  const env = (json.env ?? {}) as Record<string, string>;
  const marks: string[] = [];
  if (env.CLAUDE_CODE_USE_VERTEX || json.gcpAuthRefresh) marks.push('Vtx');
  if (env.CLAUDE_CODE_USE_BEDROCK) marks.push(json.awsAuthRefresh ? 'BedSSO' : 'BedExp');
  if (json.awsCredentialExport && !json.awsAuthRefresh) marks.push('BedExp');
  if (env.CLAUDE_CODE_USE_FOUNDRY) marks.push('Fdy');
  if (json.apiKeyHelper) marks.push('Helper');
  return [...new Set(marks)].join('+') || 'Sub';
}

function activeInProfiles(s: Sandbox): string | undefined {
  const f = JSON.parse(fs.readFileSync(path.join(s.appDir, 'profiles.json'), 'utf8')) as {
    activeProfileId?: string;
    profiles: { id: string; name: string }[];
  };
  return f.profiles.find((p) => p.id === f.activeProfileId)?.name;
}

describe('settings.json saved by others while `use` runs in several processes', () => {
  it("an in-place save (truncate, then write) racing 200 switches never loses the user's content", async () => {
    const allow = Array.from({ length: 1500 }, (_, i) => `Bash(tool-${i} --with-a-longer-argument)`);
    const user = { ...RICH, permissions: { ...RICH.permissions, allow }, 'x-user-marker': 'keep me' };
    const { s, env, file } = setup(user);
    const writer = startWriter('inplace', file, 1, 4, env);
    const runs = await Promise.all([0, 1, 2, 3].map(() => useLoop(50, env)));
    const w = await writer.stop();
    expect(w.writes).toBeGreaterThan(100);
    expect(w.contentLost).toBe(0);
    // A writer saving every 1–4 ms without pause can outlast a switch's retries (5 tries, 5 s): then
    // the switch refuses in one line and changes nothing — never a lost file. On a loaded machine that
    // happened to 1 switch of 200 (12:47 run of the merged tree); allow a few, and nothing else.
    const errors = runs
      .map((r) => r.stderr)
      .join('')
      .split('\n')
      .filter(Boolean);
    for (const line of errors)
      expect(line).toMatch(/kept changing while Claude Auth Tray tried to update it\. Try again/);
    const ok = runs.reduce((n, r) => n + r.ok, 0);
    expect(ok + errors.length).toBe(200);
    expect(ok).toBeGreaterThanOrEqual(190);
    const final = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(final['x-user-marker']).toBe('keep me');
    expect(final.permissions.allow).toEqual(allow);
    // No backup was taken of a file caught mid-save (a 0-byte before-*.json was the trace).
    const dir = path.join(s.appDir, 'backups');
    for (const tag of fs.readdirSync(dir))
      for (const b of fs.readdirSync(path.join(dir, tag)).filter((f) => f.endsWith('.json')))
        expect(fs.readFileSync(path.join(dir, tag, b), 'utf8'), b).toContain('"x-user-marker"');
    s.cleanup();
  }, 120_000);

  it('a rename-based writer saving every 50–150 ms during 200 switches keeps its values; activeProfileId agrees', async () => {
    const { s, env, file } = setup({ ...RICH, 'x-user-marker': 'keep me' });
    const writer = startWriter('rename', file, 50, 150, env);
    let ok = 0;
    const errors: string[] = [];
    for (let round = 0; round < 5; round++) {
      const runs = await Promise.all([0, 1, 2, 3].map(() => useLoop(10, env)));
      ok += runs.reduce((n, r) => n + r.ok, 0);
      errors.push(...runs.map((r) => r.stderr).filter(Boolean));
      // Between rounds no switch runs: profiles.json and settings.json must say the same.
      expect(activeInSettings(readJson(file)), `round ${round}`).toBe(activeInProfiles(s));
    }
    const w = await writer.stop();
    expect(errors).toEqual([]);
    expect(ok).toBe(200);
    expect(w.writes).toBeGreaterThan(20);
    // What remains is the gap between the last byte compare and the rename: ~0.1 ms here (median of
    // the compare on a 2-core machine at load 17; p99 0.5 ms). Unloaded runs lose none; when the CPU is
    // oversubscribed a pause can land right there, about once per 400 of these saves. Before the fix
    // (compare, then backups and fsyncs, then rename) 64 of 185 were lost.
    console.log(`rename writer: ${w.valuesLost} of ${w.writes} values lost during 200 switches`);
    // One loss is allowed in a run: ~30 saves can hold one of those pauses when CI shares the CPUs (seen
    // once: 1 of 34, a fresh-clone run at the end of session 5; it passed alone 3 of 3 right after).
    // A real regression is far above that (64 of 185 before the fix).
    expect(w.valuesLost, `${w.valuesLost} of ${w.writes} writer values lost`).toBeLessThanOrEqual(
      Math.max(1, w.writes / 50),
    );
    expect(readJson(file).hooks).toEqual(RICH.hooks);
    s.cleanup();
  }, 120_000);
});
