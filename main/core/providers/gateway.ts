import { headerLines } from '../../../common/providers/gateway';
import { maskSecret } from '../../../common/redact';
import { env, modelEntries } from '../claude-settings/plan-entries';
import { checkKey } from '../key-validation';
import { keychainKeyState, staticKeyState, uncheckedKeyState } from '../key-state';
import { viaApiKeyHelper } from './claude-code-check';
import type { CoreProvider, LiveCheck, ProfileOf } from './types';

export const GATEWAY_CHECK_INTERVAL_MS = 60 * 60_000;
const NOTE = 'gateway tokens are checked against the gateway';

/** The custom headers as a header map (the check sends them, as Claude Code does). */
function headerMap(p: ProfileOf<'gateway'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of headerLines(p.headers ?? '')) {
    const colon = line.indexOf(':');
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * The token against the gateway's GET /v1/models, sent the way Claude Code sends an apiKeyHelper's
 * output (claude-code-auth.md, "Gateways"): as x-api-key and as Authorization: Bearer, with the
 * custom headers. A gateway without /v1/models (404/405) leaves the token unchecked, not invalid.
 */
const gatewayCheck: LiveCheck<'gateway'> = {
  intervalMs: GATEWAY_CHECK_INTERVAL_MS,
  run: async (p, ctx) => {
    const key = ctx.store.get(p.id);
    if (!key) return { state: keychainKeyState(p.id, ctx.store, ctx.now(), 'token', NOTE), outcome: { ok: true } };
    const check = await checkKey(key, {
      baseUrl: p.baseUrl,
      path: '/v1/models',
      headers: { ...headerMap(p), authorization: `Bearer ${key}` },
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      now: ctx.now,
    });
    const unoffered = check.httpStatus === 404 || check.httpStatus === 405;
    const state = staticKeyState(
      p.id,
      unoffered
        ? {
            ...check,
            verdict: 'unknown',
            message: 'the gateway does not offer /v1/models; the key could not be checked',
          }
        : check,
      maskSecret(key),
    );
    if (check.verdict === 'rate-limited')
      return {
        state,
        outcome: { ok: false, ...(check.retryAfterMs !== undefined ? { retryAfterMs: check.retryAfterMs } : {}) },
      };
    return { state, outcome: { ok: true, nextDueAt: ctx.now() + GATEWAY_CHECK_INTERVAL_MS } };
  },
};

/** An LLM gateway: ANTHROPIC_BASE_URL, the keychain token through apiKeyHelper, custom headers, models. */
export const gatewayCore = {
  kind: 'gateway',
  activation: (p, input) => [
    { path: ['apiKeyHelper'], value: input.helperCommand },
    env('ANTHROPIC_BASE_URL', p.baseUrl),
    ...(p.headers ? [env('ANTHROPIC_CUSTOM_HEADERS', headerLines(p.headers).join('\n'))] : []),
    ...modelEntries(p.models),
  ],
  offlineState: (p, ctx) => uncheckedKeyState(p.id, ctx.store, ctx.now, 'token', NOTE),
  monitoring: () => ({ how: 'static-key', check: gatewayCheck }),
  watchedFiles: () => [],
  // `claude auth status` says {"authMethod":"api_key_helper","apiProvider":"firstParty","apiKeySource":"apiKeyHelper"}
  // with a gateway's ANTHROPIC_BASE_URL (seen with Claude Code 2.1.197; the compat suite pins it).
  claudeCode: viaApiKeyHelper,
  endpointHost: (p) => new URL(p.baseUrl).host,
  bundle: {
    steps: (_p, last) => [
      'Ask your gateway admin for a gateway token (the bundle never carries one).',
      ...last.slice(0, 1),
      'Edit the profile and paste the token (it is stored in your keychain).',
      ...last.slice(1),
    ],
  },
} as const satisfies CoreProvider<'gateway'>;
