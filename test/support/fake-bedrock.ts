import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

export const FAKE_BEDROCK_REPLY = 'Hello from the fake Bedrock.';

export interface BedrockRequest {
  readonly method: string;
  readonly path: string;
  /** The access key id of the SigV4 signature (`Credential=<id>/<date>/<region>/bedrock/…`). */
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly securityToken?: string;
}

export interface FakeBedrock {
  /** For ANTHROPIC_BEDROCK_BASE_URL. */
  readonly url: string;
  readonly requests: BedrockRequest[];
  close(): Promise<void>;
}

/** One message of the AWS event stream (application/vnd.amazon.eventstream) with string headers. */
function eventMessage(payload: object): Buffer {
  const header = (name: string, value: string): Buffer => {
    const n = Buffer.from(name);
    const v = Buffer.from(value);
    const b = Buffer.alloc(4 + n.length + v.length);
    b.writeUInt8(n.length, 0);
    n.copy(b, 1);
    b.writeUInt8(7, 1 + n.length); // type 7: string
    b.writeUInt16BE(v.length, 2 + n.length);
    v.copy(b, 4 + n.length);
    return b;
  };
  const headers = Buffer.concat([
    header(':event-type', 'chunk'),
    header(':content-type', 'application/json'),
    header(':message-type', 'event'),
  ]);
  const body = Buffer.from(JSON.stringify(payload));
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(16 + headers.length + body.length, 0);
  prelude.writeUInt32BE(headers.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const msg = Buffer.concat([prelude, headers, body]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(msg), 0);
  return Buffer.concat([msg, tail]);
}

/**
 * Amazon Bedrock's runtime API for Anthropic models, faked on 127.0.0.1: records who signed each
 * request (SigV4 access key id, session token) and answers InvokeModel and
 * InvokeModelWithResponseStream with a short fixed text, as Claude Code's Bedrock client expects.
 */
export async function startFakeBedrock(): Promise<FakeBedrock> {
  const requests: BedrockRequest[] = [];
  const message = {
    id: 'msg_fake_bedrock',
    type: 'message',
    role: 'assistant',
    model: 'claude',
    content: [{ type: 'text', text: FAKE_BEDROCK_REPLY }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 5, output_tokens: 5 },
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const sig = /Credential=([^/]+)\/\d{8}\/([^/]+)\/bedrock\//.exec(String(req.headers.authorization ?? ''));
      const token = req.headers['x-amz-security-token'];
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        ...(sig?.[1] ? { accessKeyId: sig[1], region: sig[2] } : {}),
        ...(typeof token === 'string' ? { securityToken: token } : {}),
      });
      if (!sig) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Missing Authentication Token' }));
      } else if (url.pathname === '/inference-profiles') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ inferenceProfileSummaries: [] }));
      } else if (/^\/model\/[^/]+\/invoke$/.test(url.pathname)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message));
      } else if (/^\/model\/[^/]+\/invoke-with-response-stream$/.test(url.pathname)) {
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        const events = [
          { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: FAKE_BEDROCK_REPLY } },
          { type: 'content_block_stop', index: 0 },
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 5 },
          },
          { type: 'message_stop' },
        ];
        for (const e of events) res.write(eventMessage({ bytes: Buffer.from(JSON.stringify(e)).toString('base64') }));
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `no route ${url.pathname}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
