/**
 * What Claude Code will use in a folder, and why (issue 17, `whoami`): the profile this app set up
 * there (a project pin beats the user's active profile), the exported variables that beat it
 * (claude-code-auth.md, "Which credential wins"), and Claude Code's own recorded verdict. Reads
 * files only; never a secret (variables are named, never shown).
 */
import type { Profile, ProfilesFile } from '../../common/profile';
import { providerOf } from '../../common/providers';
import { profileForFolder } from './accounts/folder-profile';
import { readFileIfExists } from './atomic-write';
import type { ClaudeAuthStatus } from './claude-auth-status';
import { checkFingerprint, readCheckRecord } from './claude-check';
import { settingsLocations } from './doctor';
import type { Env } from './paths';
import { parseSettings } from './claude-settings/settings-parse';

/** Claude Code's order (highest first): the rank of each variable that selects a credential. */
const ENV_RANK: readonly (readonly [string, number])[] = [
  ['CLAUDE_CODE_USE_BEDROCK', 1],
  ['CLAUDE_CODE_USE_VERTEX', 1],
  ['CLAUDE_CODE_USE_FOUNDRY', 1],
  ['ANTHROPIC_AUTH_TOKEN', 2],
  ['ANTHROPIC_API_KEY', 3],
  ['CLAUDE_CODE_OAUTH_TOKEN', 5],
];

/** Where a profile's credential ranks: a cloud provider 1, a key helper 4, a subscription login 6. */
function rankOf(p: Profile): number {
  const t = providerOf(p.kind).traits;
  return t.billing === 'subscription' ? 6 : t.helperServes ? 4 : 1;
}

export interface WhoAmI {
  readonly folder: string;
  /** The profile Claude Code gets from this app here, if any. */
  readonly profile: { readonly id: string; readonly name: string; readonly kind: string } | undefined;
  /**
   * 'pin': this app's pin, the folder's .claude/settings.local.json; 'project': auth keys written by
   * hand into the folder's project settings; 'user': the user's settings.json; 'none'.
   */
  readonly source: 'pin' | 'project' | 'user' | 'none';
  readonly file: string;
  /** A parent folder's pin, which does not reach this folder (Claude Code reads only its own). */
  readonly ignoredPin: string | undefined;
  /** With a pin: the user's active profile it overrides. */
  readonly overrides: { readonly id: string; readonly name: string } | undefined;
  /** Exported variables that beat the profile (not cancelled by a settings file's env block). */
  readonly beatenBy: readonly { readonly variable: string; readonly why: string }[];
  /** Claude Code's recorded answer and whether it is about this very state. */
  readonly claudeCode:
    { readonly result: ClaudeAuthStatus | null; readonly checkedAt: number; readonly current: boolean } | undefined;
}

/** The env keys the settings files of this folder set (any value, "" too: it cancels an export). */
function settingsEnvKeys(env: Env, cwd: string): Set<string> {
  const keys = new Set<string>();
  for (const loc of settingsLocations(env, cwd)) {
    try {
      const text = readFileIfExists(loc.file);
      if (text === undefined) continue;
      const e = parseSettings(text, loc.file).env;
      if (e && typeof e === 'object') for (const k of Object.keys(e)) keys.add(k);
    } catch {
      // an unreadable file is the doctor's finding; here it sets nothing
    }
  }
  return keys;
}

export function whoAmI(f: ProfilesFile, env: Env, cwd: string): WhoAmI {
  const here = profileForFolder(cwd, f.activeProfileId, env, f.profiles);
  const profile = f.profiles.find((p) => p.id === here.profileId);
  const active = f.profiles.find((p) => p.id === f.activeProfileId);
  const inSettings = settingsEnvKeys(env, cwd);
  const rank = profile ? rankOf(profile) : 7;
  const beatenBy = ENV_RANK.filter(([v, r]) => env[v] && !inSettings.has(v) && r < rank).map(([variable]) => ({
    variable,
    why: profile
      ? `${variable} is exported in this shell and beats "${profile.name}" in Claude Code.`
      : `${variable} is exported in this shell: Claude Code uses it.`,
  }));
  const rec = readCheckRecord(env);
  const claudeCode =
    rec?.checkedAt !== undefined && rec.result !== undefined
      ? {
          result: rec.result,
          checkedAt: rec.checkedAt,
          current: rec.fingerprint === checkFingerprint(f.activeProfileId, env, cwd),
        }
      : undefined;
  return {
    folder: cwd,
    profile: profile && { id: profile.id, name: profile.name, kind: profile.kind },
    source: here.pinned ? 'pin' : here.handSet ? 'project' : profile ? 'user' : 'none',
    file: here.file,
    ignoredPin: here.ignoredPin?.dir,
    overrides: here.pinned && active && active.id !== profile?.id ? { id: active.id, name: active.name } : undefined,
    beatenBy,
    claudeCode,
  };
}
