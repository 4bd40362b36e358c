/**
 * One status (issue 13): each profile's state, the doctor's findings and whether Claude Code uses
 * what this app thinks it does (`compareAuth` through whoPaysMismatch). `AppApi.snapshot` (the tray
 * and the window) and CLI `status` both build it here; they differ only in where a state comes from
 * (the tray's monitor first) and how the doctor runs (the tray caches it until a settings file
 * changes).
 */
import type { AuthState } from '../../common/auth-state';
import type { DoctorFinding, Warning } from '../../common/ipc-contract';
import type { Profile, ProfilesFile } from '../../common/profile';
import { profileForFolder } from './accounts/folder-profile';
import { readChecks, recordedState } from './check-records';
import type { AuthMismatch, ClaudeAuthStatus } from './claude-auth-status';
import { offlineState } from './offline-state';
import type { Env } from './paths';
import { coreOf, monitoringOf } from './providers';
import type { SecretStore } from './vault';
import { whoPaysMismatch } from './usage/who-pays-check';

export interface KnownStateContext {
  readonly store: SecretStore;
  readonly env: Env;
  readonly now: number;
  readonly platform: NodeJS.Platform;
  /** The app's data folder, where the last checks are recorded. */
  readonly dataDir: string;
  /** The settings file's helper TTL, when the caller reads it once for many profiles. */
  readonly settingsTtl?: () => unknown;
}

/**
 * What is known about a profile without checking it now: the last check's result when it is about
 * the state the profile is in (check-records.ts), else its state from the keychain and files.
 * `records`: read once for many profiles.
 */
export function knownState(
  p: Profile,
  ctx: KnownStateContext,
  records: ReturnType<typeof readChecks> = readChecks(ctx.dataDir),
): AuthState {
  const offline = offlineState(p, ctx.store, ctx.env, ctx.now, ctx.platform, ctx.settingsTtl);
  if (monitoringOf(p, ctx.env).how === 'files') return offline; // the files say everything
  return recordedState(records[p.id], p, offline, ctx.env, ctx.platform, ctx.now) ?? offline;
}

/**
 * A state corrected by what `claude auth status` knows (a login this app cannot read). It speaks
 * for the profile Claude Code uses: the active one, or with none its own login (issue 14: with
 * several Claude.ai accounts it must not vouch for the others).
 */
export function correctedState(
  p: Profile,
  s: AuthState,
  activeProfileId: string | undefined,
  claude: ClaudeAuthStatus | undefined,
): AuthState {
  const correct = coreOf(p.kind).withClaudeStatus;
  if (!claude || !correct) return s;
  const speaksFor = activeProfileId === p.id || (activeProfileId === undefined && !('storageDir' in p && p.storageDir));
  return speaksFor ? correct(s, claude) : s;
}

export interface StatusInput {
  readonly file: ProfilesFile;
  readonly env: Env;
  readonly cwd: string;
  /** What `claude auth status` answered, when it was asked. */
  readonly claude: ClaudeAuthStatus | undefined;
  /** A profile's state before Claude Code's correction (the monitor's, else knownState). */
  readonly stateOf: (p: Profile) => AuthState;
  /** The doctor's findings (settings files, the environment). */
  readonly doctor: () => readonly DoctorFinding[];
  /** Claude Code's mismatch, when the caller keeps it (the tray, until an input changes); else claudeMismatch. */
  readonly mismatch?: () => AuthMismatch | undefined;
}

/**
 * Whether Claude Code uses something else than the profile of this folder (a pin, else the active
 * one; `claude auth status` was asked in this folder). Reads the project's settings and the pins.
 */
export function claudeMismatch(
  file: ProfilesFile,
  claude: ClaudeAuthStatus | undefined,
  env: Env,
  cwd: string,
): AuthMismatch | undefined {
  if (!claude) return undefined;
  const folder = profileForFolder(cwd, file.activeProfileId, env, file.profiles).profileId;
  return whoPaysMismatch(
    file.profiles.find((p) => p.id === folder),
    claude,
    env,
    cwd,
  );
}

export interface StatusReport {
  readonly profiles: readonly { readonly profile: Profile; readonly active: boolean; readonly state: AuthState }[];
  /** A mismatch with Claude Code first, then the doctor's findings. */
  readonly warnings: Warning[];
  /** Claude Code uses something else than the profile of this folder. */
  readonly mismatch: boolean;
}

export function statusReport(i: StatusInput): StatusReport {
  const active = i.file.activeProfileId;
  // In a pinned project Claude Code uses the pin (`claude auth status` was asked in this folder).
  const mismatch = i.mismatch ? i.mismatch() : claudeMismatch(i.file, i.claude, i.env, i.cwd);
  // One warning per cause (issue 15): the doctor does not warn again about the variable the mismatch names.
  const warnings: Warning[] = i
    .doctor()
    .filter((x) => !(x.kind === 'secret-in-environment' && x.variable && x.variable === mismatch?.variable))
    .map((x) => ({
      kind: x.kind,
      message: x.message,
      fix: x.fix,
      ...(x.windowFix ? { windowFix: x.windowFix } : {}),
    }));
  if (mismatch)
    warnings.unshift({
      kind: 'claude-code-mismatch',
      message: mismatch.message,
      fix: mismatch.fix,
      ...(mismatch.windowFix ? { windowFix: mismatch.windowFix } : {}),
    });
  return {
    profiles: i.file.profiles.map((p) => ({
      profile: p,
      active: p.id === active,
      state: correctedState(p, i.stateOf(p), active, i.claude),
    })),
    warnings,
    mismatch: mismatch !== undefined,
  };
}
