import type { ProfileView } from '../../../common/ipc-contract';
import { PROVIDER_LABEL } from '../../../common/profile-kinds';
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
  if (p.kind !== 'claude-ai') return `${sanitizeForTerminal(p.name)} (${PROVIDER_LABEL[p.kind]})${pinText}`;
  const plan = p.subscriptionType ? (PLAN[p.subscriptionType] ?? sanitizeForTerminal(p.subscriptionType)) : undefined;
  const who = p.email ? sanitizeForTerminal(p.email) : sanitizeForTerminal(p.name);
  const extra = [
    plan,
    p.email && p.email !== p.name ? sanitizeForTerminal(p.name) : undefined,
    p.storageDir ? undefined : 'default login',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${who}${extra ? ` — ${extra}` : ''}${pinText}`;
}
