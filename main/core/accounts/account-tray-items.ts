import type { ProfileView } from '../../../common/ipc-contract';
import { sanitizeForTerminal } from '../../../common/terminal-text';
import { claudeAccount } from '../../../common/providers/accounts';
import type { TrayInput, TrayItem } from '../tray-menu-model';
import { folderName, profileMenuLabel } from './account-menu';

/** "Project pins": one line per pinned project, a click removes the pin. */
export function pinItems(input: TrayInput): TrayItem[] {
  const pins = input.pins ?? [];
  if (pins.length === 0) return [];
  const items: TrayItem[] = [{ kind: 'header', label: 'Project pins (click to remove)' }];
  for (const pin of pins) {
    const v = input.profiles.find((x) => x.profile.id === pin.profileId);
    const who = v ? profileMenuLabel(v).replace(/ · pinned in .*$/, '') : 'a removed profile';
    items.push({
      kind: 'action',
      label: `${sanitizeForTerminal(folderName(pin.dir))} → ${who}`,
      action: { type: 'unpin', dir: pin.dir },
    });
  }
  items.push({ kind: 'separator' });
  return items;
}

/** "Sign in to …" for every Claude.ai account that is not active and needs it (the active one has its own line). */
export function accountSignInItems(profiles: readonly ProfileView[]): TrayItem[] {
  return profiles
    .filter((v) => !v.active && claudeAccount(v.profile) && v.state.next === 'sign-in')
    .map((v) => ({
      kind: 'action' as const,
      label: `Sign in to ${sanitizeForTerminal(v.profile.name)} again…`,
      action: { type: 'sign-in' as const, profileId: v.profile.id },
    }));
}
