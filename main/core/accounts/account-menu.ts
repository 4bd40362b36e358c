import type { ProfileView } from '../../../common/ipc-contract';
import { PROVIDER_LABEL } from '../../../common/profile-kinds';
import { claudeAccount } from '../../../common/providers/accounts';
import { sanitizeForTerminal } from '../../../common/terminal-text';

export interface PinView {
  readonly dir: string;
  readonly profileId: string;
}

const PLAN: Readonly<Record<string, string>> = { pro: 'Pro', max: 'Max', team: 'Team', enterprise: 'Enterprise' };

/** The last folder name of a path, for a short menu line. */
export function folderName(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).pop() ?? dir;
}

/**
 * A profile's line in the tray: a Claude.ai account by its email and plan (the name when the email
 * is unknown), the default login marked, and how many projects pin it; other kinds by name and kind.
 */
export function profileMenuLabel(v: ProfileView, pins: readonly PinView[] = []): string {
  const p = v.profile;
  const pinned = pins.filter((x) => x.profileId === p.id).length;
  const pinText = pinned ? ` · pinned in ${pinned} project${pinned === 1 ? '' : 's'}` : '';
  const a = claudeAccount(p);
  if (!a) return `${sanitizeForTerminal(p.name)} (${PROVIDER_LABEL[p.kind]})${pinText}`;
  const plan = a.subscriptionType ? (PLAN[a.subscriptionType] ?? sanitizeForTerminal(a.subscriptionType)) : undefined;
  const who = a.email ? sanitizeForTerminal(a.email) : sanitizeForTerminal(a.name);
  const extra = [
    plan,
    a.email && a.email !== a.name ? sanitizeForTerminal(a.name) : undefined,
    a.storageDir ? undefined : 'default login',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${who}${extra ? ` — ${extra}` : ''}${pinText}`;
}
