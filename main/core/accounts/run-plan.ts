import type { Profile } from '../../../common/profile';
import { keySource } from '../../../common/providers/accounts';
import type { PlanEntry } from '../claude-settings/activation-plan';
import type { Env } from '../paths';
import { planToSettings } from './account-plan';
import { PROFILE_MARKER_VAR } from './profile-marker';

/** Variables that beat every profile in Claude Code (claude-code-auth.md, "Which credential wins"). */
export const WINNING_VARS = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'] as const;

export interface RunSpec {
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** The settings for `claude --settings`, when the command is Claude Code. */
  readonly settings?: string;
}

/** True when the command is Claude Code itself (its --settings carries the profile). */
export function isClaudeCommand(command: string, claudePath: string | undefined): boolean {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base === 'claude' || base === 'claude.exe' || (claudePath !== undefined && command === claudePath);
}

function baseEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (v !== undefined && !(WINNING_VARS as readonly string[]).includes(k)) out[k] = v;
  return out;
}

/**
 * How one command runs with a profile, changing no file (issue 14, "Per command"):
 * - Claude Code: `--settings <json>` with the profile's keys (above the user's and the project's
 *   settings), nothing secret in its environment — an API key reaches it through apiKeyHelper;
 * - anything else: the environment the profile implies (aws-vault's exec model), the key itself as
 *   ANTHROPIC_API_KEY for key profiles.
 * Both drop exported ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN / CLAUDE_CODE_OAUTH_TOKEN, which would
 * otherwise beat the profile.
 */
export function runSpec(
  profile: Profile,
  plan: readonly PlanEntry[],
  command: readonly string[],
  env: Env,
  opts: { claude: boolean; key?: string },
): RunSpec {
  const childEnv = baseEnv(env);
  if (opts.claude) {
    // With the profile's marker (profile-marker.ts), as a pin: the session's status line names the
    // profile this run gives it, not the active one (issue 15). In --settings, so it beats a pinned
    // folder's marker exactly as the run's keys beat the pin's.
    const marked: PlanEntry[] = [...plan, { path: ['env', PROFILE_MARKER_VAR], value: profile.id }];
    return { args: command.slice(1), env: childEnv, settings: JSON.stringify(planToSettings(marked)) };
  }
  for (const e of plan) {
    if (e.path[0] !== 'env' || e.path.length !== 2) continue;
    if (e.value === '' && e.path[1] !== 'CLAUDE_SECURESTORAGE_CONFIG_DIR') delete childEnv[e.path[1]];
    else childEnv[e.path[1]] = e.value;
  }
  if (keySource(profile.kind) && opts.key) childEnv.ANTHROPIC_API_KEY = opts.key;
  return { args: command.slice(1), env: childEnv };
}
