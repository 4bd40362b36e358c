import type { PlanEntry } from '../claude-settings/activation-plan';
import type { Env } from '../paths';
import { isAccountKind } from '../../../common/providers/accounts';
import { defaultStorageValue, isDefaultAccount, STORAGE_VAR, type ClaudeAiProfile } from './account-env';

/**
 * The user-level keys of a Claude.ai account: its storage folder, or nothing for the default
 * account (removing the key lets Claude Code read its own login again).
 */
export function accountPlan(p: ClaudeAiProfile): PlanEntry[] {
  return isDefaultAccount(p) ? [] : [{ path: ['env', STORAGE_VAR], value: p.storageDir! }];
}

const PROVIDER_SWITCHES = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'] as const;

/**
 * A plan for a file that sits above the user's settings (a project's settings.local.json, or
 * `--settings` for one `claude` run). Claude Code merges those files key by key, so keys the user's
 * profile may have written must be cancelled here, or they would still win: `apiKeyHelper: ""`
 * (checked with 2.1.197: it cancels the user's helper), `CLAUDE_CODE_USE_*: ""` (a variable set to ""
 * cancels it), and for a Claude.ai account the storage folder even for the default account.
 */
export function overridingPlan(
  plan: readonly PlanEntry[],
  profile: { readonly kind: string },
  env: Env = process.env,
): PlanEntry[] {
  const has = (p: readonly string[]): boolean => plan.some((e) => e.path.join('.') === p.join('.'));
  const out: PlanEntry[] = [...plan];
  if (!has(['apiKeyHelper'])) out.push({ path: ['apiKeyHelper'], value: '' });
  for (const v of PROVIDER_SWITCHES) if (!has(['env', v])) out.push({ path: ['env', v], value: '' });
  if (isAccountKind(profile.kind) && !has(['env', STORAGE_VAR])) {
    out.push({ path: ['env', STORAGE_VAR], value: defaultStorageValue(env) });
  }
  return out;
}

/** A plan as a settings object (for `claude --settings <json>`). */
export function planToSettings(plan: readonly PlanEntry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const env: Record<string, string> = {};
  for (const e of plan) {
    if (e.path[0] === 'env' && e.path.length === 2) env[e.path[1]] = e.value;
    else out[e.path[0]] = e.value;
  }
  if (Object.keys(env).length > 0) out.env = env;
  return out;
}
