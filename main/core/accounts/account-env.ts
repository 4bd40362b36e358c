import * as path from 'node:path';
import type { Profile } from '../../../common/profile';
import { claudeAccount } from '../../../common/providers/accounts';
import { appDataDir, claudeConfigDir, type Env } from '../paths';

/**
 * Where a Claude.ai account's login lives, and how Claude Code is told (claude-code-auth.md,
 * "Verified against the real Claude Code 2.1.197"): Claude Code reads its stored login from
 * CLAUDE_SECURESTORAGE_CONFIG_DIR when that variable is set, else CLAUDE_CONFIG_DIR, else ~/.claude;
 * settings, history and MCP servers stay in the one config folder.
 */
export const STORAGE_VAR = 'CLAUDE_SECURESTORAGE_CONFIG_DIR';

export type ClaudeAiProfile = Extract<Profile, { kind: 'claude-ai' }>;

/** The fields of an account that no form edits (its folder and what `claude auth status` said). */
export function accountFields(p: Profile): Partial<ClaudeAiProfile> {
  const a = claudeAccount(p);
  if (!a) return {};
  const { storageDir, adopted, email, organization, subscriptionType } = a;
  return Object.fromEntries(
    Object.entries({ storageDir, adopted, email, organization, subscriptionType }).filter(([, v]) => v !== undefined),
  ) as Partial<ClaudeAiProfile>;
}

/** The folder that holds the accounts this app created (one sub-folder per profile id). */
export function accountsRoot(env: Env = process.env): string {
  return path.join(appDataDir(env), 'accounts');
}

export function newAccountDir(id: string, env: Env = process.env): string {
  return path.join(accountsRoot(env), id);
}

/** True for the account that is Claude Code's own login (no storage folder of its own). */
export function isDefaultAccount(p: ClaudeAiProfile): boolean {
  return p.storageDir === undefined;
}

/** The folder whose `.credentials.json` (macOS: Keychain item) holds this account's login. */
export function loginDir(p: ClaudeAiProfile, env: Env = process.env): string {
  return p.storageDir ?? claudeConfigDir(env);
}

/**
 * The value of CLAUDE_SECURESTORAGE_CONFIG_DIR that selects the default login where something must
 * be written (a project pin, `run`): the user's CLAUDE_CONFIG_DIR as given, else "" — Claude Code
 * reads "" as ~/.claude and, on macOS, as the Keychain item without suffix, exactly the default.
 * (An explicit ~/.claude would select a differently named Keychain item on macOS.)
 */
export function defaultStorageValue(env: Env = process.env): string {
  return env.CLAUDE_CONFIG_DIR ?? '';
}

/**
 * The environment to run `claude auth …` for one account, away from the user's settings: the
 * config folder is the account's own folder (so a login records its email there, not over the
 * default account's in the shared ~/.claude.json), or the user's for the default account.
 */
export function accountCommandEnv(p: ClaudeAiProfile, env: Env = process.env): Record<string, string | undefined> {
  if (isDefaultAccount(p)) {
    const { [STORAGE_VAR]: _ignored, ...rest } = env;
    return { ...rest };
  }
  return { ...env, [STORAGE_VAR]: p.storageDir, CLAUDE_CONFIG_DIR: p.storageDir };
}

/** The environment in which this app reads an account's login (expiry), like Claude Code would. */
export function loginReadEnv(p: ClaudeAiProfile, env: Env = process.env): Env {
  return isDefaultAccount(p) ? withoutStorageVar(env) : { ...env, [STORAGE_VAR]: p.storageDir };
}

function withoutStorageVar(env: Env): Env {
  const { [STORAGE_VAR]: _ignored, ...rest } = env;
  return rest;
}
