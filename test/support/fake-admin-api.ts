import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAdmin {
  readonly url: string;
  readonly members: { id: string; email: string; name: string; role: string; type: 'user' }[];
  readonly invites: {
    id: string;
    email: string;
    role: string;
    status: string;
    type: 'invite';
    invited_at: string;
    expires_at: string;
  }[];
  /** Requests that got 429, and all requests. */
  readonly stats: { throttled: number; requests: number; pageSizes: number[] };
  /** Answer 429 (Retry-After) on every Nth request; 0 = never. */
  throttleEvery: number;
  retryAfter: string;
  /**
   * Answer every authenticated request whose "METHOD /path" starts with `route` (all when omitted)
   * with this instead: for answers that are not the documented shape.
   */
  wrongAnswer: { route?: string; status?: number; contentType?: string; body: string } | undefined;
  /** Cost report: per UTC day (YYYY-MM-DD), the amounts in cents as the API writes them ("123.45"). */
  readonly costs: Map<string, string[]>;
  /** Cost report buckets per page at most (the API's own limit is 31). */
  costPageSize: number;
  /** The cost report queries received (query strings). */
  readonly costQueries: string[];
  readonly apiKeys: { id: string; name: string; status: string; partial_key_hint: string; type: 'api_key' }[];
  close(): Promise<void>;
}

const ROLES = ['user', 'developer', 'billing', 'claude_code_user'];

/**
 * A fake Anthropic Admin API on 127.0.0.1 that enforces the real contract: the admin key in
 * x-api-key, allowed roles only (admin refused), members and invites paged with limit/after_id,
 * and a 429 with Retry-After now and then.
 */
export async function startFakeAdmin(
  adminKey: string,
  seedMembers: readonly string[] = [],
  seedInvites: readonly string[] = [],
): Promise<FakeAdmin> {
  let seq = 0;
  const id = (p: string): string => `${p}_${String(++seq).padStart(6, '0')}`;
  const members = seedMembers.map((email) => ({
    id: id('user'),
    email,
    name: email.split('@')[0] ?? email,
    role: 'user',
    type: 'user' as const,
  }));
  const invites = seedInvites.map((email) => ({
    id: id('invite'),
    email,
    role: 'developer',
    status: 'pending',
    type: 'invite' as const,
    invited_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + 21 * 86400_000).toISOString(),
  }));
  const state: FakeAdmin = {
    url: '',
    members,
    invites,
    stats: { throttled: 0, requests: 0, pageSizes: [] },
    throttleEvery: 0,
    retryAfter: '0.05',
    wrongAnswer: undefined,
    costs: new Map(),
    costPageSize: 31,
    costQueries: [],
    apiKeys: [],
    close: async () => undefined,
  };
  const err = (res: http.ServerResponse, status: number, type: string, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type, message } }));
  };
  const page = <T extends { id: string }>(res: http.ServerResponse, url: URL, items: T[]): void => {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 20), 1), 100);
    const after = url.searchParams.get('after_id');
    const start = after ? items.findIndex((x) => x.id === after) + 1 : 0;
    const data = items.slice(start, start + limit);
    state.stats.pageSizes.push(data.length);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data,
        has_more: start + limit < items.length,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      }),
    );
  };
  /** Daily buckets from starting_at up to today (UTC), paged by an opaque `page` token. */
  const costReport = (res: http.ServerResponse, url: URL): void => {
    state.costQueries.push(url.search);
    const start = Date.parse(url.searchParams.get('starting_at') ?? '');
    if (Number.isNaN(start)) return err(res, 400, 'invalid_request_error', 'starting_at: required');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 7), 31, state.costPageSize);
    const token = url.searchParams.get('page');
    const from = token ? Number(Buffer.from(token, 'base64').toString()) : start;
    const first = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate());
    const end = Date.now();
    const data = [];
    let t = first;
    for (; t <= end && data.length < limit; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      data.push({
        starting_at: new Date(t).toISOString(),
        ending_at: new Date(t + 86_400_000).toISOString(),
        results: (state.costs.get(day) ?? []).map((amount) => ({ amount, currency: 'USD', cost_type: 'tokens' })),
      });
    }
    const more = t <= end;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data,
        has_more: more,
        next_page: more ? Buffer.from(String(t)).toString('base64') : null,
      }),
    );
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      state.stats.requests++;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.headers['x-api-key'] !== adminKey) return err(res, 401, 'authentication_error', 'invalid x-api-key');
      if (req.headers['anthropic-version'] !== '2023-06-01')
        return err(res, 400, 'invalid_request_error', 'anthropic-version header is required');
      const w = state.wrongAnswer;
      if (w && `${req.method} ${url.pathname}`.startsWith(w.route ?? '')) {
        res.writeHead(w.status ?? 200, { 'content-type': w.contentType ?? 'application/json' });
        return res.end(w.body);
      }
      if (state.throttleEvery && state.stats.requests % state.throttleEvery === 0) {
        state.stats.throttled++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': state.retryAfter });
        res.end(JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } }));
        return;
      }
      const json = (): Record<string, unknown> => {
        try {
          return JSON.parse(body || '{}') as Record<string, unknown>;
        } catch {
          return {};
        }
      };
      if (req.method === 'GET' && url.pathname === '/v1/organizations/users') return page(res, url, state.members);
      if (req.method === 'GET' && url.pathname === '/v1/organizations/api_keys') return page(res, url, state.apiKeys);
      if (req.method === 'GET' && url.pathname === '/v1/organizations/cost_report') return costReport(res, url);
      if (req.method === 'GET' && url.pathname === '/v1/organizations/invites') return page(res, url, state.invites);
      if (req.method === 'POST' && url.pathname === '/v1/organizations/invites') {
        const { email, role } = json() as { email?: string; role?: string };
        if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          return err(res, 400, 'invalid_request_error', 'email: invalid email address');
        if (role === 'admin')
          return err(res, 400, 'invalid_request_error', 'role: admin cannot be assigned through the API');
        if (!ROLES.includes(String(role)))
          return err(res, 400, 'invalid_request_error', `role: must be one of ${ROLES.join(', ')}`);
        if (state.members.some((m) => m.email.toLowerCase() === email.toLowerCase()))
          return err(res, 400, 'invalid_request_error', 'user is already a member');
        if (state.invites.some((i) => i.status === 'pending' && i.email.toLowerCase() === email.toLowerCase()))
          return err(res, 400, 'invalid_request_error', 'an invite is already pending');
        const inv = {
          id: id('invite'),
          email,
          role: String(role),
          status: 'pending',
          type: 'invite' as const,
          invited_at: new Date().toISOString(),
          expires_at: new Date(Date.now() + 21 * 86400_000).toISOString(),
        };
        state.invites.push(inv);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(inv));
      }
      const del = /^\/v1\/organizations\/invites\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'DELETE' && del) {
        const i = state.invites.findIndex((x) => x.id === del[1]);
        if (i < 0) return err(res, 404, 'not_found_error', 'invite not found');
        state.invites.splice(i, 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ id: del[1], type: 'invite_deleted' }));
      }
      const upd = /^\/v1\/organizations\/users\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'POST' && upd) {
        const m = state.members.find((x) => x.id === upd[1]);
        if (!m) return err(res, 404, 'not_found_error', 'user not found');
        const { role } = json() as { role?: string };
        if (role === 'admin' || !ROLES.includes(String(role)))
          return err(res, 400, 'invalid_request_error', 'role: not allowed');
        m.role = String(role);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(m));
      }
      err(res, 404, 'not_found_error', `no route ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
