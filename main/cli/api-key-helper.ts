import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAppError, type AppError } from '../../common/errors';
import { isFresh } from '../core/helper-cache';
import { refreshHelperKey, type RefreshKeychain } from '../core/helper-refresh';
import { requesterId } from '../core/requester';
import { resolveHelperTtl } from '../core/ttl';
import { replaceFile } from '../core/replace-file';

const MAX_REQUESTERS = 64;

type Served = Record<string, number>;

function readServed(file: string): Served {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Served) : {};
  } catch {
    return {};
  }
}

/**
 * Serves a helper profile's key: the cached one while fresh, else runs the helper (once, under a
 * lock). Claude Code keeps a helper's key for the same TTL (activation keeps the two in step), so
 * when the same Claude Code process asks again for the key it was already given, that key was
 * rejected with a 401: the helper runs again instead of serving the rejected key (issue 9).
 * Only callers that are Claude Code count: it sets CLAUDE_CODE_ENTRYPOINT for the helper (seen in
 * 2.1.197; unofficial). Without it — another program, or a future Claude Code that drops the
 * variable — the cache is served as usual, which is the behaviour before this detection existed.
 * The record holds requester ids and fetch times only, never a key.
 */
export async function serveHelperKey(
  keychain: RefreshKeychain,
  dataDir: string,
  p: { id: string; command: string; ttlMs: number | undefined; timeoutMs: number | undefined },
): Promise<{ key: string; cacheOff?: AppError }> {
  const cache = cacheOrNone(keychain);
  const key = await serveCached(cache.store, dataDir, p, cache.off);
  const off = cache.off();
  return off ? { key, cacheOff: off } : { key };
}

/** The keychain failures that turn the cache off: the key then comes from the user's command alone. */
const CACHE_OFF_KINDS: ReadonlySet<string> = new Set(['keychain-locked', 'keychain-unavailable']);

/**
 * The keychain as the cache: while it is locked or absent, the cache is empty and keeps nothing
 * (the user's command needs no keychain of ours; the key is written nowhere else either).
 */
function cacheOrNone(keychain: RefreshKeychain): { store: RefreshKeychain; off: () => AppError | undefined } {
  let off: AppError | undefined;
  const turnOff = (e: unknown): void => {
    if (!isAppError(e) || !CACHE_OFF_KINDS.has(e.kind)) throw e;
    off ??= e;
  };
  return {
    off: () => off,
    store: {
      get: async (account) => {
        if (off) return undefined;
        try {
          return await keychain.get(account);
        } catch (e) {
          turnOff(e);
          return undefined;
        }
      },
      set: async (account, secret) => {
        if (off) return;
        try {
          await keychain.set(account, secret);
        } catch (e) {
          turnOff(e);
        }
      },
    },
  };
}

async function serveCached(
  store: RefreshKeychain,
  dataDir: string,
  p: { id: string; command: string; ttlMs: number | undefined; timeoutMs: number | undefined },
  cacheOff: () => AppError | undefined,
): Promise<string> {
  const ttl = resolveHelperTtl(p.ttlMs);
  const servedFile = path.join(dataDir, 'served', `${p.id}.json`);
  const fromClaudeCode = Boolean(process.env.CLAUDE_CODE_ENTRYPOINT);
  const served = fromClaudeCode ? readServed(servedFile) : {};
  const me = fromClaudeCode ? requesterId() : '';
  const alreadyGot = fromClaudeCode ? served[me] : undefined;
  const r = await refreshHelperKey(
    store,
    dataDir,
    p,
    (c) => isFresh(c, ttl.ms, Date.now()) && c.fetchedAt !== alreadyGot,
  );
  // Without a cache every request runs the command: no record of what was served is needed.
  if (!fromClaudeCode || cacheOff()) return r.key;
  const next: Served = { ...served, [me]: r.fetchedAt };
  const keep = Object.entries(next)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_REQUESTERS);
  // A fresh file renamed over the name (a link planted there is replaced, never written through);
  // losing this record only means a 401 retry may get the same key once more.
  try {
    fs.mkdirSync(path.dirname(servedFile), { recursive: true, mode: 0o700 });
    replaceFile(servedFile, JSON.stringify(Object.fromEntries(keep)));
  } catch {
    // no app folder
  }
  return r.key;
}
