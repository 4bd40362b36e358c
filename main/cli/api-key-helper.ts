import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFresh } from '../core/helper-cache';
import { refreshHelperKey, type RefreshKeychain } from '../core/helper-refresh';
import { requesterId } from '../core/requester';
import { resolveHelperTtl } from '../core/ttl';

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
  store: RefreshKeychain,
  dataDir: string,
  p: { id: string; command: string; ttlMs: number | undefined; timeoutMs: number | undefined },
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
  if (!fromClaudeCode) return r.key;
  const next: Served = { ...served, [me]: r.fetchedAt };
  const keep = Object.entries(next)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_REQUESTERS);
  try {
    fs.mkdirSync(path.dirname(servedFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(servedFile, JSON.stringify(Object.fromEntries(keep)), { mode: 0o600 });
  } catch {
    // losing this record only means a 401 retry may get the same key once more
  }
  return r.key;
}
