import { isFresh } from '../core/helper-cache';
import { refreshHelperKey } from '../core/helper-refresh';
import { resolveHelperTtl } from '../core/ttl';
import type { SecretStore } from '../core/vault';

/** Serves a helper profile's key: the cached one while fresh, else runs the helper (once, under a lock). */
export async function serveHelperKey(
  store: SecretStore,
  dataDir: string,
  p: { id: string; command: string; ttlMs: number | undefined; timeoutMs: number | undefined },
): Promise<string> {
  const ttl = resolveHelperTtl(p.ttlMs);
  const r = await refreshHelperKey(store, dataDir, p, (c) => isFresh(c, ttl.ms, Date.now()));
  return r.key;
}
