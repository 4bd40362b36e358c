import type { AuthState } from '../common/auth-state';

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  if (s < 86400 * 2) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.round(s / 86400)} days`;
}

/** One line for a state: "Valid", "Expires in 41 min 03 s", "Expired 5 min ago", … */
export function stateLine(s: AuthState, now: number): string {
  const left = s.expiresAt === undefined ? undefined : s.expiresAt - now;
  const base: Record<AuthState['status'], string> = {
    ok: 'OK',
    expiring: 'Expiring',
    expired: 'Expired',
    invalid: 'Rejected',
    error: 'Needs attention',
    unknown: 'Not checked',
  };
  if (left !== undefined && (s.status === 'ok' || s.status === 'expiring'))
    return `${base[s.status]} · expires in ${duration(left)}`;
  if (s.detail.kind === 'not-logged-in') return 'Not signed in';
  if (left !== undefined && s.status === 'expired') return `Expired ${duration(left)} ago`;
  return base[s.status];
}

/** A few words for the sidebar: "OK", "Expires in 41 min", "Not signed in", "Rejected", … */
export function shortState(s: AuthState, now: number): string {
  if (s.detail.kind === 'not-logged-in') return 'Not signed in';
  const left = s.expiresAt === undefined ? undefined : s.expiresAt - now;
  if (left !== undefined && s.status === 'expiring') return `Expires in ${duration(left).replace(/ \d+ s$/, '')}`;
  return stateLine({ ...s, expiresAt: undefined }, now);
}

export const NEXT_STEP: Record<AuthState['next'], string> = {
  none: '',
  refresh: 'Refresh to fetch a new key.',
  'sign-in': 'Sign in again.',
  'replace-key': 'Replace the key (Edit).',
  'fix-helper': 'Fix the helper command (Edit → Run now shows the error).',
  'open-doctor': 'Open Doctor for details.',
  wait: 'Nothing to do; it will be checked again.',
};

/** An error as the core sends it (IpcError, a helper run's error): a kind, a sentence, a next step. */
export interface ErrorWords {
  readonly kind: string;
  readonly message: string;
  /** The window's next step when the core words errors per surface (common/errors.ts), else its only one. */
  readonly nextStep?: string | undefined;
}

// Advice that only makes sense in a terminal: a flag, a command of this CLI, a shell pipe.
const CLI_ADVICE = /(^|\s|`)--[a-z]|claude-auth-tray\s|\bpbpaste\b|\bprintf\b|\| *claude-auth-tray/;

/** The window's next step for a kind whose core wording points at the CLI. */
const WINDOW_NEXT: Readonly<Record<string, string>> = {
  'plaintext-consent-required':
    'Edit the profile and tick “Write this key into Claude Code’s settings.json in plain text”, or choose SSO, an AWS profile or the Azure login instead.',
  'secret-missing': 'Edit the profile and enter its key again.',
  'settings-conflict': 'Open Doctor and move that key into the keychain first.',
  'secret-in-tracked-file': 'Open Doctor and move that key into the keychain first.',
  'profile-not-found': 'Choose a profile from the list.',
  'profile-exists': 'Choose another name.',
  'command-consent-required': 'Save the profile from the window; it asks before a command is kept.',
};

/**
 * One line for an error in the window: what happened, then what to do here. Never the internal
 * code (the kind). The core sends the window's next step (issue 17: one message per error, worded
 * per surface); should one still give terminal advice, it is replaced by the window's wording for
 * that kind, or left out.
 */
export function windowErrorLine(e: ErrorWords): string {
  const next = e.nextStep && !CLI_ADVICE.test(e.nextStep) ? e.nextStep : WINDOW_NEXT[e.kind];
  return next ? `${e.message} ${next}` : e.message;
}

/**
 * A doctor finding's fix in the window's words: a one-click fix is described by its button, not by
 * the CLI command that does the same (`claude-auth-tray doctor --fix`).
 */
export function windowFix(f: { readonly fix: string; readonly fixable?: boolean | undefined }): string {
  if (!CLI_ADVICE.test(f.fix)) return f.fix;
  if (f.fixable)
    return '“Move this key into the keychain” adds it as a profile, points Claude Code at the helper and removes the plain-text copy.';
  return f.fix.replace(/`[^`]*(claude-auth-tray|--[a-z])[^`]*`/g, 'the Doctor').trim();
}
