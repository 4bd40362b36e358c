import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../../../common/errors';
import { findClaude } from '../claude-auth-status';
import type { Env } from '../paths';
import { accountCommandEnv, type ClaudeAiProfile } from './account-env';

/** Who an account is, per `claude auth status` (2.1.197: email, orgName, subscriptionType). */
export interface AccountIdentity {
  readonly loggedIn: boolean;
  readonly authMethod?: string;
  readonly email?: string;
  readonly organization?: string;
  readonly subscriptionType?: string;
}

export interface ClaudeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function claudeBin(env: Env): string {
  const bin = findClaude(env);
  if (!bin) {
    throw new AppError({
      kind: 'helper-not-found',
      message: 'Claude Code is not installed, and only Claude Code can sign in to a Claude.ai account.',
      nextStep: 'Install it with `npm install -g @anthropic-ai/claude-code`, then try again.',
    });
  }
  return bin;
}

/** Runs `claude <args>` for one account; stdio 'inherit' hands the user's terminal to Claude Code. */
export function runClaudeFor(
  p: ClaudeAiProfile,
  args: readonly string[],
  env: Env,
  opts: {
    stdio?: 'pipe' | 'inherit';
    /** 'pipe': the caller writes to Claude Code's stdin (the login code the window pastes). */
    stdin?: 'pipe';
    timeoutMs?: number;
    onChild?: (c: ChildProcess) => void;
  } = {},
): Promise<ClaudeRun> {
  const bin = claudeBin(env);
  const childEnv = accountCommandEnv(p, env) as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    const inherit = opts.stdio === 'inherit';
    let child: ChildProcess;
    try {
      child = spawn(bin, [...args], {
        env: childEnv,
        // Away from any project's settings, so only the account's own folder decides.
        cwd: p.storageDir ?? (env.HOME || process.cwd()),
        stdio: inherit ? 'inherit' : [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
        ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
      });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: String((e as Error).message) });
      return;
    }
    opts.onChild?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', (e) => resolve({ code: null, stdout, stderr: stderr + String(e.message) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses `claude auth status` JSON; undefined when it printed none. */
export function parseIdentity(stdout: string): AccountIdentity | undefined {
  const m = /\{[\s\S]*\}/.exec(stdout);
  if (!m) return undefined;
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(m[0]) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const s = (k: string): string | undefined => (typeof j[k] === 'string' && j[k] ? (j[k] as string) : undefined);
  // Recorded in profiles.json, whose schema (common/profile.ts claudeAiProfile) caps these: a longer
  // value made the whole file unreadable on its next load (desktop audit). An organisation's name is
  // shortened (it is only shown); an email or plan that long is no email or plan, and is left out.
  const fits = (v: string | undefined, max: number): string | undefined => (v && v.length <= max ? v : undefined);
  const email = fits(s('email'), 320);
  const org = s('orgName');
  const organization = org && org.length > 200 ? `${org.slice(0, 199)}…` : org;
  const subscriptionType = fits(s('subscriptionType'), 40);
  const authMethod = s('authMethod');
  return {
    loggedIn: j.loggedIn === true,
    ...(authMethod ? { authMethod } : {}),
    ...(email ? { email } : {}),
    ...(organization ? { organization } : {}),
    ...(subscriptionType ? { subscriptionType } : {}),
  };
}

/** `claude auth status` for one account, in its own environment. */
export async function accountIdentity(
  p: ClaudeAiProfile,
  env: Env,
  onChild?: (c: ChildProcess) => void,
): Promise<AccountIdentity | undefined> {
  const r = await runClaudeFor(p, ['auth', 'status', '--json'], env, {
    timeoutMs: 20_000,
    ...(onChild ? { onChild } : {}),
  });
  return parseIdentity(r.stdout);
}

/** `claude auth logout` for one account: Claude Code removes its own stored login. */
export async function logoutAccount(p: ClaudeAiProfile, env: Env): Promise<ClaudeRun> {
  return runClaudeFor(p, ['auth', 'logout'], env, { timeoutMs: 30_000 });
}
