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

export const NEXT_STEP: Record<AuthState['next'], string> = {
  none: '',
  refresh: 'Refresh to fetch a new key.',
  'sign-in': 'Sign in again.',
  'replace-key': 'Replace the key (Edit).',
  'fix-helper': 'Fix the helper command (Edit → Run now shows the error).',
  'open-doctor': 'Open Doctor for details.',
  wait: 'Nothing to do; it will be checked again.',
};
