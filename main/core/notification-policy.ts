import type { AuthState } from '../../common/auth-state';
import type { ProfileKind } from '../../common/profile';
import { providerOf } from '../../common/providers';
import { sanitizeForTerminal } from '../../common/terminal-text';
import { humanDuration } from './human-time';

export interface Notice {
  /** One notification per (profile, threshold, expiresAt): the dedupe key, persisted. */
  readonly key: string;
  readonly profileId: string;
  readonly title: string;
  readonly body: string;
  /** Clicking opens the window here. */
  readonly screen: 'edit';
}

export interface PolicyProfile {
  readonly id: string;
  readonly name: string;
  readonly kind: ProfileKind;
  readonly active: boolean;
  readonly muted: boolean;
  /**
   * Its credentials come from a command the app or Claude Code runs again by itself (a key helper, an
   * awsCredentialExport command): their expiry is no session to warn about, a failing command is.
   */
  readonly renewsItself?: boolean;
}

export interface PolicyInput {
  readonly profile: PolicyProfile;
  readonly prev: AuthState | undefined;
  readonly next: AuthState;
  readonly sent: ReadonlySet<string>;
  readonly now: number;
  /** Minutes before expiry (default 24 h, 1 h, 10 min). */
  readonly thresholdsMin: readonly number[];
  readonly consecutiveFailures: number;
}

export interface PolicyOutput {
  readonly notices: readonly Notice[];
  /** The sent set after this decision (keys added, streak keys cleared when the streak ended). */
  readonly sent: ReadonlySet<string>;
}

export const FAILURE_STREAK = 3;

/**
 * Decides what to notify (issue 5). Pure: (previous state, new state, already-sent set, now) → notices.
 * Expiry: at each threshold before expiresAt and at expiry, but only the most urgent one crossed, so
 * a late start does not fire three at once; a renewed session starts quiet. Also: three consecutive helper failures, the active
 * key turning invalid, and the active profile's login ending without an expiry time. A muted profile gets nothing.
 */
export function notificationPolicy(i: PolicyInput): PolicyOutput {
  const sent = new Set(i.sent);
  const notices: Notice[] = [];
  const { next, now } = i;
  // The name comes from profiles.json, which may be hand-edited: no control characters in a notification.
  const p = { ...i.profile, name: sanitizeForTerminal(i.profile.name) };
  const id = p.id;
  const push = (key: string, title: string, body: string): void => {
    if (sent.has(key)) return;
    sent.add(key);
    if (!p.muted) notices.push({ key, profileId: id, title, body, screen: 'edit' });
  };

  // Streak and invalid keys are cleared when the condition ends, so a later one notifies again.
  if (i.consecutiveFailures < FAILURE_STREAK) sent.delete(`${id}|failures`);
  if (next.status !== 'invalid') sent.delete(`${id}|invalid`);
  const signedOut = next.status === 'expired' && next.expiresAt === undefined && next.next === 'sign-in';
  if (!signedOut) sent.delete(`${id}|signed-out`);

  const e = next.expiresAt;
  // Kinds whose expiry is a session the user must renew (unless the profile renews itself).
  const provider = providerOf(p.kind);
  if (
    provider.traits.session &&
    !p.renewsItself &&
    e !== undefined &&
    (next.status === 'ok' || next.status === 'expiring' || next.status === 'expired')
  ) {
    const thresholds = [...new Set(i.thresholdsMin)].sort((a, b) => a - b); // most urgent first
    if (now >= e) {
      for (const t of thresholds) sent.add(`${id}|${t}|${e}`);
      push(`${id}|expired|${e}`, `${p.name} has expired`, 'Sign in again to keep using Claude Code with this profile.');
    } else {
      const crossed = thresholds.filter((t) => now >= e - t * 60_000);
      // A renewal (new expiry seen after another one) is the user's own doing: thresholds the new
      // session starts inside are marked silently; the later ones still notify.
      const renewed = i.prev?.expiresAt !== undefined && i.prev.expiresAt !== e;
      if (renewed) for (const t of crossed) sent.add(`${id}|${t}|${e}`);
      const urgent = crossed[0];
      if (urgent !== undefined) {
        for (const t of crossed.slice(1)) sent.add(`${id}|${t}|${e}`);
        push(
          `${id}|${urgent}|${e}`,
          `${p.name} expires in ${humanDuration(e - now)}`,
          'Sign in again now to avoid an interruption.',
        );
      }
    }
  }

  // A kind that always renews itself (a key helper) counts even when the caller did not say so.
  if ((p.renewsItself || provider.renewsItself({})) && i.consecutiveFailures >= FAILURE_STREAK) {
    push(
      `${id}|failures`,
      `${p.name}: the ${provider.command ?? 'credential command'} keeps failing`,
      `${i.consecutiveFailures} attempts in a row failed: ${next.detail.message}`,
    );
  }

  if (p.active && next.status === 'invalid') {
    push(
      `${id}|invalid`,
      `${p.name}: the key was rejected`,
      'Claude Code cannot use it. Replace the key or fix the helper.',
    );
  }

  // A login with no expiry time of its own that stops working (Google refuses the ADC login, Claude
  // Code's login file disappears): the active profile tells the user once, until it works again.
  // A login Claude Code itself found revoked (a Claude.ai account whose refresh was refused) tells
  // it once whether active or not: that account needs signing in before the next switch to it.
  if ((p.active || next.detail.kind === 'revoked') && signedOut) {
    push(
      `${id}|signed-out`,
      `${p.name}: signed out`,
      `${next.detail.message.replace(/^./, (c) => c.toUpperCase())}. Sign in again to keep using Claude Code.`,
    );
  }

  return { notices, sent };
}

/** Drops keys of expiries more than two days past, so the persisted set stays small. */
export function pruneSent(sent: ReadonlySet<string>, now: number): Set<string> {
  const out = new Set<string>();
  for (const k of sent) {
    const at = Number(k.split('|')[2]);
    if (Number.isFinite(at) && at < now - 2 * 86_400_000) continue;
    out.add(k);
  }
  return out;
}
