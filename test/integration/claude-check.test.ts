import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, CLI, sandbox, waitForBackgroundCheck, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let log: string;

/**
 * A stand-in for Claude Code's `claude auth status` that takes its time (as the real one does,
 * ≈330 ms and more) and logs every run. Like Claude Code it reads settings.json when it starts: with
 * profile B's helper it confirms the helper; otherwise it says an exported ANTHROPIC_API_KEY wins.
 */
beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  log = path.join(sb.home, 'claude-runs.log');
  const fake = path.join(sb.home, 'fake-claude');
  const settingsFile = path.join(sb.claudeDir, 'settings.json');
  fs.writeFileSync(
    fake,
    [
      '#!/bin/sh',
      '[ "$1 $2" = "auth status" ] || exit 2',
      `echo start >> '${log}'`,
      `if grep -q 'profile b-' '${settingsFile}'; then src=apiKeyHelper; m=api_key_helper; else src=ANTHROPIC_API_KEY; m=api_key; fi`,
      'sleep 3',
      `printf '{"loggedIn":false,"authMethod":"%s","apiProvider":"firstParty","apiKeySource":"%s"}\\n' "$m" "$src"`,
      `echo end >> '${log}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  env = { ...sb.env, ...kr.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake };
  expect(cli(['add', 'anthropic-api-key', '--name', 'A', '--key-stdin'], env, canaryKey()).code).toBe(0);
  expect(cli(['add', 'anthropic-api-key', '--name', 'B', '--key-stdin'], env, canaryKey()).code).toBe(0);
});
afterAll(async () => {
  // Let a background check of the last test end before its folder goes.
  const until = Date.now() + 15_000;
  while (Date.now() < until && runs().filter((l) => l === 'start').length > runs().filter((l) => l === 'end').length)
    await new Promise((r) => setTimeout(r, 100));
  sb.cleanup();
  await kr.stop();
});

const runs = (): string[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);
const starts = (): number => runs().filter((l) => l === 'start').length;

describe('use asks Claude Code in the background; status shows the verdict', () => {
  it('use switches and returns before Claude Code has answered, saying it is checking', async () => {
    const r = cli(['use', 'A'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Active: A \(Anthropic API key\)\.\n/);
    expect(r.stdout).toContain('Checking with Claude Code (`claude auth status`) in the background');
    expect(r.stdout).not.toContain('Warning');
    // The switch is written, and the check it started has not finished (the fake takes 3 s).
    const settings = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));
    expect(settings.apiKeyHelper).toContain('api-key --profile a-');
    expect(runs()).not.toContain('end');
  });

  it('status waits for that check and shows its verdict, without asking Claude Code again', () => {
    const s = cli(['status', '--json'], env);
    expect(s.code, s.stderr).toBe(0);
    const j = JSON.parse(s.stdout);
    expect(j.claudeCode).toMatchObject({ apiKeySource: 'ANTHROPIC_API_KEY' });
    expect(j.warnings[0]).toMatchObject({ kind: 'claude-code-mismatch' });
    expect(j.warnings[0].message).toContain('bills the API key in ANTHROPIC_API_KEY, not the "A" key');
    expect(typeof j.claudeCodeCheckedAt).toBe('string');
    expect(runs()).toEqual(['start', 'end']);
    // The text form says the same, again from the record.
    const t = cli(['status'], env);
    expect(t.stdout).toMatch(/Warning: Claude Code bills the API key in ANTHROPIC_API_KEY, not the "A" key\./);
    expect(starts()).toBe(1);
  });

  it('a verdict about another state is not shown: after a hand edit of settings.json status asks again', () => {
    const file = path.join(sb.claudeDir, 'settings.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('{', '{\n  "cleanupPeriodDays": 20,'));
    const j = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(j.warnings[0]).toMatchObject({ kind: 'claude-code-mismatch' });
    expect(starts()).toBe(2);
  });

  it('the doctor reuses the fresh verdict of this state instead of asking Claude Code again', () => {
    const before = starts();
    // `status` above recorded the verdict for the edited settings.json: nothing changed since.
    const d = cli(['doctor', '--json'], env);
    const findings = (JSON.parse(d.stdout) as { findings: { kind: string; message: string }[] }).findings;
    expect(findings.find((f) => f.kind === 'claude-code-mismatch')?.message).toContain(
      'bills the API key in ANTHROPIC_API_KEY, not the "A" key',
    );
    expect(starts()).toBe(before);
  });

  it('the doctor asks anew when the state changed since the verdict (and only once)', () => {
    const file = path.join(sb.claudeDir, 'settings.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"cleanupPeriodDays": 20', '"cleanupPeriodDays": 21'));
    const before = starts();
    const d = cli(['doctor', '--json'], env);
    expect(JSON.parse(d.stdout).findings.some((f: { kind: string }) => f.kind === 'claude-code-mismatch')).toBe(true);
    expect(starts()).toBe(before + 1);
    // …and recorded it: `status` right after asks nobody.
    cli(['status', '--json'], env);
    expect(starts()).toBe(before + 1);
  });

  it('use --check waits for Claude Code and prints its verdict', () => {
    const before = starts();
    const r = cli(['use', 'B', '--check'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Checking');
    expect(r.stdout).toContain('Claude Code confirms it will use: the key from apiKeyHelper, first-party API.');
    expect(starts()).toBe(before + 1);
    expect(runs().at(-1)).toBe('end');
    // Its verdict is recorded for status too.
    const j = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(j.claudeCode).toMatchObject({ apiKeySource: 'apiKeyHelper' });
    expect(j.warnings.map((w: { kind: string }) => w.kind)).not.toContain('claude-code-mismatch');
    expect(cli(['status'], env).stdout).toMatch(
      /Claude Code confirms it will use: the key from apiKeyHelper, first-party API \(asked \d+ s ago\)\./,
    );
    expect(starts()).toBe(before + 1);
  });

  it('switches in quick succession: status shows the verdict about the state switched to last', () => {
    expect(cli(['use', 'A'], env).code).toBe(0);
    expect(cli(['use', 'B'], env).code).toBe(0);
    const j = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(j.activeProfileId).toMatch(/^b-/);
    expect(j.claudeCode).toMatchObject({ apiKeySource: 'apiKeyHelper' });
    expect(j.warnings.map((w: { kind: string }) => w.kind)).not.toContain('claude-code-mismatch');
    expect(cli(['use', 'A'], env).code).toBe(0);
    const k = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(k.claudeCode).toMatchObject({ apiKeySource: 'ANTHROPIC_API_KEY' });
    expect(k.warnings[0].message).toContain('bills the API key in ANTHROPIC_API_KEY, not the "A" key');
  });

  it('without Claude Code installed, use says nothing about a check and warns about exported keys itself', () => {
    const planted = canaryKey('PLANTED');
    const e = { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '', PATH: '/usr/bin:/bin', ANTHROPIC_API_KEY: planted };
    const r = cli(['use', 'A'], e);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Checking');
    expect(r.stdout).toMatch(/Warning: ANTHROPIC_API_KEY is exported in this shell/);
    expect(r.stdout).not.toContain(planted);
    const j = JSON.parse(cli(['status', '--json'], e).stdout);
    expect(j.claudeCode).toBeNull();
    expect(j.claudeCodeCheckedAt).toBeNull();
  });

  it('the check `use` starts before its switch asks Claude Code only once that `use` has ended (claude-check --after)', async () => {
    waitForBackgroundCheck(sb.appDir);
    const before = starts();
    // Stands in for the `use` that started the check: a process still at work.
    const user = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const check = spawn(process.execPath, [CLI, 'claude-check', '--after', String(user.pid)], { env, stdio: 'ignore' });
    const ended = new Promise((resolve) => check.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(starts()).toBe(before); // still waiting: Claude Code not asked yet
    user.kill();
    await ended;
    expect(starts()).toBe(before + 1);
    expect(runs().at(-1)).toBe('end');
  }, 20_000);

  it('a `use` that has ended but was not reaped yet (a zombie) counts as ended: Claude Code is asked at once, not after 10 s', async () => {
    waitForBackgroundCheck(sb.appDir);
    const before = starts();
    // The shell starts `use` and becomes `sleep` (exec): nobody reaps `use` until sleep ends, as with
    // Python's Popen without wait(). kill(pid, 0) still answers for a zombie.
    const parent = spawn('/bin/sh', ['-c', '"$0" "$1" use A & exec sleep 11', process.execPath, CLI], {
      env,
      stdio: 'ignore',
    });
    const t0 = Date.now();
    while (starts() === before && Date.now() - t0 < 11_000) await new Promise((r) => setTimeout(r, 50));
    const askedAfter = Date.now() - t0;
    parent.kill();
    expect(starts()).toBe(before + 1);
    expect(askedAfter).toBeLessThan(5_000);
  }, 20_000);

  it('use forks its check as its last step: the running record comes after settings.json and profiles.json', () => {
    // A fork before the switch made the switch pay a page fault for every page it wrote (issue 16).
    // File times tick coarsely (≈4 ms): a 4 MB settings.json makes the switch last many ticks, so a
    // record written before it would be older than both files by far.
    expect(cli(['use', 'A'], env).code).toBe(0); // settings.json exists (when run alone)
    waitForBackgroundCheck(sb.appDir);
    const file = path.join(sb.claudeDir, 'settings.json');
    const text = fs.readFileSync(file, 'utf8');
    const mtime = (f: string): bigint => fs.statSync(f, { bigint: true }).mtimeNs;
    try {
      const allow = Array.from({ length: 120_000 }, (_, i) => `Bash(npm run task-${i}:*)`);
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(text), permissions: { allow } }, null, 2));
      for (const name of ['B', 'A']) {
        const r = cli(['use', name], env);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('Checking with Claude Code');
        const record = path.join(sb.appDir, 'claude-check.json');
        expect(JSON.parse(fs.readFileSync(record, 'utf8')).running).toEqual(expect.any(Number));
        expect(mtime(record)).toBeGreaterThanOrEqual(mtime(file));
        expect(mtime(record)).toBeGreaterThanOrEqual(mtime(path.join(sb.appDir, 'profiles.json')));
        waitForBackgroundCheck(sb.appDir);
      }
    } finally {
      fs.writeFileSync(file, text);
    }
  }, 30_000);

  it('a switch that fails still leaves its check (a verdict of the state it left unchanged)', () => {
    expect(cli(['use', 'A'], env).code).toBe(0);
    waitForBackgroundCheck(sb.appDir);
    const file = path.join(sb.claudeDir, 'settings.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '{ "model": ');
    try {
      const r = cli(['use', 'B'], env);
      expect(r.code).not.toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(sb.appDir, 'claude-check.json'), 'utf8')).running).toEqual(
        expect.any(Number),
      );
      waitForBackgroundCheck(sb.appDir);
    } finally {
      fs.writeFileSync(file, text);
    }
  }, 30_000);
});
