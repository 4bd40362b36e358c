import type { ErrorKind } from './errors';

export type AuthStatus = 'ok' | 'expiring' | 'expired' | 'invalid' | 'error' | 'unknown';

/** What the user can do next about a profile's state; the tray and screens turn it into a button. */
export type NextAction = 'none' | 'refresh' | 'sign-in' | 'replace-key' | 'fix-helper' | 'open-doctor' | 'wait';

/** Per-profile authentication state (issue 4). Never holds a secret: `hint` is masked. */
export interface AuthState {
  readonly profileId: string;
  readonly status: AuthStatus;
  readonly expiresAt?: number;
  readonly lastCheckedAt: number;
  readonly detail: {
    readonly kind:
      | ErrorKind
      | 'valid'
      | 'no-expiry'
      | 'not-checked'
      /** Present, and this app has no check for its kind (a Bedrock API key, an Admin key). */
      | 'no-check'
      | 'cached'
      | 'logged-in'
      | 'not-logged-in'
      | 'session'
      | 'rate-limited'
      | 'network'
      | 'permission'
      | 'billing'
      | 'org-disabled'
      | 'revoked';
    readonly message: string;
  };
  readonly next: NextAction;
  readonly hint?: string;
}
