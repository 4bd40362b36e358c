/**
 * One check of one profile (issue 13), per kind through the provider registry: run a key helper and
 * check the key it printed, check a static key or a login against its provider, run a credential
 * command, or read the credential files. The tray's AuthMonitor (which only decides when) and the
 * CLI's `refresh` both call checkProfile; both record the result (check-records.ts), so `status` and
 * the tray show what the last check found, whoever ran it.
 */
import type { AuthState } from '../../common/auth-state';
import { isAppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import { EXPIRING_WINDOW_MS } from './expiry/expiry-state';
import { checkCredentialCommand } from './expiry/aws-export';
import { refreshHelperKey } from './helper-refresh';
import { checkKey, type KeyCheck } from './key-validation';
import { offlineState } from './offline-state';
import { monitoringOf, type CheckContext } from './providers';
import { earlyMarginMs, type RefreshOutcome } from './scheduler';
import { resolveHelperTtl } from './ttl';

export interface ProfileCheckContext extends CheckContext {
  /** The app's data folder (the helper's lock files). */
  readonly dataDir: string;
}

export interface ProfileCheck {
  readonly state: AuthState;
  /** For the scheduler: when the check is due again, or a failure to back off from. */
  readonly outcome: RefreshOutcome;
  /** A key helper's run: the masked key, how long the helper took, whether it ran at all. */
  readonly helper?: { readonly hint: string; readonly durationMs: number; readonly ranHelper: boolean };
  /** Why a key helper could not be run (the state says it too; the CLI reports the error itself). */
  readonly error?: unknown;
}

/**
 * When to run a credential export command again: 5 minutes before its credentials expire (when
 * Claude Code would), at most an hour out, at least a minute out.
 */
export function nextExportRun(expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return now + 60 * 60_000;
  return Math.max(now + 60_000, Math.min(expiresAt - 5 * 60_000, now + 60 * 60_000));
}

/** When a state read from files changes by time alone: entering the expiring window, then expiry. */
export function nextThreshold(s: AuthState, now: number): number | undefined {
  const e = s.expiresAt;
  if (e === undefined) return undefined;
  return e - EXPIRING_WINDOW_MS > now ? e - EXPIRING_WINDOW_MS : e > now ? e : undefined;
}

export function helperTtlMs(p: Profile & { kind: 'api-key-helper' }, env: CheckContext['env']): number {
  return resolveHelperTtl(p.ttlMs, env).ms;
}

/** A helper profile's state from its key's age (and the API's verdict on it, when checked). */
export function helperState(
  p: Profile,
  fetchedAt: number,
  ttl: number,
  now: number,
  hint: string,
  check?: KeyCheck,
): AuthState {
  const expiresAt = fetchedAt + ttl;
  const base = { profileId: p.id, expiresAt, lastCheckedAt: now, hint };
  if (check?.verdict === 'invalid')
    return { ...base, status: 'invalid', detail: { kind: 'revoked', message: check.message }, next: 'fix-helper' };
  if (expiresAt <= now)
    return {
      ...base,
      status: 'expired',
      detail: { kind: 'cached', message: 'the cached key is older than its TTL' },
      next: 'refresh',
    };
  // A key never checked (the tray's start, from the cache) is not "ok" either.
  if (!check)
    return {
      ...base,
      status: 'unknown',
      detail: { kind: 'not-checked', message: 'key from the helper, cached; not checked yet' },
      next: 'refresh',
    };
  // A key that could not be checked is not "ok" (issue 17): its state is unknown, with the reason.
  if (check.verdict === 'unknown' || check.verdict === 'rate-limited')
    return {
      ...base,
      status: 'unknown',
      detail: { kind: check.verdict === 'unknown' ? 'network' : 'rate-limited', message: check.message },
      next: 'wait',
    };
  return {
    ...base,
    status: 'ok',
    detail: {
      kind: check.verdict === 'valid' ? 'valid' : 'cached',
      message: check.message,
    },
    next: 'none',
  };
}

/**
 * Checks a profile now. `prev` is the state before (a failed helper run keeps its expiry). A helper
 * always runs (the caller decided it is due); a 401 on the key it printed runs it once more at once.
 */
export async function checkProfile(p: Profile, ctx: ProfileCheckContext, prev?: AuthState): Promise<ProfileCheck> {
  const m = monitoringOf(p, ctx.env);
  if (m.how === 'helper') return checkHelper(m.helper, ctx, prev);
  if (m.how === 'static-key' || m.how === 'login-check') return m.check.run(p, ctx);
  if (m.how === 'credential-command') {
    const state = await checkCredentialCommand(p.id, m.command, ctx.env, ctx.now);
    // A failed run backs off; a run that printed credentials is due again a little before they expire.
    return {
      state,
      outcome:
        state.status === 'error'
          ? { ok: false }
          : { ok: true, nextDueAt: nextExportRun(state.expiresAt, state.lastCheckedAt) },
    };
  }
  const now = ctx.now();
  const state = offlineState(p, ctx.store, ctx.env, now, ctx.platform);
  const due = nextThreshold(state, now);
  return { state, outcome: { ok: true, ...(due !== undefined ? { nextDueAt: due } : {}) } };
}

async function checkHelper(
  helper: Profile & { kind: 'api-key-helper' },
  ctx: ProfileCheckContext,
  prev: AuthState | undefined,
): Promise<ProfileCheck> {
  const ttl = helperTtlMs(helper, ctx.env);
  let ranHelper = false;
  let durationMs = 0;
  const runOnce = async (): Promise<{ key: string; fetchedAt: number }> => {
    const r = await refreshHelperKey(ctx.store, ctx.dataDir, helper, () => false, { now: ctx.now });
    ranHelper ||= r.ranHelper;
    durationMs += r.result?.durationMs ?? 0;
    return { key: r.key, fetchedAt: ctx.now() };
  };
  const check = (key: string): Promise<KeyCheck> =>
    checkKey(key, {
      baseUrl: helper.baseUrl ?? ctx.apiBaseUrl,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      now: ctx.now,
    });
  try {
    let got = await runOnce();
    let verdict = await check(got.key);
    if (verdict.verdict === 'invalid') {
      // A 401 right after a run: the helper gave a revoked key; run it once more at once.
      got = await runOnce();
      verdict = await check(got.key);
    }
    const hint = maskSecret(got.key);
    return {
      state: helperState(helper, got.fetchedAt, ttl, ctx.now(), hint, verdict),
      outcome:
        verdict.verdict === 'invalid'
          ? { ok: false }
          : { ok: true, nextDueAt: got.fetchedAt + ttl - earlyMarginMs(ttl) },
      helper: { hint, durationMs, ranHelper },
    };
  } catch (e) {
    return {
      state: {
        profileId: helper.id,
        status: 'error',
        lastCheckedAt: ctx.now(),
        detail: isAppError(e)
          ? { kind: e.kind, message: e.commonLine() }
          : { kind: 'io-error', message: 'the helper could not be run' },
        next: 'fix-helper',
        ...(prev?.expiresAt !== undefined ? { expiresAt: prev.expiresAt } : {}),
      },
      outcome: { ok: false },
      error: e,
    };
  }
}
