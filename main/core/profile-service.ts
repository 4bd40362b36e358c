import { AppError } from '../../common/errors';
import { PROVIDER_LABEL, type Profile, type ProfilesFile } from '../../common/profile';
import { envSecretOf, needsSecret, providerOf } from '../../common/providers';
import { activationPlan, type PlanEntry } from './claude-settings/activation-plan';
import { SettingsBridge, type ApplyResult } from './claude-settings/settings-bridge';
import { apiKeyHelperCommand, type CliRuntime } from './helper-command';
import { userSettingsPath, type Env } from './paths';
import { assertNameFree, newProfileId, ProfileStore, validateProfile } from './profile-store';
import type { SecretStore } from './vault';

export type NewProfile = {
  [K in Profile['kind']]: Omit<Extract<Profile, { kind: K }>, 'id' | 'createdAt'>;
}[Profile['kind']];

export interface ActivationResult {
  readonly profile: Profile;
  readonly apply: ApplyResult;
  readonly keys: readonly string[];
}

/**
 * The profile use cases shared by the CLI and the tray: add, activate, remove. Secrets go to the
 * keychain first and only then does the metadata appear, so a failed keychain write leaves nothing.
 */
export class ProfileService {
  readonly profiles: ProfileStore;
  readonly bridge: SettingsBridge;

  constructor(
    readonly secrets: SecretStore,
    readonly runtime: CliRuntime,
    readonly env: Env = process.env,
  ) {
    this.profiles = new ProfileStore(env);
    this.bridge = new SettingsBridge(userSettingsPath(env), env);
  }

  list(): ProfilesFile {
    return this.profiles.load();
  }

  /**
   * Adds a profile. `secretLater`: a bundle import may add an API-key profile whose key the user pastes
   * afterwards. The free-name check, the id, the keychain write and the new profiles.json all happen
   * under the profiles lock: of parallel adds with one name exactly one wins, and a loser never
   * writes its secret. The secret is in the keychain before the profile appears.
   */
  add(input: NewProfile, secret?: string, opts: { secretLater?: boolean } = {}): Profile {
    let written: string | undefined;
    try {
      return this.profiles.update((f) => {
        assertNameFree(f, input.name);
        const id = newProfileId(input.name, new Set(f.profiles.map((p) => p.id)));
        const profile = validateProfile({ ...input, id, createdAt: new Date().toISOString() });
        if (needsSecret(profile) && !(opts.secretLater && secret === undefined)) {
          if (secret === undefined) {
            throw new AppError({
              kind: 'invalid-argument',
              message: `This ${PROVIDER_LABEL[profile.kind]} profile needs its key.`,
              nextStep: 'Pass it on standard input with --key-stdin.',
            });
          }
          this.secrets.set(id, secret);
          written = id;
        }
        return { file: { ...f, profiles: [...f.profiles, profile] }, result: profile };
      });
    } catch (e) {
      if (written !== undefined) this.secrets.delete(written);
      throw e;
    }
  }

  planFor(profile: Profile): readonly PlanEntry[] {
    const plaintextSecret = consentedPlaintext(profile) ? this.secrets.get(profile.id) : undefined;
    return activationPlan({
      profile,
      helperCommand: apiKeyHelperCommand(this.runtime, profile.id),
      ...(plaintextSecret ? { plaintextSecret } : {}),
    });
  }

  activate(ref: string): ActivationResult {
    const file = this.profiles.load();
    const profile = this.profiles.find(ref, file);
    if (providerOf(profile.kind).traits.helperServes === 'keychain-key') {
      if (this.secrets.get(profile.id) === undefined) {
        throw new AppError({
          kind: 'secret-missing',
          message: `The key of "${profile.name}" is not in the keychain.`,
          nextStep: 'Remove the profile and add it again with --key-stdin.',
        });
      }
    }
    const plan = this.planFor(profile);
    // profiles.json is written under the settings lock, right after settings.json: two `use` running
    // at once then leave both files saying the same profile (issue 12, item 2).
    const apply = this.bridge.apply(plan, () =>
      this.profiles.update((f) => ({ file: { ...f, activeProfileId: profile.id }, result: undefined })),
    );
    return { profile, apply, keys: plan.map((e) => e.path.join('.')) };
  }

  /**
   * Removes a profile: its keychain item first (verified gone), then the keys it wrote, then the
   * profile. A locked or missing keychain throws before anything changed, so a retry finds the
   * profile again (issue 12, item 7). Idempotent: with no such profile, a keychain item left under
   * that id is deleted; `profile` and `deletedItem` both empty means it was already removed.
   */
  remove(ref: string): RemoveResult {
    let profile: Profile;
    try {
      profile = this.profiles.find(ref);
    } catch (e) {
      if (!(e instanceof AppError && e.kind === 'profile-not-found')) throw e;
      return { deletedItem: this.secrets.delete(ref) };
    }
    // Item 8: a consented plaintext key leaves every backup with its profile (older versions kept it
    // there). Read before the item goes: afterwards nothing knows what to scrub.
    if (consentedPlaintext(profile)) {
      const secret = this.secrets.get(profile.id);
      if (secret) this.bridge.scrubBackups(secret);
    }
    const deletedItem = this.secrets.delete(profile.id);
    // Whether it is active is decided under the settings lock, where a concurrent `use` cannot change it.
    this.bridge.apply(
      () => (this.profiles.load().activeProfileId === profile.id ? [] : undefined),
      () =>
        this.profiles.update((f) => {
          const { activeProfileId, ...rest } = f;
          return {
            file: {
              ...rest,
              ...(activeProfileId && activeProfileId !== profile.id ? { activeProfileId } : {}),
              profiles: f.profiles.filter((p) => p.id !== profile.id),
            },
            result: undefined,
          };
        }),
    );
    return { profile, deletedItem };
  }
}

export interface RemoveResult {
  readonly profile?: Profile;
  readonly deletedItem: boolean;
}

/** A Bedrock or Foundry API key the user allowed into settings.json in plain text. */
function consentedPlaintext(profile: Profile): boolean {
  return (
    envSecretOf(profile) !== undefined && 'allowPlaintextSecret' in profile && profile.allowPlaintextSecret === true
  );
}
