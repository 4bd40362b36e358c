import { maskSecret } from '../../../common/redact';
import { env } from '../claude-settings/plan-entries';
import { isFresh } from '../helper-cache';
import { readConfirmedKey } from '../helper-stamp';
import { appDataDir } from '../paths';
import { resolveHelperTtl } from '../ttl';
import { viaApiKeyHelper } from './claude-code-check';
import type { CoreProvider } from './types';

export const apiKeyHelperCore = {
  kind: 'api-key-helper',
  activation: (p, input) => [
    { path: ['apiKeyHelper'], value: input.helperCommand },
    ...(p.baseUrl ? [env('ANTHROPIC_BASE_URL', p.baseUrl)] : []),
    // Claude Code caches the helper's key for its own TTL; keep it equal to ours, so a repeated
    // request from one Claude Code process within the TTL reliably means "that key got a 401".
    ...(p.ttlMs ? [env('CLAUDE_CODE_API_KEY_HELPER_TTL_MS', String(p.ttlMs))] : []),
  ],
  offlineState: (p, { store, env: e, now, platform, settingsTtl }) => {
    const base = { profileId: p.id, lastCheckedAt: now };
    // The keychain's cached key, its fetchedAt as a refresh that found it unchanged confirmed it.
    const c = readConfirmedKey(store, appDataDir(e, platform), p.id, now);
    if (!c)
      return {
        ...base,
        status: 'unknown',
        detail: { kind: 'not-checked', message: 'the helper has not run yet' },
        next: 'refresh',
      };
    const ttl = resolveHelperTtl(p.ttlMs, e, settingsTtl).ms;
    const fresh = isFresh(c, ttl, now);
    // A cached key nobody checked (Claude Code ran the helper) is not "ok" (issue 17): a check
    // recorded for this key (check-records.ts) replaces this state.
    return {
      ...base,
      status: fresh ? 'unknown' : 'expired',
      expiresAt: c.fetchedAt + ttl,
      detail: fresh
        ? { kind: 'not-checked', message: 'key from the helper, cached; not checked yet' }
        : { kind: 'cached', message: 'the cached key is older than its TTL; the next use runs the helper' },
      next: 'refresh',
      hint: maskSecret(c.key),
    };
  },
  monitoring: (p) => ({ how: 'helper', helper: p }),
  watchedFiles: () => [],
  claudeCode: viaApiKeyHelper,
} as const satisfies CoreProvider<'api-key-helper'>;
