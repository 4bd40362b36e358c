import { AppError } from '../../common/errors';
import { PROVIDER_LABEL, type Profile, type ProfilesFile } from '../../common/profile';
import type { NewProfileInput } from '../../common/ipc-contract';
import { fromFlat, needsSecret, toFlat } from '../../common/providers';
import { accountFields } from './accounts/account-env';
import { activatablePlan, activateProfile, consentedPlaintext, planFor, type ActivationResult } from './activate';
import type { PlanEntry } from './claude-settings/activation-plan';
import { SettingsBridge } from './claude-settings/settings-bridge';
import type { CliRuntime } from './helper-command';
import { forgetCheck } from './check-records';
import { appDataDir, userSettingsPath, type Env } from './paths';
import { assertKeyShape } from './key-shape';
import { assertNameFree, newProfileId, ProfileStore, validateProfile } from './profile-store';
import { statusLineEnabled, statusLinePlan } from './usage/status-line-switch';
import type { SecretStore } from './vault';

export type NewProfile = {
  [K in Profile['kind']]: Omit<Extract<Profile, { kind: K }>, 'id' | 'createdAt'>;
}[Profile['kind']];

export type { ActivationResult };

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
              nextStep: {
                cli: 'Run it in a terminal to be asked for it, or pipe it in with --key-stdin.',
                window: 'Paste the key.',
              },
            });
          }
          assertKeyShape(profile, secret);
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

  /**
   * Edits a profile: the changes are merged over its flat form (`toFlat`) and turned back into a
   * profile by the one translator (`fromFlat`); an account's folder and identity are not form
   * fields, so the edit keeps them (issue 14). `guard` refuses an edit before anything is asked or
   * written (the IPC's rule that a stored key stays home), `confirm` asks the user (a command that
   * came over IPC); both run after the early free-name check, which is repeated under the lock. A new
   * secret goes to the keychain under the lock; an active profile is activated again so settings.json
   * follows the edit.
   */
  async update(id: string, changes: ProfileChanges, opts: UpdateOptions = {}): Promise<Profile> {
    const f = this.list();
    const old = this.profiles.find(id, f);
    const { secret, ...rest } = changes;
    const merged = fromFlat({ ...toFlat(old), ...rest, kind: old.kind } as Omit<NewProfileInput, 'secret'>);
    const next = validateProfile({ ...merged, ...accountFields(old), id: old.id, createdAt: old.createdAt });
    opts.guard?.(old, next, secret !== undefined);
    if (secret !== undefined) assertKeyShape(next, secret); // the shape add checks too (issue 17)
    assertNameFree(f, next.name, id); // early, before a secret is written…
    await opts.confirm?.(old, next);
    // The active profile is applied again after the write: what that needs from the keychain is
    // asked first, so a locked or missing keychain changes nothing (it renamed, then exited 3).
    if (f.activeProfileId === id && secret === undefined) activatablePlan(this.secrets, this.runtime, next);
    this.profiles.update((file) => {
      assertNameFree(file, next.name, id); // …and again where it counts: under the lock
      if (secret !== undefined) this.secrets.set(id, secret);
      return { file: { ...file, profiles: file.profiles.map((p) => (p.id === id ? next : p)) }, result: undefined };
    });
    if (secret !== undefined) forgetCheck(appDataDir(this.env), id);
    if (f.activeProfileId === id) this.activate(id);
    return next;
  }

  planFor(profile: Profile): readonly PlanEntry[] {
    return planFor(this.secrets, this.runtime, profile);
  }

  /** Keys the app owns whichever profile is active: its status line, when on (issue 15). */
  extraPlan(): readonly PlanEntry[] {
    return statusLinePlan(this.bridge, this.runtime, statusLineEnabled(this.env), appDataDir(this.env));
  }

  activate(ref: string): ActivationResult {
    return activateProfile(
      {
        secrets: this.secrets,
        runtime: this.runtime,
        bridge: this.bridge,
        load: () => this.profiles.load(),
        setActive: (id) => this.profiles.update((f) => ({ file: { ...f, activeProfileId: id }, result: undefined })),
        extraPlan: () => this.extraPlan(),
      },
      ref,
    );
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
      () => (this.profiles.load().activeProfileId === profile.id ? this.extraPlan() : undefined),
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

/** An edit: any flat field but the kind, and optionally a new secret. */
export type ProfileChanges = Partial<Omit<NewProfileInput, 'kind'>>;

export interface UpdateOptions {
  /** Refuses the edit (throws) before anything is asked or written. */
  readonly guard?: (old: Profile, next: Profile, secretGiven: boolean) => void;
  /** Asks the user about the edited profile (throws to refuse). */
  readonly confirm?: (old: Profile, next: Profile) => Promise<void>;
}

export interface RemoveResult {
  readonly profile?: Profile;
  readonly deletedItem: boolean;
}
