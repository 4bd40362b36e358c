import type * as ChildProcessModule from 'node:child_process';
import * as path from 'node:path';
import { findOnPath } from './find-on-path';
import type { Env } from './paths';

/** Whether git tracks a file: `unknown` when git declined to answer (never read as "not tracked"). */
export type GitTracked = 'tracked' | 'untracked' | 'no-git' | 'unknown';

/**
 * Command-line config beats every config file, including the repository's own. A repository is
 * untrusted input (a project the user merely opened): its `.git/config`, or a folder committed to look
 * like a bare repository with its own `config`, can name programs git runs. For `ls-files` the one
 * that runs is `core.fsmonitor` (issue 12; "Git honours embedded bare repos, and exploitation via
 * core.fsmonitor", justinsteven/advisories 2022). Hooks and pagers are switched off too in case a
 * future git runs them here; `safe.bareRepository=explicit` refuses a bare repository git found by
 * itself (that setting is honoured only from the command line or the user's own config).
 */
const HARDENED = [
  '--no-pager',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'safe.bareRepository=explicit',
] as const;

/** The environment git gets: no GIT_* variable that points it at another repository or config. */
function gitEnv(env: Env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (/^GIT_/i.test(k) && k.toUpperCase() !== 'GIT_CEILING_DIRECTORIES') continue;
    out[k] = v;
  }
  // English messages, so "not a git repository" can be told from a refusal.
  return { ...out, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

/**
 * git as an absolute path from absolute PATH entries only: on Windows a bare 'git' is looked up in the
 * child's working folder first, which here is inside the (untrusted) project.
 */
function gitBinary(env: Env): string | undefined {
  const PATH = (env.PATH ?? env.Path ?? '')
    .split(path.delimiter)
    .filter((d) => path.isAbsolute(d))
    .join(path.delimiter);
  return findOnPath('git', { PATH });
}

/** Asks git, hardened, whether it tracks `file`. Runs no program the repository names. */
export function gitTracked(file: string, env: Env): GitTracked {
  const git = gitBinary(env);
  if (!git) return 'no-git';
  const dir = path.dirname(file);
  const r = childProcess().spawnSync(git, lsFiles(file), {
    cwd: dir,
    env: gitEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 5000,
    windowsHide: true,
  });
  if (r.error) return (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no-git' : 'unknown';
  return verdict(r.status, r.stderr);
}

/** gitTracked without blocking the thread (the tray's main process). */
export function gitTrackedAsync(file: string, env: Env): Promise<GitTracked> {
  const git = gitBinary(env);
  if (!git) return Promise.resolve('no-git');
  const dir = path.dirname(file);
  return new Promise((resolve) => {
    childProcess().execFile(
      git,
      lsFiles(file),
      { cwd: dir, env: gitEnv(env), encoding: 'utf8', timeout: 5000, windowsHide: true },
      (err, _stdout, stderr) => {
        if (!err) return resolve('tracked');
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve('no-git');
        resolve(typeof code === 'number' ? verdict(code, stderr) : 'unknown');
      },
    );
  });
}

/** Loaded when git runs: the lean `use` bundle holds this module, and child_process costs ≈2 ms (issue 16). */
function childProcess(): typeof ChildProcessModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:child_process') as typeof ChildProcessModule;
}

function lsFiles(file: string): string[] {
  return [...HARDENED, '-C', path.dirname(file), 'ls-files', '--error-unmatch', '--', path.basename(file)];
}

function verdict(status: number | null, stderr: string | undefined): GitTracked {
  if (status === 0) return 'tracked';
  if (status === 1) return 'untracked';
  // 128: no repository at all is "not tracked"; a refusal (another user's repository, a bare one
  // found by itself, a broken index) is "unknown".
  return /not a git repository/i.test(stderr ?? '') ? 'untracked' : 'unknown';
}
