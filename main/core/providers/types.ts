/**
 * What core knows about a provider (issue 13): the keys activation writes, the offline state, the
 * live check and when it is next due, the files to watch, the sign-in command, what `claude auth
 * status` should report, the bundle steps. One file per kind; the registry is ./index.ts.
 */
import type { AuthState } from '../../../common/auth-state';
import type { LoginDraft } from '../../../common/ipc-contract';
import type { Profile } from '../../../common/profile';
import type { ProfileKind } from '../../../common/profile-kinds';
import type { AuthMismatch, ClaudeAuthStatus } from '../claude-auth-status';
import type { PlanEntry, PlanInput } from '../claude-settings/plan-entries';
import type { CredentialCommand } from '../expiry/aws-export';
import type { FetchLike } from '../key-validation';
import type { Env } from '../paths';
import type { RefreshOutcome } from '../scheduler';
import type { SecretStore } from '../vault';

export type ProfileOf<K extends ProfileKind> = Extract<Profile, { kind: K }>;

/** What a state is computed from on this machine, without the network. */
export interface StateContext {
  readonly store: SecretStore;
  readonly env: Env;
  readonly now: number;
  readonly platform: NodeJS.Platform;
  /** The settings file's helper TTL, when the caller reads it once for many profiles (`status`). */
  readonly settingsTtl?: () => unknown;
}

/** What a live check may use (the monitor passes its fakes; the CLI the real ones). */
export interface CheckContext {
  readonly store: SecretStore;
  readonly env: Env;
  readonly now: () => number;
  readonly platform?: NodeJS.Platform;
  readonly fetch?: FetchLike;
  /** Base URL for key checks when a profile has none (tests: a server on 127.0.0.1). */
  readonly apiBaseUrl?: string;
  /** Google's OAuth token endpoint (tests: a server on 127.0.0.1). */
  readonly googleTokenUrl?: string;
}

/** A check against the provider itself, and when it is due again. */
export interface LiveCheck<K extends ProfileKind> {
  readonly intervalMs: number;
  run(p: ProfileOf<K>, ctx: CheckContext): Promise<{ state: AuthState; outcome: RefreshOutcome }>;
}

/**
 * How the monitor follows a profile:
 * - helper: runs the key helper on its TTL (and checks the key it printed);
 * - static-key: a live check every interval, from the last check on;
 * - login-check: a live check at start, every interval and when a watched file changes;
 * - credential-command: runs the command a little before its credentials expire;
 * - files: the offline state, again when a watched file changes or a threshold passes.
 */
export type Monitoring<K extends ProfileKind = ProfileKind> =
  | { readonly how: 'helper'; readonly helper: ProfileOf<'api-key-helper'> }
  | { readonly how: 'static-key' | 'login-check'; readonly check: LiveCheck<K> }
  | { readonly how: 'credential-command'; readonly command: CredentialCommand }
  | { readonly how: 'files' };

export interface SignInCommand {
  readonly bin: string;
  readonly args: string[];
}

/** What a bundle of this kind holds and what each person runs to get credentials (its schema: team/bundle-schemas). */
export interface BundleSpec<K extends ProfileKind> {
  readonly steps: (p: ProfileOf<K>, last: readonly string[]) => string[];
  /** A command the bundle would have Claude Code (and this app) run. */
  readonly command?: (p: Omit<ProfileOf<K>, 'id' | 'createdAt'>) => string | undefined;
}

export interface CoreProvider<K extends ProfileKind> {
  readonly kind: K;
  /** The settings.json keys this app owns while the profile is active (pure). */
  readonly activation: (p: ProfileOf<K>, input: PlanInput) => PlanEntry[];
  /** The state from the keychain and the credential files, without the network. */
  readonly offlineState: (p: ProfileOf<K>, ctx: StateContext) => AuthState;
  readonly monitoring: (p: ProfileOf<K>, env: Env) => Monitoring<K>;
  /** Credential files whose change can change its state. */
  readonly watchedFiles: (p: ProfileOf<K>, env: Env, platform: NodeJS.Platform) => string[];
  /** The provider's own login command; sign-in is always done by the provider's tool. */
  readonly signIn?: (p: { readonly awsProfile?: string | undefined }) => SignInCommand | undefined;
  /** The sign-in as the CLI tells it, when it is not signIn's command as it stands (state-step.ts). */
  readonly signInLine?: (p: ProfileOf<K>) => string | undefined;
  /** A stand-in profile for a login asked about before the profile exists (the Add screen). */
  readonly loginDraft?: (d: LoginDraft, base: { id: string; name: string; createdAt: string }) => ProfileOf<K>;
  /** What is wrong when `claude auth status` reports something else than this profile. */
  readonly claudeCode: (p: ProfileOf<K>, s: ClaudeAuthStatus) => AuthMismatch | undefined;
  /** A state corrected by what `claude auth status` knows (a login this app cannot read). */
  readonly withClaudeStatus?: (s: AuthState, c: ClaudeAuthStatus) => AuthState;
  /**
   * Where its stored key is sent, when that is not its baseUrl (ipc-guards: the address moves only
   * together with the key).
   */
  readonly keyDestination?: (p: ProfileOf<K>) => string | undefined;
  /** The provider's own endpoint Claude Code sends requests to, when known (bundle preview). */
  readonly endpointHost?: (p: ProfileOf<K>) => string | undefined;
  /** Rules the schema cannot say; a message when broken. */
  readonly validate?: (p: ProfileOf<K>) => string | undefined;
  readonly bundle?: BundleSpec<K>;
}
