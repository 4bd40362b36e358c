import type { Profile } from '../../../common/profile';
import type { Notice } from '../notification-policy';
import { claudeAccount } from '../../../common/providers/accounts';
import { billingChange } from './billing-change';
import { runningSessionNote } from './running-sessions';

/**
 * The notification after a switch from the tray or the window (issue 14): billing moving between a
 * subscription and per-token (either way), else an account → account switch, the one a running
 * session may not follow. Nothing for other switches. Pure.
 */
export function switchNotices(from: Profile | undefined, to: Profile): Notice[] {
  const billing = billingChange(from, to);
  if (billing) {
    return [
      {
        key: `billing|${to.id}`,
        profileId: to.id,
        title: 'Billing changes',
        body: `${billing} ${runningSessionNote(from, to)}`,
        screen: 'edit',
      },
    ];
  }
  if (claudeAccount(from) && claudeAccount(to) && from!.id !== to.id) {
    return [
      {
        key: `switch|${to.id}`,
        profileId: to.id,
        title: `Switched to ${to.name}`,
        body: runningSessionNote(from, to),
        screen: 'edit',
      },
    ];
  }
  return [];
}
