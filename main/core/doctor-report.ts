import type { DoctorFinding } from '../../common/ipc-contract';
import type { Profile, ProfilesFile } from '../../common/profile';
import { claudeAccount } from '../../common/providers/accounts';
import { accountWarnings } from './accounts/account-check';
import { profileForFolder } from './accounts/folder-profile';
import { currentVerdict } from './claude-check';
import { keychainFindings } from './keychain-orphans';
import type { Env } from './paths';
import { oneWarningPerCause, whoPaysFindings } from './usage/who-pays-doctor';
import type { SecretStore } from './vault';
import { switchFinding, unfinishedSwitchAsync } from './switch-check';

/**
 * Every doctor finding, for `doctor` and the window's Doctor alike: the settings files and the
 * environment (`files`: synchronous for the CLI, asynchronous on the app's main thread), the
 * keychain's orphans, the active account's storage folder, who pays, a switch that did not finish
 * (as `status` and the tray say it) — one warning per cause.
 */
export async function doctorReport(
  f: ProfilesFile,
  store: SecretStore,
  env: Env,
  cwd: string,
  files: (active: Profile | undefined) => DoctorFinding[] | Promise<DoctorFinding[]>,
): Promise<DoctorFinding[]> {
  const unfinished = await unfinishedSwitchAsync(f, env);
  return oneWarningPerCause([
    ...(unfinished ? [switchFinding(unfinished)] : []),
    ...(await files(f.profiles.find((p) => p.id === f.activeProfileId))),
    ...keychainFindings(store, f.profiles),
    ...(await accountFindings(f, env, cwd)),
    ...(await whoPaysFindings(f, env, cwd)),
  ]);
}

/** Whether Claude Code still follows the active account's folder (see accountWarnings). */
async function accountFindings(f: ProfilesFile, env: Env, cwd: string): Promise<DoctorFinding[]> {
  const here = profileForFolder(cwd, f.activeProfileId, env, f.profiles).profileId;
  const active = claudeAccount(f.profiles.find((p) => p.id === here));
  if (!active?.storageDir) return [];
  // Claude Code's answer for this very state when it was recorded in the last minute (issue 15).
  const s = (await currentVerdict(() => f.activeProfileId, env, cwd))?.result;
  return (await accountWarnings(active, s, env)).map((w) => ({ ...w, severity: 'warning' as const }));
}
