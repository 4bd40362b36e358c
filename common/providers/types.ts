/**
 * What a provider (a profile kind) is, without the schema library: the renderer imports this
 * registry and must stay small. The zod schemas stay in common/profile.ts; core's side of each
 * provider (activation, states, checks, sign-in, bundles) lives in main/core/providers/.
 */
import type { NewProfileInput } from '../ipc-contract';
import type { Profile } from '../profile';
import type { ProfileKind } from '../profile-kinds';

/** The flat input of the window and the CLI (one field per option), before it becomes a profile. */
export type FlatInput = Omit<NewProfileInput, 'secret'>;
/** The flat fields a provider can have (everything but kind and name). */
export type FlatKey = Exclude<keyof FlatInput, 'kind' | 'name'>;
/** A new profile of one kind: a profile without id and creation time. */
export type NewProfileOf<K extends ProfileKind> = K extends ProfileKind
  ? Omit<Extract<Profile, { kind: K }>, 'id' | 'createdAt'>
  : never;
/** Enough of a profile, a form or a flat input to decide a trait: its kind and its auth mode. */
export interface ModeOf {
  readonly authMode?: string | undefined;
}

/** A key that Claude Code reads only from its environment, so activating it writes it in plain text. */
export interface EnvSecret {
  /** The variable, e.g. AWS_BEARER_TOKEN_BEDROCK. */
  readonly variable: string;
  /** What the user calls it, e.g. 'Bedrock API key'. */
  readonly what: string;
}

/**
 * One input of a provider: a CLI option (`--flag`) and, unless `form` is false, a field of the
 * window's form. The same descriptor names the option in a schema error.
 */
export interface FieldDescriptor {
  /** The flat field; 'secret' for the key handed over (the keychain's, never a flat field). */
  readonly key: FlatKey | 'secret';
  /** The CLI option without its dashes. */
  readonly flag: string;
  /**
   * 'text' / 'url': a string; 'ms': a positive whole number of milliseconds; 'mode': the auth-mode
   * choice (the CLI derives it from its flags); 'env-secret': the key and the consent to write it in
   * plain text (the CLI reads them from --key-stdin / --allow-plaintext-secret); 'secret': the key
   * kept in the keychain (the CLI reads it with --key-stdin, its flag); 'lines': one value per line
   * (the CLI's option may be repeated, one line each).
   */
  readonly type: 'text' | 'url' | 'ms' | 'mode' | 'env-secret' | 'secret' | 'lines';
  /** The form offers a choice of these instead of free text. */
  readonly choices?: 'aws-profiles';
  /** The CLI refuses the command without it; the form marks it required. */
  readonly required?: boolean;
  /** Shown only for these auth modes (absent: always). */
  readonly modes?: readonly string[];
  /** The window's label (absent, or form: false: not in the form). */
  readonly label?: string;
  readonly placeholder?: string;
  readonly hint?: string;
  /** A hint for one auth mode only. */
  readonly hintByMode?: Readonly<Record<string, string>>;
  readonly form?: false;
}

/** A way to authenticate a provider offers (the form's "How to authenticate"). */
export interface AuthModeDescriptor {
  readonly value: string;
  readonly label: string;
  /** A short name for running text ("Bedrock, Vertex or Foundry"); default: the label. */
  readonly shortLabel?: string;
}

/** What the CLI's `add <kind>` accepts for a provider beyond its fields. */
export interface CliDescriptor {
  /** Options that pick the auth mode or carry the secret: key-stdin, sso, allow-plaintext-secret. */
  readonly flags: readonly string[];
  /** The kind's lines in `add --help`. */
  readonly usage: readonly string[];
  /**
   * Checks the options that only make sense together and derives the auth mode; returns the flat
   * fields they set. Throws a usage error (via `fail`) with the CLI's wording.
   */
  readonly fromOptions: (o: CliOptions, fail: (message: string) => never) => Partial<FlatInput>;
}

/** The parsed options of `add`, as strings (booleans for switches). */
export type CliOptions = Readonly<Record<string, string | readonly string[] | boolean | undefined>>;

/**
 * The window's section for a provider: 'fields' is drawn from its field descriptors alone; the
 * others add what descriptors do not say (a key check, a helper run, the subscription note).
 */
export type FormSection = 'api-key' | 'helper' | 'subscription' | 'fields';

export interface ProviderSpec<K extends ProfileKind> {
  readonly kind: K;
  readonly label: string;
  /** A short name for running text ("Bedrock, Vertex or Foundry"); default: the label. */
  readonly shortLabel?: string;
  /** The Name field's placeholder. */
  readonly nameHint: string;
  readonly traits: {
    /** Claude Code can be switched to it (an Admin key only manages the team). */
    readonly activatable: boolean;
    /** Its expiry is a session the user renews by signing in (unless it renews itself). */
    readonly session: boolean;
    /** A team bundle can share its setup. */
    readonly shareable: boolean;
    /** An Anthropic Admin key: team management, never given to Claude Code. */
    readonly adminKey?: true;
    /** What `claude-auth-tray api-key` (Claude Code's apiKeyHelper) prints for it. */
    readonly helperServes?: 'keychain-key' | 'helper-key';
    /** Its baseUrl is an Anthropic API endpoint: a key check goes there. */
    readonly anthropicBaseUrl?: true;
    /** The keychain holds a key every secret check can read (a helper's holds its cache envelope). */
    readonly keyInCache?: true;
    /** Who pays for Claude Code's use (issue 15); unset: the cloud provider bills it. */
    readonly billing?: 'subscription' | 'per-token';
  };
  /** The key the user hands over when adding it (stored in the keychain under its id). */
  readonly needsSecret: (p: ModeOf) => boolean;
  /** A key Claude Code reads only from its environment, for this auth mode. */
  readonly envSecret?: (p: ModeOf) => EnvSecret | undefined;
  /** Its credentials come from a command run again by itself (a key helper, awsCredentialExport). */
  readonly renewsItself: (p: ModeOf) => boolean;
  /** The failing command, named in the notification after three failures in a row. */
  readonly command?: string;
  /** The provider's own login can be started from here (claude auth login, aws sso login, gcloud). */
  readonly canSignIn: (p: ModeOf) => boolean;
  /**
   * The Add screen shows the provider's own login on this computer for this auth mode (absent: the
   * provider has no login of its own to show; core's provider then has no loginDraft either).
   */
  readonly loginPanel?: (p: ModeOf) => boolean;
  /** Button words where they differ from the generic ones ("Sign in with Claude"). */
  readonly words?: { readonly signIn?: string; readonly saveAndUse?: string; readonly use?: string };
  /**
   * The key the user hands over (needsSecret): what it is called (the CLI's hidden prompt) and, when
   * every such key starts the same way, that prefix and what to say when the one given lacks it
   * (checked where it enters, main/core/key-shape.ts). An env-only key is called by its envSecret.
   */
  readonly secret?: {
    readonly label: string;
    readonly prefix?: string;
    readonly otherwise?: string;
    /** The one next step when the prefix is missing (default: copy the whole key again). */
    readonly otherwiseNext?: string;
  };
  readonly authModes?: readonly AuthModeDescriptor[];
  readonly fields: readonly FieldDescriptor[];
  readonly form: FormSection;
  readonly cli: CliDescriptor;
  /** The flat input to a new profile of this kind (the window's and the CLI's one translator). */
  readonly fromFlat: (i: FlatInput) => NewProfileOf<K>;
}
