import type { Profile } from '../../../common/profile';
import { PROVIDER_LABEL } from '../../../common/profile-kinds';
import { billingOf, claudeAccount, type ClaudeAccount } from '../../../common/providers/accounts';

function accountWords(p: ClaudeAccount): string {
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
    return `Billing changes: Claude Code now pays per token through "${to.name}" (${PROVIDER_LABEL[to.kind]}) instead of using ${accountWords(claudeAccount(from)!)}.`;
  }
  return `Billing changes: Claude Code now uses ${accountWords(claudeAccount(to)!)} instead of paying per token through "${from!.name}" (${PROVIDER_LABEL[from!.kind]}).`;
}
