import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKey, parseRetryAfter } from '../../main/core/key-validation';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

let api: FakeAnthropic;
beforeAll(async () => {
  api = await startFakeAnthropic();
  api.revoked.add('k-revoked');
  api.overrides.set('k-forbidden', { status: 403 });
  api.overrides.set('k-billing', { status: 402 });
  api.overrides.set('k-limited', { status: 429, headers: { 'retry-after': '17' } });
  api.overrides.set('k-disabled', {
    status: 400,
    body: JSON.stringify({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'This organization has been disabled.' },
    }),
  });
  api.overrides.set('k-500', { status: 500 });
});
afterAll(() => api.close());

describe('checkKey against a real HTTP server on 127.0.0.1', () => {
  it.each([
    ['k-good', 'valid', 200],
    ['k-revoked', 'invalid', 401],
    ['k-forbidden', 'forbidden', 403],
    ['k-billing', 'billing', 402],
    ['k-limited', 'rate-limited', 429],
    ['k-disabled', 'org-disabled', 400],
    ['k-500', 'unknown', 500],
  ])('%s → %s', async (key, verdict, status) => {
    const r = await checkKey(key, { baseUrl: api.url });
    expect(r.verdict).toBe(verdict);
    expect(r.httpStatus).toBe(status);
    expect(r.message).not.toContain(key);
    if (verdict === 'rate-limited') expect(r.retryAfterMs).toBe(17_000);
  });

  it('sends GET /v1/models with x-api-key and anthropic-version', async () => {
    const seen: Record<string, string> = {};
    await checkKey('k-good', {
      baseUrl: api.url + '/',
      fetch: async (url, init) => {
        Object.assign(seen, init.headers, { url, method: init.method });
        return fetch(url, init);
      },
    });
    expect(seen).toMatchObject({ 'x-api-key': 'k-good', 'anthropic-version': '2023-06-01', method: 'GET' });
    expect(seen.url).toBe(`${api.url}/v1/models?limit=1`);
  });

  it('a network error is unknown, not invalid', async () => {
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const r = await checkKey('k-good', { baseUrl: `http://127.0.0.1:${port}` });
    expect(r.verdict).toBe('unknown');
    expect(r.httpStatus).toBeUndefined();
  });

  it('a server that never answers is unknown after the timeout', async () => {
    const s = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => s.once('listening', r));
    const r = await checkKey('k-good', {
      baseUrl: `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`,
      timeoutMs: 300,
    });
    expect(r.verdict).toBe('unknown');
    expect(r.message).toMatch(/did not answer in time/);
    s.close();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
