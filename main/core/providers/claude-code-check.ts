/** What `claude auth status` should report per kind of profile, as shared checks (compareAuth). */
import type { Profile } from '../../../common/profile';
import type { AuthMismatch, ClaudeAuthStatus } from '../claude-auth-status';

/** An exported key (ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN) that wins over the profile. */
function overriddenBy(p: Profile, s: ClaudeAuthStatus): AuthMismatch | undefined {
  const src = s.apiKeySource;
  const v = src === 'ANTHROPIC_API_KEY' || src === 'ANTHROPIC_AUTH_TOKEN' ? src : undefined;
  return v
    ? {
        message: `Claude Code uses ${v} from your environment instead of the "${p.name}" profile.`,
        fix: `Remove the export of ${v} from your shell profile (e.g. ~/.zshrc, ~/.bashrc), open a new terminal, and check again with \`claude-auth-tray status\`.`,
        windowFix: `Remove the export of ${v} from your shell profile (e.g. ~/.zshrc, ~/.bashrc) and start Claude Code from a new terminal.`,
      }
    : undefined;
}

/** A key served through this app's apiKeyHelper (an API key or a key helper). */
export function viaApiKeyHelper(p: Profile, s: ClaudeAuthStatus): AuthMismatch | undefined {
  const src = s.apiKeySource;
  const env = overriddenBy(p, s);
  if (env) return env;
  if (s.apiProvider && s.apiProvider !== 'firstParty') {
    return {
      message: `Claude Code uses ${s.apiProvider}, not the "${p.name}" API key.`,
      fix: `Unset CLAUDE_CODE_USE_${s.apiProvider.toUpperCase()} in your environment or project settings.`,
    };
  }
  if (src && src !== 'apiKeyHelper')
    return {
      message: `Claude Code takes its key from ${src}, not from this app's helper.`,
      fix: 'Run `claude-auth-tray doctor` to find where that key is set.',
      windowFix: 'Open the Doctor to find where that key is set.',
    };
  if (s.authMethod && s.authMethod !== 'api_key_helper' && s.authMethod !== 'api_key') {
    return {
      message: `Claude Code authenticates with ${s.authMethod}, not the "${p.name}" key.`,
      fix: 'Check managed and project settings for forceLoginMethod or another apiKeyHelper.',
    };
  }
  return undefined;
}

/** Claude Code's own /login (the Claude.ai subscription). */
export function viaClaudeLogin(p: Profile, s: ClaudeAuthStatus): AuthMismatch | undefined {
  const src = s.apiKeySource;
  const env = overriddenBy(p, s);
  if (env) return env;
  if (src)
    return {
      message: `Claude Code uses an API key (${src}) instead of your Claude.ai subscription.`,
      fix: 'Remove that apiKeyHelper or key from project or managed settings, or run `claude-auth-tray doctor`.',
      windowFix: 'Remove that apiKeyHelper or key from project or managed settings (the Doctor lists them).',
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
}

/** A cloud provider: Claude Code's `apiProvider` must be this one. */
export const viaCloudProvider =
  (want: string) =>
  (p: Profile, s: ClaudeAuthStatus): AuthMismatch | undefined => {
    if (s.apiProvider && s.apiProvider !== want) {
      return {
        message: `Claude Code uses ${s.apiProvider}, not ${want} as the "${p.name}" profile says.`,
        fix: 'Check project and managed settings and your environment for another CLAUDE_CODE_USE_* variable.',
      };
    }
    return undefined;
  };
