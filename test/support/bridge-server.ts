/**
 * Test-only bridge (never shipped): serves the built renderer and implements the IPC contract over
 * HTTP (POST /invoke/<channel>) and server-sent events (GET /events), backed by the real AppApi in
 * Node and the same typed-ipc wrapper the Electron main process uses. The page gets
 * `window.authTray` from /bridge-client.js, with exactly the preload's shape.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../common/ipc-contract';
import type { AppApi } from '../../main/core/app-api';
import { registerIpc } from '../../main/electron/typed-ipc';
import { IpcMainTwin } from './electron-twins';

const CLIENT = `(() => {
  const channels = ${JSON.stringify(INVOKE_CHANNELS)};
  const api = {};
  for (const c of channels) {
    api[c] = (arg) => fetch('./invoke/' + encodeURIComponent(c), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ arg }) }).then((r) => r.json());
  }
  const es = new EventSource('./events');
  const listen = (channel, l) => { const h = (e) => l(JSON.parse(e.data)); es.addEventListener(channel, h); return () => es.removeEventListener(channel, h); };
  api.onStateChanged = (l) => listen('state:changed', l);
  api.onNavigate = (l) => listen('navigate', l);
  api.onTeamProgress = (l) => listen('team:progress', l);
  window.authTray = Object.freeze(api);
})();`;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface Bridge {
  readonly url: string;
  /** Sends a main → renderer event to every open page. */
  emit(channel: 'state:changed' | 'navigate' | 'team:progress', payload: unknown): void;
  close(): Promise<void>;
}

export async function startBridge(app: AppApi, rendererDir: string): Promise<Bridge> {
  const ipc = new IpcMainTwin();
  registerIpc(ipc, () => true, app.handlers);
  const streams = new Set<http.ServerResponse>();
  const emit = (channel: string, payload: unknown): void => {
    for (const s of streams) s.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const unsubscribeState = app.onSnapshot((s) => emit('state:changed', s));
  const unsubscribeProgress = app.onTeamProgress((p) => emit('team:progress', p));
  const unsubscribe = (): void => {
    unsubscribeState();
    unsubscribeProgress();
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname.startsWith('/invoke/')) {
      const channel = decodeURIComponent(url.pathname.slice('/invoke/'.length));
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        void (async () => {
          let result: unknown;
          try {
            const { arg } = JSON.parse(body || '{}') as { arg?: unknown };
            result = ipc.handlers.has(channel)
              ? await ipc.invoke(channel, {} as IpcMainInvokeEvent, arg)
              : { ok: false, error: { kind: 'bad-request', message: 'unknown channel' } };
          } catch {
            result = { ok: false, error: { kind: 'bad-request', message: 'bad JSON' } };
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        })();
      });
      return;
    }
    if (url.pathname === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname === '/bridge-client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(CLIENT);
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const file = path.join(rendererDir, path.normalize(rel));
    if (!file.startsWith(rendererDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    let data: Buffer | string = fs.readFileSync(file);
    if (rel === 'index.html') {
      // The bridge client must define window.authTray before the app's module script runs.
      data = data
        .toString('utf8')
        .replace('<script type="module"', '<script src="./bridge-client.js"></script>\n    <script type="module"');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    emit,
    close: () =>
      new Promise<void>((r) => {
        unsubscribe();
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
