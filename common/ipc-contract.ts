/**
 * The typed IPC contract between the main process and the window (architecture.md, "Typed IPC").
 * Invoke channels take one argument parsed by the channel's zod schema in the main process; results
 * never hold a secret (masked hints only). Events flow main → renderer.
 */
import { z } from 'zod';
import { appSettingsSchema, type AppSettings } from './app-settings';
import type { AuthState } from './auth-state';
import type { ErrorKind } from './errors';
import { INVOKE_CHANNEL_NAMES } from './ipc-channels';
import { PROFILE_KINDS, profileName, type Profile, type ProfileKind } from './profile';
import type { SpendView, UsageView } from './usage';
import { LOGIN_KINDS } from './providers';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const none = z.undefined();
/** A secret typed or pasted by the user: renderer → main only. */
const secret = z.string().min(1).max(16_384);
const url = z.string().max(2048);

export const newProfileSchema = z
  .object({
    kind: z.enum(PROFILE_KINDS),
    name: profileName,
    baseUrl: url.optional(),
    command: z.string().min(1).max(4096).optional(),
    ttlMs: z.number().int().positive().optional(),
    timeoutMs: z.number().int().positive().optional(),
    region: z.string().max(40).optional(),
    awsProfile: z.string().max(128).optional(),
    authMode: z.enum(['aws-profile', 'sso', 'api-key', 'credential-export', 'azure']).optional(),
    credentialExport: z.string().min(1).max(4096).optional(),
    allowPlaintextSecret: z.boolean().optional(),
    projectId: z.string().max(64).optional(),
    resource: z.string().max(64).optional(),
    workspaceId: z.string().max(128).optional(),
    model: z.string().max(200).optional(),
    haikuModel: z.string().max(200).optional(),
    /** ANTHROPIC_CUSTOM_HEADERS of a gateway: "Name: value" lines (the CLI's repeated --header). */
    headers: z.string().max(8192).optional(),
    secret: secret.optional(),
  })
  .strict();
export type NewProfileInput = z.infer<typeof newProfileSchema>;

/** A provider login asked about before a profile exists (the Add screen): kinds with a login panel in the registry. */
export const loginDraftSchema = z
  .object({
    kind: z.enum(LOGIN_KINDS as readonly [ProfileKind, ...ProfileKind[]]),
    awsProfile: z.string().min(1).max(128).optional(),
  })
  .strict();
export type LoginDraft = z.infer<typeof loginDraftSchema>;

export const INVOKE_SCHEMAS = {
  'app:snapshot': none,
  'profiles:add': newProfileSchema,
  'profiles:update': z.object({ id, changes: newProfileSchema.omit({ kind: true }).partial() }).strict(),
  'profiles:remove': id,
  'profiles:activate': id,
  'profiles:refresh': id,
  /** A pasted `secret` is checked at `baseUrl`; a stored key (profileId) only at its profile's saved one. */
  'keys:check': z.object({ secret: secret.optional(), profileId: id.optional(), baseUrl: url.optional() }).strict(),
  /** Runs a saved helper profile's own command: never a command string from the window (issue 12). */
  'helper:run': z.object({ profileId: id }).strict(),
  'doctor:run': none,
  'doctor:fix': z.object({ file: z.string().max(4096), variable: z.literal('ANTHROPIC_API_KEY') }).strict(),
  'settings:get': none,
  'settings:set': appSettingsSchema,
  'aws:profiles': none,
  'signin:start': z.union([id, loginDraftSchema]),
  'provider:login': loginDraftSchema,
  'shell:open-external': url,
  'team:invite': z
    .object({
      emails: z.array(z.string().max(320)).max(5000).optional(),
      csv: z.string().max(500_000).optional(),
      role: z.string().max(40).optional(),
      dryRun: z.boolean().optional(),
      profileId: id.optional(),
    })
    .strict(),
  'team:list': z.object({ profileId: id.optional() }).strict(),
  'team:revoke': z.object({ inviteId: z.string().min(1).max(200), profileId: id.optional() }).strict(),
  'bundle:export': id,
  'bundle:preview': z.object({ text: z.string().max(200_000) }).strict(),
  'bundle:import': z
    .object({
      text: z.string().max(200_000),
      name: profileName.optional(),
      allowCommand: z.boolean().optional(),
    })
    .strict(),
  /** Removes a project's pin (issue 14): the folder must be one of the recorded pins. */
  'pins:remove': z.string().min(1).max(4096),
  /** `claude auth logout` for a Claude.ai account with its own folder; the profile stays. */
  'accounts:sign-out': id,
  /** A new Claude.ai account: Claude Code's own `claude auth login` into a new folder (browser flow). */
  'accounts:add': z.object({ name: profileName }).strict(),
  /** The code Claude.ai shows in the browser, typed by the user for the running `claude auth login` (renderer → main only). */
  'accounts:login-code': z.object({ code: z.string().trim().min(1).max(4096) }).strict(),
  /** Stops the running `claude auth login` of the window. */
  'accounts:login-cancel': none,
  /** Pins a profile to a project folder the user picks in a native dialog (the window never names the folder). */
  'pins:add': z.object({ profileId: id }).strict(),
} as const satisfies Record<(typeof INVOKE_CHANNEL_NAMES)[number], z.ZodType>;

export type InvokeChannel = keyof typeof INVOKE_SCHEMAS;
export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES;
// Both directions: every name has a schema (satisfies above) and every schema a name (this line).
const _namesCoverSchemas: readonly (typeof INVOKE_CHANNEL_NAMES)[number][] = [] as InvokeChannel[];
void _namesCoverSchemas;

export interface ProfileView {
  readonly profile: Profile;
  readonly active: boolean;
  readonly state: AuthState;
  /** Claude.ai accounts: the latest 5-hour and weekly use seen by the status line (issue 15). */
  readonly usage?: UsageView;
  /** API-key profiles of an Admin-key organisation: its spend today and this month (issue 15). */
  readonly spend?: SpendView;
}

export interface Warning {
  readonly kind: string;
  readonly message: string;
  readonly fix: string;
  /**
   * The fix in the window's words when `fix` names a command of this CLI or a flag (issue 17); the
   * window and the tray show it instead (`forWindow`), the CLI shows `fix`.
   */
  readonly windowFix?: string;
}

export interface Snapshot {
  readonly profiles: readonly ProfileView[];
  readonly activeProfileId: string | null;
  readonly warnings: readonly Warning[];
  readonly settings: AppSettings;
  readonly claudeInstalled: boolean;
  /** Projects whose .claude/settings.local.json this app pinned to a profile (issue 14). */
  readonly pins?: readonly ProjectPinView[];
  /** A Claude.ai sign-in started from the window, while it runs (or its failure). */
  readonly accountLogin?: AccountLoginView;
}

/** The window's running Claude.ai sign-in (issue 14): never a token or a code, only Claude Code's page and prompts. */
export interface AccountLoginView {
  /** The profile id, or "new:<name>" while an account is being added. */
  readonly target: string;
  readonly state: 'waiting' | 'failed';
  /** Claude Code asks for the code Claude.ai shows (the browser may be on another machine). */
  readonly asksCode: boolean;
  /** Claude.ai's sign-in page as Claude Code printed it (to open again or copy). */
  readonly url?: string;
  readonly message?: string;
}

export interface PinAddResult {
  readonly cancelled: boolean;
  readonly dir?: string;
  readonly message?: string;
  readonly snapshot: Snapshot;
}

export interface ProjectPinView {
  readonly dir: string;
  readonly profileId: string;
}

export interface KeyCheckResult {
  readonly verdict: 'valid' | 'invalid' | 'forbidden' | 'billing' | 'rate-limited' | 'org-disabled' | 'unknown';
  readonly message: string;
  readonly durationMs: number;
}

export interface HelperRunResult {
  readonly ok: boolean;
  readonly durationMs: number;
  readonly hint?: string;
  readonly error?: { readonly kind: ErrorKind; readonly message: string; readonly nextStep?: string };
}

export interface DoctorFinding {
  readonly kind: string;
  readonly severity: 'warning' | 'error';
  readonly message: string;
  readonly fix: string;
  /**
   * The fix in the window's words when `fix` names a command of this CLI or a flag (issue 17); the
   * window and the tray show it instead (`forWindow`), the CLI shows `fix`.
   */
  readonly windowFix?: string;
  readonly file?: string;
  readonly variable?: string;
  readonly hint?: string;
  /** A keychain item's account (= the profile id it was stored under); never its secret. */
  readonly account?: string;
  readonly fixable?: boolean;
}

export interface SignInResult {
  readonly started: boolean;
  readonly command: string;
  readonly message: string;
  /** The sign-in may ask for a code that only the window takes (Claude.ai): a tray start opens it. */
  readonly codeInWindow?: boolean;
}

/** Result types per invoke channel. */
export interface InvokeResults {
  'app:snapshot': Snapshot;
  'profiles:add': ProfileView;
  'profiles:update': ProfileView;
  'profiles:remove': Snapshot;
  'profiles:activate': Snapshot;
  'profiles:refresh': AuthState;
  'keys:check': KeyCheckResult;
  'helper:run': HelperRunResult;
  'doctor:run': readonly DoctorFinding[];
  'doctor:fix': { readonly profileId: string; readonly message: string };
  'settings:get': AppSettings;
  'settings:set': AppSettings;
  'aws:profiles': readonly { name: string; sso: boolean; region?: string }[];
  'signin:start': SignInResult;
  /** The provider's own login as it is on this machine now, and the command that signs in (if any). */
  'provider:login': { readonly state: AuthState; readonly signInCommand?: string };
  'shell:open-external': boolean;
  'team:invite': { readonly results: readonly InviteResult[] };
  'team:list': { readonly members: readonly TeamMember[]; readonly invites: readonly TeamInvite[] };
  'team:revoke': { readonly inviteId: string };
  'bundle:export': { readonly text: string; readonly fileName: string };
  /** `command`: what importing would have this computer run (needs allowCommand on import). */
  'bundle:preview': { readonly lines: readonly string[]; readonly command?: string };
  'bundle:import': ProfileView;
  'pins:remove': Snapshot;
  'accounts:sign-out': Snapshot;
  'accounts:add': ProfileView;
  'accounts:login-code': { readonly sent: boolean };
  'accounts:login-cancel': Snapshot;
  'pins:add': PinAddResult;
}

export interface InviteResult {
  readonly email: string;
  readonly role: string;
  readonly outcome:
    'invited' | 'would-invite' | 'already-member' | 'already-invited' | 'duplicate' | 'invalid-email' | 'failed';
  readonly message?: string;
}
export interface TeamMember {
  readonly id: string;
  readonly email: string;
  readonly role: string;
}
export interface TeamInvite {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
}

export type InvokeArgs = { [C in InvokeChannel]: z.input<(typeof INVOKE_SCHEMAS)[C]> };

/** Errors cross IPC as values, never as thrown Electron errors with stacks. */
export interface IpcError {
  readonly kind: ErrorKind | 'bad-request' | 'forbidden-sender' | 'internal';
  readonly message: string;
  readonly nextStep?: string;
}
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** Events main → renderer. */
export interface EventPayloads {
  'state:changed': Snapshot;
  navigate: {
    readonly screen: 'profiles' | 'edit' | 'settings' | 'doctor' | 'add' | 'team';
    readonly profileId?: string;
  };
  'team:progress': { readonly done: number; readonly total: number };
}
export type EventChannel = keyof EventPayloads;

/** What the preload exposes as `window.authTray`: one function per channel, nothing else. */
export type AuthTrayApi = {
  readonly [C in InvokeChannel]: (arg: InvokeArgs[C]) => Promise<IpcResult<InvokeResults[C]>>;
} & {
  readonly onStateChanged: (listener: (s: Snapshot) => void) => () => void;
  readonly onNavigate: (listener: (n: EventPayloads['navigate']) => void) => () => void;
  readonly onTeamProgress: (listener: (p: EventPayloads['team:progress']) => void) => () => void;
};

export type { ProfileKind };
