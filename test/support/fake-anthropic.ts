import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly apiKey?: string;
  readonly authorization?: string;
  /** An LLM gateway's custom header (ANTHROPIC_CUSTOM_HEADERS in the tests: X-Gateway-Team). */
  readonly gatewayTeam?: string;
  /** Claude Platform on AWS: the workspace header of a SigV4-signed request. */
  readonly workspaceId?: string;
  /** For Vertex AI requests (`/v1/projects/<p>/locations/<r>/publishers/anthropic/models/<m>:…`). */
  readonly vertex?: { readonly project: string; readonly region: string; readonly model: string };
}

export interface FakeAnthropic {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Keys answered with 401. */
  readonly revoked: Set<string>;
  /** Per-key fixed answers for /v1/models (status, headers, body). */
  readonly overrides: Map<string, { status: number; headers?: Record<string, string>; body?: string }>;
  /**
   * Headers added to every /v1/messages answer, e.g. the subscription's `anthropic-ratelimit-unified-*`
   * (see unifiedRateLimitHeaders). Cleared between tests by the caller.
   */
  readonly messageHeaders: Map<string, string>;
  close(): Promise<void>;
}

/**
 * What the API sends a subscription login (claude-code-auth.md, "Verified against the real Claude
 * Code 2.1.197"): utilisation as a fraction, reset as epoch seconds, for the 5-hour and 7-day windows.
 */
export function unifiedRateLimitHeaders(w: {
  fiveHour: number;
  fiveHourReset: number;
  sevenDay: number;
  sevenDayReset: number;
}): Record<string, string> {
  return {
    'anthropic-ratelimit-unified-status': 'allowed',
    'anthropic-ratelimit-unified-5h-status': 'allowed',
    'anthropic-ratelimit-unified-5h-utilization': String(w.fiveHour),
    'anthropic-ratelimit-unified-5h-reset': String(w.fiveHourReset),
    'anthropic-ratelimit-unified-7d-status': 'allowed',
    'anthropic-ratelimit-unified-7d-utilization': String(w.sevenDay),
    'anthropic-ratelimit-unified-7d-reset': String(w.sevenDayReset),
    'anthropic-ratelimit-unified-representative-claim': 'five_hour',
    'anthropic-ratelimit-unified-reset': String(w.fiveHourReset),
  };
}

const REPLY = 'Hello from the fake API.';

/**
 * A fake Anthropic API on 127.0.0.1 (random port): records every request's path and auth headers,
 * answers GET /v1/models and POST /v1/messages (streaming and not), and the same messages as Vertex AI's
 * rawPredict / streamRawPredict; revoked keys get 401.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const revoked = new Set<string>();
  const overrides = new Map<string, { status: number; headers?: Record<string, string>; body?: string }>();
  const messageHeaders = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const apiKey = header(req, 'x-api-key');
      const authorization = header(req, 'authorization');
      const workspaceId = header(req, 'anthropic-workspace-id');
      const gatewayTeam = header(req, 'x-gateway-team');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const vx =
        /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(?:stream)?rawPredict$/i.exec(
          url.pathname,
        );
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        ...(vx ? { vertex: { project: vx[1]!, region: vx[2]!, model: vx[3]! } } : {}),
        ...(apiKey ? { apiKey } : {}),
        ...(authorization ? { authorization } : {}),
        ...(workspaceId ? { workspaceId } : {}),
        ...(gatewayTeam ? { gatewayTeam } : {}),
      });
      const key = apiKey ?? authorization?.replace(/^Bearer\s+/i, '');
      const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
        res.end(JSON.stringify(body));
      };
      const o = key ? overrides.get(key) : undefined;
      if (o) {
        res.writeHead(o.status, { 'content-type': 'application/json', ...o.headers });
        res.end(o.body ?? JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'override' } }));
        return;
      }
      // Vertex requests come unauthenticated in tests (CLAUDE_CODE_SKIP_VERTEX_AUTH: Google's token
      // endpoint cannot be faked for Claude Code's Google client offline); a revoked token still fails.
      if ((!key && !vx) || (key && revoked.has(key))) {
        json(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        json(200, {
          data: [
            {
              type: 'model',
              id: 'claude-sonnet-4-5',
              display_name: 'Claude Sonnet 4.5',
              created_at: '2025-09-29T00:00:00Z',
            },
          ],
          has_more: false,
          first_id: 'claude-sonnet-4-5',
          last_id: 'claude-sonnet-4-5',
        });
        return;
      }
      if (req.method === 'POST' && (url.pathname === '/v1/messages' || vx)) {
        let body: { stream?: boolean; model?: string } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          // ignore
        }
        const model = body.model ?? 'claude-sonnet-4-5';
        const usage = {
          input_tokens: 10,
          output_tokens: 6,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        };
        if (body.stream || /:streamRawPredict$/i.test(url.pathname)) {
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
            'request-id': 'req_fake',
            ...Object.fromEntries(messageHeaders),
          });
          const ev = (event: string, data: unknown): void => {
            res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
          };
          ev('message_start', {
            type: 'message_start',
            message: {
              id: 'msg_fake',
              type: 'message',
              role: 'assistant',
              model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { ...usage, output_tokens: 1 },
            },
          });
          ev('content_block_start', {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'text', text: '' },
          });
          ev('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: REPLY },
          });
          ev('content_block_stop', { type: 'content_block_stop', index: 0 });
          ev('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 6 },
          });
          ev('message_stop', { type: 'message_stop' });
          res.end();
          return;
        }
        json(
          200,
          {
            id: 'msg_fake',
            type: 'message',
            role: 'assistant',
            model,
            content: [{ type: 'text', text: REPLY }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage,
          },
          Object.fromEntries(messageHeaders),
        );
        return;
      }
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        json(200, { input_tokens: 10 });
        return;
      }
      json(404, { type: 'error', error: { type: 'not_found_error', message: `no route ${url.pathname}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    revoked,
    overrides,
    messageHeaders,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const FAKE_REPLY = REPLY;
