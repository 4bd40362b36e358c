import type { DoctorFinding } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { claudeAccount } from '../../common/providers/accounts';
import { accountWarnings } from '../core/accounts/account-check';
import { profileForFolder } from '../core/accounts/folder-profile';
import type { ClaudeAuthStatus } from '../core/claude-auth-status';
import { folderLines } from './project';

/** What `status` adds for issue 14: the folder's profile and its file, pins, account warnings. */
export async function statusExtras(
  f: { activeProfileId?: string | undefined; profiles: readonly Profile[] },
  claude: ClaudeAuthStatus | undefined,
  warnings: { kind: string; message: string; fix: string }[],
): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const here = profileForFolder(process.cwd(), f.activeProfileId, process.env, f.profiles).profileId;
  const active = f.profiles.find((p) => p.id === here);
  warnings.unshift(...(await accountWarnings(active, claude, process.env)));
  return folderLines(f);
}

/** doctor: whether Claude Code still follows the active account's folder (see accountWarnings). */
export async function accountFindings(f: {
  activeProfileId?: string | undefined;
  profiles: readonly Profile[];
}): Promise<DoctorFinding[]> {
  const here = profileForFolder(process.cwd(), f.activeProfileId, process.env, f.profiles).profileId;
  const active = claudeAccount(f.profiles.find((p) => p.id === here));
  if (!active?.storageDir) return [];
  // Claude Code's answer for this very state when it was recorded in the last minute (issue 15).
  const { currentVerdict } = await import('../core/claude-check');
  const s = (await currentVerdict(() => f.activeProfileId, process.env, process.cwd()))?.result;
  return (await accountWarnings(active, s, process.env)).map((w) => ({ ...w, severity: 'warning' as const }));
}
