import type { Profile } from '../../common/profile';
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
