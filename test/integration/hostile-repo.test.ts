/**
 * Issue 12, item 12: opening a hostile repository must not run its code. `status`, `use` and `doctor`
 * ask git whether a project settings file holding a secret is tracked; a repository's own config can
 * name programs git runs (core.fsmonitor, a pager, hooks). Real git, real folders, the real CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor, runDoctorAsync } from '../../main/core/doctor';
import { canaryKey, CLI, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let marker: string;
let evil: string;

beforeAll(async () => {
  kr = await startKeyring();
  // No `claude` on PATH: `use` then runs the doctor itself (it asks Claude Code otherwise).
  sb = sandbox({ ...kr.env, PATH: '/usr/bin:/bin' });
  marker = path.join(sb.home, 'PWNED');
  evil = path.join(sb.home, 'evil.sh');
  fs.writeFileSync(evil, `#!/bin/sh\necho "ran: $0 $*" >> '${marker}'\n`, { mode: 0o755 });
});
beforeEach(() => fs.rmSync(marker, { force: true }));
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
});

const git = (cwd: string, ...a: string[]) =>
  spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { cwd, encoding: 'utf8' });

/** A project whose `.claude/settings.json` holds a key (so the doctor asks git about it). */
let n = 0;
function project(name: string): string {
  const dir = path.join(sb.home, `${name}-${n++}`);
  fs.mkdirSync(path.join(dir, '.claude'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.claude', 'settings.json'),
    JSON.stringify({ env: { ANTHROPIC_API_KEY: canaryKey('HOSTILE') } }),
  );
  return dir;
}

/** A repository delivered with its .git folder (zip, tarball, shared disk): its config runs programs. */
function repoWithHostileConfig(): string {
  const dir = project('tarball-repo');
  git(dir, 'init', '-q');
  git(dir, 'add', '.claude/settings.json');
  git(dir, 'commit', '-qm', 'settings');
  const hooks = path.join(dir, 'hooks');
  fs.mkdirSync(hooks);
  for (const h of ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman'])
    fs.copyFileSync(evil, path.join(hooks, h));
  fs.chmodSync(hooks, 0o755);
  for (const [k, v] of [
    ['core.fsmonitor', `${evil} fsmonitor`],
    ['core.pager', `${evil} pager`],
    ['pager.ls-files', `${evil} pager-ls-files`],
    ['core.hooksPath', hooks],
  ])
    git(dir, 'config', k!, v!);
  return dir;
}

/**
 * A plain folder as `git clone` delivers it: `.claude` holds HEAD, objects/, refs/ and a `config`, so
 * git takes `.claude` for a bare repository with its own config (worktree `..`, an fsmonitor).
 */
function embeddedBareRepo(): string {
  const dir = project('cloned-repo');
  const c = path.join(dir, '.claude');
  fs.mkdirSync(path.join(c, 'objects'));
  fs.mkdirSync(path.join(c, 'refs'));
  fs.writeFileSync(path.join(c, 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(
    path.join(c, 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = ..\n\tfsmonitor = "${evil} bare-fsmonitor"\n`,
  );
  return dir;
}

const run = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, env: sb.env, encoding: 'utf8', timeout: 60_000 });
const ran = (): string => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');

describe('a hostile repository runs none of its code', () => {
  it('status, use and doctor in a repository whose .git/config names programs: nothing runs, tracking still found', async () => {
    const dir = repoWithHostileConfig();
    expect(run(sb.home, 'add', 'claude-ai', '--name', 'Sub').status).toBe(0);
    const status = run(dir, 'status');
    const use = run(dir, 'use', 'Sub');
    const doctor = run(dir, 'doctor', '--json');
    expect(ran()).toBe('');
    expect([status.status, use.status, doctor.status]).toEqual([0, 0, 4]);
    expect(status.stdout).toContain('is tracked by git');
    const kinds = (JSON.parse(doctor.stdout) as { findings: { kind: string }[] }).findings.map((f) => f.kind);
    expect(kinds).toContain('settings-tracked-by-git');
    // The window's doctor (core, in this process) too.
    expect(runDoctor({ ...sb.env }, dir).map((f) => f.kind)).toContain('settings-tracked-by-git');
    // The tray's doctor, which asks git without blocking its thread, finds the same.
    expect(await runDoctorAsync({ ...sb.env }, dir)).toEqual(runDoctor({ ...sb.env }, dir));
    expect(ran()).toBe('');
  });

  it('a cloned folder that looks like a bare repository: nothing runs, and "unknown" is said, not "not tracked"', async () => {
    const dir = embeddedBareRepo();
    const doctor = run(dir, 'doctor', '--json');
    const status = run(dir, 'status');
    const core = runDoctor({ ...sb.env }, dir);
    expect(ran()).toBe('');
    expect(doctor.status).toBe(4);
    const found = (JSON.parse(doctor.stdout) as { findings: { kind: string; message: string }[] }).findings;
    expect(found.map((f) => f.kind)).toContain('settings-git-unknown');
    expect(status.stdout).toContain('git refused to answer');
    expect(core.map((f) => f.kind)).toContain('settings-git-unknown');
    expect(await runDoctorAsync({ ...sb.env }, dir)).toEqual(core);
    expect(ran()).toBe('');
  });

  it('a repository owned by another user (git refuses it: safe.directory) is "unknown", not "not tracked"', async () => {
    const dir = project('other-users-repo');
    git(dir, 'init', '-q');
    git(dir, 'add', '.claude/settings.json');
    git(dir, 'commit', '-qm', 'settings');
    spawnSync('chown', ['-R', '65534:65534', dir]);
    expect(fs.statSync(path.join(dir, '.git')).uid).toBe(65534);
    const kinds = runDoctor({ ...sb.env }, dir).map((f) => f.kind);
    expect(kinds).toContain('settings-git-unknown');
    expect(kinds).not.toContain('settings-tracked-by-git');
    expect((await runDoctorAsync({ ...sb.env }, dir)).map((f) => f.kind)).toEqual(kinds);
  });

  it('GIT_DIR and GIT_CONFIG_* from the environment do not redirect the check to another repository', () => {
    const dir = repoWithHostileConfig();
    const other = path.join(sb.home, 'other');
    fs.mkdirSync(other);
    git(other, 'init', '-q');
    const e = {
      ...sb.env,
      GIT_DIR: path.join(other, '.git'),
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: `${evil} env-fsmonitor`,
    };
    expect(runDoctor(e, dir).map((f) => f.kind)).toContain('settings-tracked-by-git');
    expect(ran()).toBe('');
  });
});
