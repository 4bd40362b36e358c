import type * as ChildProcessModule from 'node:child_process';
import type { Profile } from '../../common/profile';
import { findOnPath } from './find-on-path';
import { coreOf } from './providers';
import type { Env } from './paths';

/** What `claude auth status` says Claude Code will use (claude-code-auth.md; fields seen in 2.1.x). */
export interface ClaudeAuthStatus {
  readonly loggedIn?: boolean;
  readonly authMethod?: string;
  readonly apiProvider?: string;
  readonly apiKeySource?: string;
  readonly subscriptionType?: string;
}

export interface AuthMismatch {
  readonly message: string;
  readonly fix: string;
  /** The fix in the window's words, when `fix` names a command of this CLI (issue 17). */
  readonly windowFix?: string;
  /** The exported variable that causes it, when one does: the doctor's own warning about it is then left out (issue 15). */
  readonly variable?: string;
}

/** Claude Code's `apiProvider` values in words. */
const API_PROVIDER_WORDS: Readonly<Record<string, string>> = {
  firstParty: 'first-party API',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
  foundry: 'Microsoft Foundry',
  anthropicAws: 'Claude Platform on AWS',
};

/** Claude Code's `authMethod` values in words (when no API key source says more). */
const AUTH_METHOD_WORDS: Readonly<Record<string, string>> = {
  'claude.ai': 'your Claude.ai login',
  api_key_helper: 'the key from apiKeyHelper',
  api_key: 'an API key',
  third_party: 'the cloud provider’s credentials',
  none: 'nothing: not signed in',
};

/**
 * What `claude auth status` answered, in words (issue 17: "claude.ai, firstParty, ANTHROPIC_API_KEY"
 * was its raw fields): "the API key in ANTHROPIC_API_KEY (from your shell), first-party API".
 * Only names of sources, never a value.
 */
export function describeClaudeAuth(s: ClaudeAuthStatus, env: Env = process.env): string {
  const src = s.apiKeySource;
  const isVar = src !== undefined && /^[A-Z][A-Z0-9_]*$/.test(src);
  const what =
    src === 'apiKeyHelper'
      ? 'the key from apiKeyHelper'
      : src && isVar
        ? `the API key in ${src} (${env[src] ? 'from your shell' : 'from a settings file'})`
        : src
          ? `the API key from ${src}`
          : s.loggedIn === false
            ? 'nothing: not signed in'
            : s.authMethod
              ? `${AUTH_METHOD_WORDS[s.authMethod] ?? `sign-in method "${s.authMethod}"`}${
                  s.authMethod === 'claude.ai' && s.subscriptionType ? ` (${s.subscriptionType} subscription)` : ''
                }`
              : 'an unknown credential';
  const via = s.apiProvider ? (API_PROVIDER_WORDS[s.apiProvider] ?? s.apiProvider) : undefined;
  return via ? `${what}, ${via}` : what;
}

/** `claude` on the PATH (or CLAUDE_AUTH_TRAY_CLAUDE_BIN), else undefined. */
export function findClaude(env: Env = process.env): string | undefined {
  if (env.CLAUDE_AUTH_TRAY_CLAUDE_BIN) return env.CLAUDE_AUTH_TRAY_CLAUDE_BIN;
  return findOnPath('claude', env);
}

/**
 * Runs `claude auth status` and parses its JSON. The exit code is not trusted (2.1.197 exits 1 when
 * logged out, 0 otherwise; the docs say otherwise): stdout decides. Undefined when claude is not
 * installed or said nothing parseable. Aborting `signal` ends the child (the app's quit does).
 */
export function claudeAuthStatus(
  env: Env = process.env,
  cwd = process.cwd(),
  timeoutMs = 15_000,
  signal?: AbortSignal,
  /** The `claude` to run, when the caller found it already (the tray: without blocking). */
  found?: string,
): Promise<ClaudeAuthStatus | undefined> {
  const bin = found ?? findClaude(env);
  if (!bin) return Promise.resolve(undefined);
  // Loaded only when Claude Code is there to ask: `use` imports this module on its lean path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('node:child_process') as typeof ChildProcessModule;
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(bin, ['auth', 'status'], {
        env: env as NodeJS.ProcessEnv,
        cwd,
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch {
      resolve(undefined);
      return;
    }
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      try {
        const m = /\{[\s\S]*\}/.exec(out);
        const j = m ? (JSON.parse(m[0]) as Record<string, unknown>) : undefined;
        if (!j) return resolve(undefined);
        const s = (k: string): string | undefined => (typeof j[k] === 'string' ? (j[k] as string) : undefined);
        resolve({
          ...(typeof j.loggedIn === 'boolean' ? { loggedIn: j.loggedIn } : {}),
          ...(s('authMethod') ? { authMethod: s('authMethod') } : {}),
          ...(s('apiProvider') ? { apiProvider: s('apiProvider') } : {}),
          ...(s('apiKeySource') ? { apiKeySource: s('apiKeySource') } : {}),
          ...(s('subscriptionType') ? { subscriptionType: s('subscriptionType') } : {}),
        });
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** Compares what Claude Code will use with the active profile. Pure. Per provider: main/core/providers/. */
export function compareAuth(profile: Profile | undefined, s: ClaudeAuthStatus): AuthMismatch | undefined {
  if (!profile) return undefined;
  return coreOf(profile.kind).claudeCode(profile, s);
}
