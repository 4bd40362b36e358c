/**
 * The add/edit form's model: the registry's flat fields (common/providers toFlat), with the TTL and
 * timeout in the units the form shows, to and from the IPC contract's NewProfileInput.
 */
import type { KeyCheckResult, NewProfileInput } from '../common/ipc-contract';
import type { Profile } from '../common/profile';
import type { ProfileKind } from '../common/profile-kinds';
import { toFlat } from '../common/providers';

export type Form = Omit<NewProfileInput, 'ttlMs' | 'timeoutMs'> & { ttlMin: string; timeoutS: string };

export const VERDICT: Record<KeyCheckResult['verdict'], string> = {
  valid: 'Valid: the key works.',
  invalid: 'Revoked or mistyped: the API rejected this key.',
  forbidden: 'No permission: the key works but may not use this API.',
  billing: 'Billing problem: check the organisation’s credit balance.',
  'rate-limited': 'Rate limited right now; the key could not be checked. Try again in a minute.',
  'org-disabled': 'The organisation of this key is disabled.',
  unknown: 'Offline or no answer: the key could not be checked. It was not marked invalid.',
};

/** A profile (or nothing: a new one of `kind`) as the form's fields. */
export function toForm(p: Profile | undefined, kind: ProfileKind, defaultTtlMs: number | undefined): Form {
  const f: Form = { kind, name: '', ttlMin: defaultTtlMs ? String(defaultTtlMs / 60_000) : '', timeoutS: '' };
  if (!p) return f;
  const { ttlMs, timeoutMs, ...flat } = toFlat(p);
  return {
    ...f,
    ...flat,
    ttlMin: typeof ttlMs === 'number' ? String(ttlMs / 60_000) : '',
    timeoutS: typeof timeoutMs === 'number' ? String(timeoutMs / 1000) : '',
  };
}

export function toInput(f: Form, secret: string): NewProfileInput {
  const { ttlMin, timeoutS, ...rest } = f;
  const clean = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== '' && v !== undefined),
  ) as unknown as NewProfileInput;
  return {
    ...clean,
    ...(ttlMin && Number(ttlMin) > 0 ? { ttlMs: Math.round(Number(ttlMin) * 60_000) } : {}),
    ...(timeoutS && Number(timeoutS) > 0 ? { timeoutMs: Math.round(Number(timeoutS) * 1000) } : {}),
    ...(secret ? { secret } : {}),
  };
}
