import type { AuthState, NextAction } from '../../../common/auth-state';

/** Below this much time left, a credential is `expiring`. */
export const EXPIRING_WINDOW_MS = 60 * 60_000;

/** Status from an expiry time: ok, expiring (within the window) or expired. Pure. */
export function stateFromExpiry(
  profileId: string,
  expiresAt: number,
  now: number,
  detail: AuthState['detail'],
  next: { expiring: NextAction; expired: NextAction },
  windowMs = EXPIRING_WINDOW_MS,
): AuthState {
  const left = expiresAt - now;
  const status = left <= 0 ? 'expired' : left <= windowMs ? 'expiring' : 'ok';
  return {
    profileId,
    status,
    expiresAt,
    lastCheckedAt: now,
    detail,
    next: status === 'expired' ? next.expired : status === 'expiring' ? next.expiring : 'none',
  };
}

/** No session at all (never signed in, or its file is gone): the user has to sign in. */
export function notSignedIn(profileId: string, now: number, message: string): AuthState {
  return {
    profileId,
    status: 'expired',
    lastCheckedAt: now,
    detail: { kind: 'not-logged-in', message },
    next: 'sign-in',
  };
}
