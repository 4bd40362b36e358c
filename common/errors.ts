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

export interface AppErrorInit {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly nextStep?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly nextStep: string | undefined;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(init: AppErrorInit) {
    super(init.message);
    this.name = 'AppError';
    this.kind = init.kind;
    this.nextStep = init.nextStep;
    this.details = init.details ?? {};
  }

  /** One line for a terminal or a notification: what happened, then what to do. */
  toLine(): string {
    return this.nextStep ? `${this.message} ${this.nextStep}` : this.message;
  }

  toJSON(): { kind: ErrorKind; message: string; nextStep?: string; details: Record<string, unknown> } {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.nextStep ? { nextStep: this.nextStep } : {}),
      details: { ...this.details },
    };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
