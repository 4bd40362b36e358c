import { spawn } from 'node:child_process';
import type { Profile } from '../../common/profile';
import { findOnPath } from './find-on-path';
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
): Promise<ClaudeAuthStatus | undefined> {
  const bin = findClaude(env);
  if (!bin) return Promise.resolve(undefined);
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

const PROVIDER: Readonly<Record<string, string>> = { bedrock: 'bedrock', vertex: 'vertex', foundry: 'foundry' };

/** Compares what Claude Code will use with the active profile. Pure. */
export function compareAuth(profile: Profile | undefined, s: ClaudeAuthStatus): AuthMismatch | undefined {
  if (!profile) return undefined;
  const src = s.apiKeySource;
  const overriddenBy = src === 'ANTHROPIC_API_KEY' || src === 'ANTHROPIC_AUTH_TOKEN' ? src : undefined;
  const unexport = (v: string): AuthMismatch => ({
    message: `Claude Code uses ${v} from your environment instead of the "${profile.name}" profile.`,
    fix: `Remove the export of ${v} from your shell profile (e.g. ~/.zshrc, ~/.bashrc), open a new terminal, and check again with \`claude-auth-tray status\`.`,
  });
  switch (profile.kind) {
    case 'anthropic-api-key':
    case 'api-key-helper':
      if (overriddenBy) return unexport(overriddenBy);
      if (s.apiProvider && s.apiProvider !== 'firstParty') {
        return {
          message: `Claude Code uses ${s.apiProvider}, not the "${profile.name}" API key.`,
          fix: `Unset CLAUDE_CODE_USE_${s.apiProvider.toUpperCase()} in your environment or project settings.`,
        };
      }
      if (src && src !== 'apiKeyHelper')
        return {
          message: `Claude Code takes its key from ${src}, not from this app's helper.`,
          fix: 'Run `claude-auth-tray doctor` to find where that key is set.',
        };
      if (s.authMethod && s.authMethod !== 'api_key_helper' && s.authMethod !== 'api_key') {
        return {
          message: `Claude Code authenticates with ${s.authMethod}, not the "${profile.name}" key.`,
          fix: 'Check managed and project settings for forceLoginMethod or another apiKeyHelper.',
        };
      }
      return undefined;
    case 'claude-ai':
      if (overriddenBy) return unexport(overriddenBy);
      if (src)
        return {
          message: `Claude Code uses an API key (${src}) instead of your Claude.ai subscription.`,
          fix: 'Remove that apiKeyHelper or key from project or managed settings, or run `claude-auth-tray doctor`.',
        };
      if (s.apiProvider && s.apiProvider !== 'firstParty')
        return {
          message: `Claude Code uses ${s.apiProvider}, not your Claude.ai subscription.`,
          fix: `Unset CLAUDE_CODE_USE_${s.apiProvider.toUpperCase()} in your environment or project settings.`,
        };
      if (s.loggedIn === false)
        return {
          message: 'Claude Code is not logged in to Claude.ai.',
          fix: 'Run `claude auth login` (or /login inside Claude Code).',
        };
      return undefined;
    case 'anthropic-admin-key':
      return undefined;
    case 'bedrock':
    case 'vertex':
    case 'foundry': {
      const want = PROVIDER[profile.kind];
      if (s.apiProvider && s.apiProvider !== want) {
        return {
          message: `Claude Code uses ${s.apiProvider}, not ${want} as the "${profile.name}" profile says.`,
          fix: 'Check project and managed settings and your environment for another CLAUDE_CODE_USE_* variable.',
        };
      }
      return undefined;
    }
  }
}
