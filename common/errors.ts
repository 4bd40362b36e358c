/**
 * Typed errors the UI, tray and CLI can explain. Every kind carries a next step for the user.
 * Messages never contain secrets: callers pass already-redacted details (see redact()).
 */
export const ERROR_KINDS = [
  'keychain-unavailable',
  'keychain-locked',
  'keychain-denied',
  'keychain-error',
  'settings-invalid-json',
  'settings-not-object',
  'settings-conflict',
  'settings-unsupported',
  'profiles-invalid',
  'profile-not-found',
  'profile-exists',
  'secret-missing',
  'invalid-argument',
  'plaintext-consent-required',
  'command-consent-required',
  'command-not-confirmed',
  'bundle-invalid',
  'helper-not-found',
  'helper-timeout',
  'helper-exit',
  'helper-empty',
  'helper-invalid-output',
  'helper-too-long',
  'lock-timeout',
  'io-error',
  'admin-api-unexpected',
  'claude-login-failed',
  'secret-in-tracked-file',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Where an error is shown (issue 17: one message per error, with wording per surface). The CLI's
 * words may name its flags and commands; the window's (and the tray's, which opens the window) name
 * the window's controls and never a `--flag`, a command line or an internal code.
 */
export type Surface = 'cli' | 'window';

/** A next step worded for each surface. A plain string is a step that fits both. */
export interface SurfaceWords {
  readonly cli: string;
  readonly window: string;
}

export type NextStep = string | SurfaceWords;

export interface AppErrorInit {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly nextStep?: NextStep;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** A stored key that is missing from the keychain: how each surface gives it back. */
export function keyMissingStep(name: string): SurfaceWords {
  return {
    cli: `Give it its key again: \`claude-auth-tray edit "${name}" --key-stdin\` (asked for in a terminal, or piped in).`,
    window: 'Open the profile and paste its key again.',
  };
}

/** A finding or warning as the window and the tray show it: its window fix, when it has one. */
export function forWindow<T extends { readonly fix: string; readonly windowFix?: string }>(x: T): T {
  const { windowFix, ...rest } = x;
  return { ...rest, fix: windowFix ?? x.fix } as T;
}

/** The next step for one surface. */
export function stepFor(step: NextStep | undefined, surface: Surface): string | undefined {
  return step === undefined ? undefined : typeof step === 'string' ? step : step[surface];
}

/** What a surface shows of an error: the message and that surface's next step, never the code. */
export interface ShownError {
  readonly message: string;
  readonly nextStep?: string;
}

/** One line for a surface: what happened, then what to do (no internal code in it). */
export function errorLine(e: ShownError): string {
  return e.nextStep ? `${e.message} ${e.nextStep}` : e.message;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** The next step in every surface's words. */
  readonly step: NextStep | undefined;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(init: AppErrorInit) {
    super(init.message);
    this.name = 'AppError';
    this.kind = init.kind;
    this.step = init.nextStep;
    this.details = init.details ?? {};
  }

  /** The CLI's next step (the terminal is where most errors are printed); see nextStepFor. */
  get nextStep(): string | undefined {
    return stepFor(this.step, 'cli');
  }

  nextStepFor(surface: Surface): string | undefined {
    return stepFor(this.step, surface);
  }

  /** What a surface shows: the message and its next step (the kind stays a code for programs). */
  shown(surface: Surface): ShownError {
    const nextStep = this.nextStepFor(surface);
    return { message: this.message, ...(nextStep ? { nextStep } : {}) };
  }

  /** One line for a surface: what happened, then what to do. */
  toLine(surface: Surface = 'cli'): string {
    return errorLine(this.shown(surface));
  }

  /**
   * One line fit for every surface (a profile's state detail, shown by `status` and the window):
   * the message, and the next step only when it is worded for both.
   */
  commonLine(): string {
    return typeof this.step === 'string' ? errorLine({ message: this.message, nextStep: this.step }) : this.message;
  }

  toJSON(): { kind: ErrorKind; message: string; nextStep?: string; details: Record<string, unknown> } {
    return { kind: this.kind, ...this.shown('cli'), details: { ...this.details } };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
