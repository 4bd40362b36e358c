import { PROVIDER_LABEL, type Profile } from '../../../common/profile';

/** How Claude Code's use is paid for under a profile. */
export function billingOf(p: Profile | undefined): 'subscription' | 'per-token' | undefined {
  if (!p) return undefined;
  if (p.kind === 'claude-ai') return 'subscription';
  if (p.kind === 'anthropic-admin-key') return undefined;
  return 'per-token';
}

function accountWords(p: Extract<Profile, { kind: 'claude-ai' }>): string {
  const plan = p.subscriptionType ? ` ${p.subscriptionType}` : '';
  return `the Claude.ai${plan} subscription of "${p.name}"`;
}

/**
 * A warning when a switch moves Claude Code between a subscription (plan limits, no extra charge)
 * and pay-per-token billing (an API key, a helper's key, or a cloud account), either way. Pure:
 * the CLI's `use` and the tray's notification say the same words.
 */
export function billingChange(from: Profile | undefined, to: Profile): string | undefined {
  const a = billingOf(from);
  const b = billingOf(to);
  if (!a || !b || a === b) return undefined;
  if (b === 'per-token') {
    return `Billing changes: Claude Code now pays per token through "${to.name}" (${PROVIDER_LABEL[to.kind]}) instead of using ${accountWords(from as Extract<Profile, { kind: 'claude-ai' }>)}.`;
  }
  return `Billing changes: Claude Code now uses ${accountWords(to as Extract<Profile, { kind: 'claude-ai' }>)} instead of paying per token through "${from!.name}" (${PROVIDER_LABEL[from!.kind]}).`;
}
