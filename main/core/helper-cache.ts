import type { SecretStore } from './vault';
import { isValidKeyToken } from './secret-text';

/** A helper profile's last good key with the time it was fetched; lives in the keychain only. */
export interface CachedKey {
  readonly key: string;
  readonly fetchedAt: number;
}

/**
 * The keychain item as stored: its fetchedAt is the item's own. A refresh that found the same key again
 * dates it later only in its stamp: for the time a key counts from, readConfirmedKey (helper-stamp.ts).
 */
export function readCachedKey(store: SecretStore, id: string): CachedKey | undefined {
  return parseCachedKey(store.get(id));
}

/** The cache envelope as the keychain holds it, or undefined when it is none. */
export function parseCachedKey(raw: string | undefined): CachedKey | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { v?: unknown; key?: unknown; fetchedAt?: unknown };
    if (v.v === 1 && typeof v.key === 'string' && isValidKeyToken(v.key) && typeof v.fetchedAt === 'number') {
      return { key: v.key, fetchedAt: v.fetchedAt };
    }
  } catch {
    // not an envelope: treat as no cache
  }
  return undefined;
}

export function writeCachedKey(store: SecretStore, id: string, c: CachedKey): void {
  store.set(id, cachedKeyText(c));
}

export function cachedKeyText(c: CachedKey): string {
  return JSON.stringify({ v: 1, key: c.key, fetchedAt: c.fetchedAt });
}

/** How far ahead of this clock a fetch time may be and still count (another process's clock, a step). */
const CLOCK_SKEW_MS = 60_000;

/**
 * Whether a fetch time is too far ahead of `now` to count (the clock was set back since, or the time
 * was planted): such a key is due, and a stamp confirming it at such a time vouches for nothing.
 */
export function aheadOfClock(t: number, now: number): boolean {
  return t > now + CLOCK_SKEW_MS;
}

export function isFresh(c: Pick<CachedKey, 'fetchedAt'>, ttlMs: number, now: number): boolean {
  return now - c.fetchedAt < ttlMs && !aheadOfClock(c.fetchedAt, now);
}
