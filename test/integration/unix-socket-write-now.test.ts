import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sleepSync } from '../../main/core/file-lock';
import { secretServiceItemExists } from '../../main/core/secret-service-read';
import { connectUnix, rawPipe, type UnixSocket } from '../../main/core/unix-socket';

/**
 * UnixSocket.writeNow (issue 16) writes the bus opening to the descriptor before libuv reports the
 * connect. What a listener in another process receives when the connect did not complete (a full
 * backlog), when the write is short (more than the socket buffer), and when the peer is gone (EPIPE):
 * the bytes arrive exactly once or the socket fails; never lost silently, never twice.
 *
 * The listener (a real Node process) holds its event loop until told: connections wait in its
 * backlog unaccepted. Then it reads each connection until it has `len` bytes and prints their
 * length and SHA-256, one line per connection.
 */
const LISTENER = [
  "const net=require('net'),fs=require('fs'),crypto=require('crypto');",
  'const [sock,mode,ctl,len]=process.argv.slice(1);',
  'const srv=net.createServer((s)=>{',
  "  if(mode==='hangup'){s.destroy();fs.writeFileSync(ctl+'/closed','');return;}",
  '  const parts=[];let n=0;',
  "  s.on('data',(d)=>{parts.push(d);n+=d.length;if(n>=+len){",
  "    console.log(JSON.stringify({n,sha:crypto.createHash('sha256').update(Buffer.concat(parts)).digest('hex')}));s.destroy();}});",
  "  s.on('error',()=>{});",
  '});',
  'srv.listen({path:sock,backlog:1},()=>{',
  "  console.log('ready');",
  "  if(mode==='hold'){const w=new Int32Array(new SharedArrayBuffer(4));",
  "    while(!fs.existsSync(ctl+'/go'))Atomics.wait(w,0,0,10);}",
  '});',
].join('\n');

let dir: string;
let listener: ChildProcess | undefined;
let lines: string[];

async function startListener(mode: 'hold' | 'hangup', len: number): Promise<string> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-writenow-'));
  const sock = path.join(dir, 'bus');
  lines = [];
  listener = spawn(process.execPath, ['-e', LISTENER, sock, mode, dir, String(len)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  await new Promise<void>((resolve) => {
    listener!.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const all = buf.split('\n');
      buf = all.pop()!;
      for (const l of all) {
        if (l === 'ready') resolve();
        else lines.push(l);
      }
    });
  });
  return sock;
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

function events(s: UnixSocket): string[] {
  const seen: string[] = [];
  s.on('connect', () => seen.push('connect'));
  s.on('error', () => seen.push('error'));
  s.on('close', () => seen.push('close'));
  s.on('data', () => seen.push('data'));
  return seen;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

afterEach(() => {
  listener?.kill();
  listener = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('UnixSocket.writeNow (libuv pipe handle)', () => {
  it('a full backlog: the connect that failed writes nothing and fails; the others deliver once', async () => {
    expect(rawPipe(), 'Node 20 exposes the pipe handle here').toBeDefined();
    const sock = await startListener('hold', 8);
    const socks: Array<{ s: UnixSocket; ok: boolean; seen: string[]; msg: Buffer }> = [];
    for (let i = 0; i < 8; i++) {
      const s = connectUnix(sock);
      const seen = events(s);
      const msg = Buffer.from(`hello-${i}\n`);
      const ok = s.writeNow!(msg);
      if (!ok) s.on('connect', () => s.write(msg)); // as converse() does
      socks.push({ s, ok, seen, msg });
    }
    const ok = socks.filter((x) => x.ok);
    const refused = socks.filter((x) => !x.ok);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length, 'the backlog fills (EAGAIN on connect)').toBeGreaterThan(0);
    // Every refused one reports an error (never 'connect'); nothing hangs.
    await until(() => refused.every((x) => x.seen.includes('close')));
    for (const x of refused) expect(x.seen).toEqual(['error', 'close']);
    fs.writeFileSync(path.join(dir, 'go'), '');
    await until(() => lines.length >= ok.length);
    await new Promise((r) => setTimeout(r, 300)); // a duplicate or a refused one would add a line
    const want = ok.map((x) => JSON.stringify({ n: 8, sha: sha(x.msg) })).sort();
    expect([...lines].sort()).toEqual(want);
    for (const x of socks) x.s.destroy();
  });

  it('a short write: the rest is queued behind it, the listener gets every byte once, in order', async () => {
    const big = Buffer.alloc(4 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 12)) & 0xff;
    const sock = await startListener('hold', big.length);
    const s = connectUnix(sock);
    const seen = events(s);
    expect(s.writeNow!(big)).toBe(true);
    fs.writeFileSync(path.join(dir, 'go'), '');
    await until(() => lines.length >= 1);
    expect(lines).toEqual([JSON.stringify({ n: big.length, sha: sha(big) })]);
    expect(seen[0]).toBe('connect');
    s.destroy();
  });

  it('the peer gone (EPIPE): nothing written, no exception, the socket fails', async () => {
    const sock = await startListener('hangup', 1);
    const s = connectUnix(sock);
    const seen = events(s);
    // Synchronously until the listener has accepted and closed this connection.
    const end = Date.now() + 20_000;
    while (!fs.existsSync(path.join(dir, 'closed')) && Date.now() < end) sleepSync(5);
    expect(fs.existsSync(path.join(dir, 'closed'))).toBe(true);
    expect(s.writeNow!(Buffer.from('\0AUTH EXTERNAL 30\r\n'))).toBe(false);
    await until(() => seen.includes('close'));
    expect(seen).toContain('close');
    expect(seen).not.toContain('data');
  });

  it('the Secret Service search on a full backlog gives no answer (undefined), not a hang or a throw', async () => {
    const sock = await startListener('hold', 1 << 20);
    const fill: UnixSocket[] = [];
    for (let i = 0; i < 8; i++) {
      const s = connectUnix(sock);
      s.on('error', () => {});
      fill.push(s);
    }
    const env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` };
    await expect(secretServiceItemExists('svc', 'acct', env, 2000)).resolves.toBeUndefined();
    for (const s of fill) s.destroy();
  });
});
