/** States of a key: one in the keychain (offline), and one checked against the API. */
import type { AuthState } from '../../common/auth-state';
import { maskSecret } from '../../common/redact';
import type { KeyCheck } from './key-validation';
import type { SecretStore } from './vault';

/** A key the user handed over, kept in the keychain: ok with a masked hint, or missing. */
export function keychainKeyState(
  profileId: string,
  store: SecretStore,
  now: number,
  what: string,
  note: string,
): AuthState {
  const key = store.get(profileId);
  const base = { profileId, lastCheckedAt: now };
  return key
    ? {
        ...base,
        status: 'ok',
        detail: { kind: 'no-expiry', message: `${what} in the keychain; ${note}` },
        next: 'none',
        hint: maskSecret(key),
      }
    : {
        ...base,
        status: 'error',
        detail: { kind: 'secret-missing', message: `the ${what} is missing from the keychain` },
        next: 'replace-key',
      };
}

/**
 * A key in the keychain that a live check will verify (an API key, a gateway token) before any
 * check: present, but not "ok" yet (it said "ok", and the tray "valid", for a key nobody checked).
 * A check recorded for this key (check-records.ts) replaces this state.
 */
export function uncheckedKeyState(
  profileId: string,
  store: SecretStore,
  now: number,
  what: string,
  note: string,
): AuthState {
  return presentNotOk(keychainKeyState(profileId, store, now, what, note), 'refresh', {
    kind: 'not-checked',
    message: `${what} in the keychain, not checked yet; ${note}`,
  });
}

/**
 * A key in the keychain of a kind this app has no check for (a Bedrock API key, an Admin key): present
 * is all that is known, so "unknown" with nothing to do, never "ok" (it said "ok", and the tray
 * "valid", for a key nobody could check).
 */
export function uncheckableKeyState(
  profileId: string,
  store: SecretStore,
  now: number,
  what: string,
  note: string,
): AuthState {
  return presentNotOk(keychainKeyState(profileId, store, now, what, note), 'none', {
    kind: 'no-check',
    message: `${what} in the keychain; no check for this kind; ${note}`,
  });
}

/** A key that is in the keychain ("ok" as far as the keychain goes) is "unknown" with this detail. */
function presentNotOk(s: AuthState, next: AuthState['next'], detail: AuthState['detail']): AuthState {
  return s.status === 'ok' ? { ...s, status: 'unknown', detail, next } : s;
}

export function staticKeyState(profileId: string, check: KeyCheck, hint: string): AuthState {
  const base = { profileId, lastCheckedAt: check.checkedAt, hint };
  switch (check.verdict) {
    case 'valid':
      return { ...base, status: 'ok', detail: { kind: 'valid', message: check.message }, next: 'none' };
    case 'invalid':
      return { ...base, status: 'invalid', detail: { kind: 'revoked', message: check.message }, next: 'replace-key' };
    case 'forbidden':
      return {
        ...base,
        status: 'invalid',
        detail: { kind: 'permission', message: check.message },
        next: 'replace-key',
      };
    case 'billing':
      return { ...base, status: 'error', detail: { kind: 'billing', message: check.message }, next: 'open-doctor' };
    case 'org-disabled':
      return {
        ...base,
        status: 'invalid',
        detail: { kind: 'org-disabled', message: check.message },
        next: 'replace-key',
      };
    case 'rate-limited':
      return { ...base, status: 'unknown', detail: { kind: 'rate-limited', message: check.message }, next: 'wait' };
    case 'unknown':
      return { ...base, status: 'unknown', detail: { kind: 'network', message: check.message }, next: 'wait' };
  }
}
