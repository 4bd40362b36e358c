/**
 * Checks an API key against the Anthropic API: `GET {base}/v1/models` with `x-api-key` and
 * `anthropic-version: 2023-06-01` (claude-code-auth.md, "Checking an API key").
 * A network error means *unknown*, never *invalid*. Never puts the key in a result text.
 */
export type KeyVerdict = 'valid' | 'invalid' | 'forbidden' | 'billing' | 'rate-limited' | 'org-disabled' | 'unknown';

export interface KeyCheck {
  readonly verdict: KeyVerdict;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly message: string;
  readonly checkedAt: number;
  readonly durationMs: number;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal: AbortSignal; body?: string },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export const DEFAULT_API_BASE = 'https://api.anthropic.com';

export function parseRetryAfter(v: string | null, now: number): number | undefined {
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export async function checkKey(
  key: string,
  opts: {
    baseUrl?: string | undefined;
    fetch?: FetchLike;
    timeoutMs?: number;
    now?: () => number;
    /** What to GET; an Admin key is checked against the Admin API instead of /v1/models. */
    path?: string;
    /** Headers sent besides x-api-key (a gateway: the key as a Bearer token too, its custom headers). */
    headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<KeyCheck> {
  const now = opts.now ?? Date.now;
  const started = now();
  const base = (opts.baseUrl || DEFAULT_API_BASE).replace(/\/+$/, '');
  const f: FetchLike = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const done = (
    verdict: KeyVerdict,
    message: string,
    extra: { httpStatus?: number; retryAfterMs?: number } = {},
  ): KeyCheck => ({
    verdict,
    message,
    checkedAt: now(),
    durationMs: now() - started,
    ...extra,
  });
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 15_000);
  try {
    const res = await f(`${base}${opts.path ?? '/v1/models?limit=1'}`, {
      method: 'GET',
      headers: { ...opts.headers, 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      signal: ac.signal,
    });
    const body = await res.text().catch(() => '');
    const httpStatus = res.status;
    switch (true) {
      case httpStatus >= 200 && httpStatus < 300:
        return done('valid', 'The key works.', { httpStatus });
      case httpStatus === 401:
        return done('invalid', 'The key was rejected (revoked, expired or mistyped).', { httpStatus });
      case httpStatus === 403:
        return done('forbidden', 'The key works but has no permission for this API.', { httpStatus });
      case httpStatus === 402:
        return done('billing', 'The organisation has a billing problem (credit balance or payment).', { httpStatus });
      case httpStatus === 429: {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
        return done('rate-limited', 'Rate limited; will check again later.', {
          httpStatus,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
      }
      case httpStatus === 400 && /organi[sz]ation[^"]*disabled/i.test(body):
        return done('org-disabled', 'The organisation of this key has been disabled.', { httpStatus });
      default:
        return done('unknown', `The API answered ${httpStatus}; the key's state is unknown.`, { httpStatus });
    }
  } catch (e) {
    const aborted = (e as Error)?.name === 'AbortError';
    return done(
      'unknown',
      aborted
        ? 'The API did not answer in time; the key was not checked.'
        : 'The API could not be reached (offline?); the key was not checked.',
    );
  } finally {
    clearTimeout(timer);
  }
}
