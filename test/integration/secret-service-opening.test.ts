import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleepSync } from '../../main/core/file-lock';
import { secretServiceItemExists } from '../../main/core/secret-service-read';
import { rawPipe } from '../../main/core/unix-socket';

/**
 * `use` sends its keychain search and loads the switch at once (issue 16): the bus's opening must be
 * on the socket when the search is started, before this process turns its event loop. A listener in
 * another process records what it received; this process waits for it synchronously.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-opening-'));
const sock = path.join(dir, 'bus');
const got = path.join(dir, 'got');
let listener: ChildProcess;

beforeAll(async () => {
  const code = [
    "const net=require('net'),fs=require('fs');",
    // Written whole under another name, then renamed: the waiting test never reads it half-written.
    'net.createServer((s)=>{s.once("data",(d)=>{fs.writeFileSync(process.argv[2]+".part",d);',
    'fs.renameSync(process.argv[2]+".part",process.argv[2]);s.destroy();});})',
    '.listen(process.argv[1],()=>console.log("ready"));',
  ].join('');
  listener = spawn(process.execPath, ['-e', code, sock, got], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => listener.stdout!.once('data', () => resolve()));
});
afterAll(() => {
  listener.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the Secret Service opening', () => {
  it('is on the socket before the event loop turns (libuv pipe handle)', async () => {
    expect(rawPipe(), 'Node 20 exposes the pipe handle here').toBeDefined();
    const answer = secretServiceItemExists('svc', 'acct', { DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` }, 1000);
    // Synchronously: no event loop turn until the listener has the bytes (or 5 s).
    const until = Date.now() + 5_000;
    while (!fs.existsSync(got) && Date.now() < until) sleepSync(5);
    const bytes = fs.existsSync(got) ? fs.readFileSync(got) : Buffer.alloc(0);
    expect(bytes.subarray(0, 15).toString('latin1')).toBe('\0AUTH EXTERNAL ');
    // The listener hangs up: no certain answer.
    expect(await answer).toBeUndefined();
  });
});
