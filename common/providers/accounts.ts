/**
 * Claude.ai accounts (issue 14) as the rest of the app asks about them, so no code outside the
 * registries names a kind: which profile is an account, and how a profile's use is paid for.
 */
import type { Profile } from '../profile';
import type { ProfileKind } from '../profile-kinds';
import { isAdminKey, providerOf } from './index';

/** The kind whose profiles are Claude.ai accounts. */
export const ACCOUNT_KIND = 'claude-ai' satisfies ProfileKind;

export type ClaudeAccount = Extract<Profile, { kind: 'claude-ai' }>;

/** The profile as a Claude.ai account, or undefined for every other kind. */
export function claudeAccount(p: Profile | undefined): ClaudeAccount | undefined {
  return p?.kind === 'claude-ai' ? p : undefined;
}

/** True for a kind that is a Claude.ai account (a flat input, a CLI kind). */
export function isAccountKind(kind: string | undefined): boolean {
  return kind === 'claude-ai';
}

/** How Claude Code's use is paid for: the subscription, per token (a key, a cloud), or not at all (Admin). */
export function billingOf(p: Profile | undefined): 'subscription' | 'per-token' | undefined {
  if (!p) return undefined;
  if (p.kind === 'claude-ai') return 'subscription';
  if (isAdminKey(p)) return undefined;
  return 'per-token';
}

/** The key a program other than Claude Code gets from this profile: the keychain's, or the helper's. */
export function keySource(kind: ProfileKind): 'keychain-key' | 'helper-key' | undefined {
  return providerOf(kind).traits.helperServes;
}
