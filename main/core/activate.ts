import { closest } from '../../common/did-you-mean';
import { AppError, keyMissingStep } from '../../common/errors';
import type { Profile, ProfilesFile } from '../../common/profile';
import { envSecretOf, providerOf } from '../../common/providers';
import { activationPlan, type PlanEntry } from './claude-settings/activation-plan';
import type { ApplyResult, SettingsBridge } from './claude-settings/settings-bridge';
import { apiKeyHelperCommand, type CliRuntime } from './helper-command';
import { findProfile } from './profile-lookup';
import type { SecretStore } from './vault';

export interface ActivationResult {
  readonly profile: Profile;
  readonly apply: ApplyResult;
  readonly keys: readonly string[];
}

/** What a switch touches. Kept free of the schema library: `use` has its own lean bundle (issue 16). */
export interface ActivationDeps {
  readonly secrets: SecretStore;
  readonly runtime: CliRuntime;
  readonly bridge: SettingsBridge;
  /** profiles.json, validated. */
  load(): ProfilesFile;
  /** Whether the profile's key is in the keychain, when known without reading it (`use`, issue 16). */
  hasSecret?(id: string): boolean;
  /** Records the active profile in profiles.json (under its lock; called under the settings lock). */
  setActive(id: string): void;
  /**
   * Keys the app owns whichever profile is active (the status line when on, issue 15), asked under
   * the settings lock so it sees the user's own values as they are now.
   */
  extraPlan?(): readonly PlanEntry[];
}

// In a module of its own: `use`'s first stage finds the profile without the rest (main/cli/use.ts).
export { findProfile } from './profile-lookup';

/** The one "no such profile" error, with the closest name or id as a guess (issue 17). */
export function profileNotFound(ref: string, f: ProfilesFile): AppError {
  const guess = closest(ref, [...f.profiles.map((x) => x.name), ...f.profiles.map((x) => x.id)]);
  return new AppError({
    kind: 'profile-not-found',
    message: `No profile named or with id "${ref}".${guess === undefined ? '' : ` Did you mean "${guess}"?`}`,
    nextStep: {
      cli: 'Run `claude-auth-tray list` to see your profiles.',
      window: 'Choose one from the Profiles list.',
    },
  });
}

/** A Bedrock or Foundry API key the user allowed into settings.json in plain text. */
export function consentedPlaintext(profile: Profile): boolean {
  return (
    envSecretOf(profile) !== undefined && 'allowPlaintextSecret' in profile && profile.allowPlaintextSecret === true
  );
}

/** Whether activating the profile reads its secret from the keychain (a key it must have, or one it writes). */
export function readsSecret(profile: Profile): boolean {
  return needsKey(profile) || consentedPlaintext(profile);
}

/** Whether activating the profile needs its key to be in the keychain (not its value: the helper reads it). */
export function needsKey(profile: Profile): boolean {
  return providerOf(profile.kind).traits.helperServes === 'keychain-key';
}

export function planFor(secrets: SecretStore, runtime: CliRuntime, profile: Profile): readonly PlanEntry[] {
  const plaintextSecret = consentedPlaintext(profile) ? secrets.get(profile.id) : undefined;
  return activationPlan({
    profile,
    helperCommand: apiKeyHelperCommand(runtime, profile.id),
    ...(plaintextSecret ? { plaintextSecret } : {}),
  });
}

/**
 * The plan of a profile that can be activated now: its key is in the keychain (when the helper
 * serves one) and the keychain answers. Throws (keychain-unavailable, secret-missing) otherwise, so
 * a caller can ask before it writes anything (an edit of the active profile). `hasSecret` answers
 * whether the key is there without reading it, when the caller knows (`use`, issue 16).
 */
export function activatablePlan(
  secrets: SecretStore,
  runtime: CliRuntime,
  profile: Profile,
  hasSecret?: (id: string) => boolean,
): readonly PlanEntry[] {
  if (needsKey(profile)) {
    if (!(hasSecret?.(profile.id) ?? secrets.get(profile.id) !== undefined)) {
      throw new AppError({
        kind: 'secret-missing',
        message: `The key of "${profile.name}" is not in the keychain.`,
        nextStep: keyMissingStep(profile.name),
      });
    }
  }
  return planFor(secrets, runtime, profile);
}

/** Makes a profile Claude Code's credential: its keys into settings.json, then the active id. */
export function activateProfile(deps: ActivationDeps, ref: string): ActivationResult {
  const file = deps.load();
  const profile = findProfile(file, ref);
  if (!profile) throw profileNotFound(ref, file);
  const plan = activatablePlan(deps.secrets, deps.runtime, profile, deps.hasSecret?.bind(deps));
  // profiles.json is written under the settings lock, right after settings.json: two `use` running
  // at once then leave both files saying the same profile (issue 12, item 2).
  // The status line entry reads the user's own statusLine: asked under the settings lock.
  const apply = deps.bridge.apply(
    () => [...plan, ...(deps.extraPlan?.() ?? [])],
    () => deps.setActive(profile.id),
  );
  return { profile, apply, keys: plan.map((e) => e.path.join('.')) };
}
