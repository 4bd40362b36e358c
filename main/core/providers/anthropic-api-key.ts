import { maskSecret } from '../../../common/redact';
import { env } from '../claude-settings/plan-entries';
import { checkKey } from '../key-validation';
import { keychainKeyState, staticKeyState, uncheckedKeyState } from '../key-state';
import { viaApiKeyHelper } from './claude-code-check';
import type { CoreProvider, LiveCheck } from './types';

export const STATIC_KEY_CHECK_INTERVAL_MS = 60 * 60_000;

/** The key against the API (GET /v1/models) every hour; a key missing from the keychain says so. */
const staticKeyCheck: LiveCheck<'anthropic-api-key'> = {
  intervalMs: STATIC_KEY_CHECK_INTERVAL_MS,
  run: async (p, ctx) => {
    const key = ctx.store.get(p.id);
    if (!key) {
      const state = keychainKeyState(p.id, ctx.store, ctx.now(), 'key', 'API keys do not expire');
      return { state, outcome: { ok: true } };
    }
    const check = await checkKey(key, {
      baseUrl: p.baseUrl ?? ctx.apiBaseUrl,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      now: ctx.now,
    });
    const state = staticKeyState(p.id, check, maskSecret(key));
    if (check.verdict === 'rate-limited')
      return {
        state,
        outcome: { ok: false, ...(check.retryAfterMs !== undefined ? { retryAfterMs: check.retryAfterMs } : {}) },
      };
    return { state, outcome: { ok: true, nextDueAt: ctx.now() + STATIC_KEY_CHECK_INTERVAL_MS } };
  },
};

export const anthropicApiKeyCore = {
  kind: 'anthropic-api-key',
  activation: (p, input) => [
    { path: ['apiKeyHelper'], value: input.helperCommand },
    ...(p.baseUrl ? [env('ANTHROPIC_BASE_URL', p.baseUrl)] : []),
  ],
  offlineState: (p, ctx) => uncheckedKeyState(p.id, ctx.store, ctx.now, 'key', 'API keys do not expire'),
  monitoring: () => ({ how: 'static-key', check: staticKeyCheck }),
  watchedFiles: () => [],
  claudeCode: viaApiKeyHelper,
} as const satisfies CoreProvider<'anthropic-api-key'>;
