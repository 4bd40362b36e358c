import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxForFile } from '../support/app-harness';
import { canaryKey, cli } from '../support/cli';

/**
 * `use` starts its keychain search before it loads the switch, so the bus answers while the switch
 * loads (issue 16). On Node 20 the opening is written straight to the socket (UnixSocket.writeNow);
 * elsewhere (another Node, --pending-deprecation: node:net) it goes out on 'connect', which needs a
 * turn of the event loop: that turn must still come before the load, or the search waits for it.
 *
 * A stand-in bus in another process records the first bytes it gets; a --require probe, when the
 * switch's bundle is about to run, waits (synchronously, up to 5 s) for that record.
 */
const { sb, env } = sandboxForFile({ PATH: '/usr/bin:/bin' });
const sock = path.join(sb.home, 'stand-in-bus');
const got = path.join(sb.home, 'got');
const probe = path.join(sb.home, 'opening-probe.cjs');
let listener: ChildProcess;

beforeAll(async () => {
  expect(cli(['add', 'anthropic-api-key', '--name', 'A', '--key-stdin'], env, canaryKey()).code).toBe(0);
  const code = [
    "const net=require('net'),fs=require('fs');",
    // Only the first connection's first bytes (the native module's later connection sends its own).
    'net.createServer((s)=>{s.once("data",(d)=>{if(fs.existsSync(process.argv[2]))return s.destroy();',
    'fs.writeFileSync(process.argv[2]+".part",d);',
    'fs.renameSync(process.argv[2]+".part",process.argv[2]);s.destroy();});s.on("error",()=>{});})',
    '.listen(process.argv[1],()=>console.log("ready"));',
  ].join('');
  listener = spawn(process.execPath, ['-e', code, sock, got], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => listener.stdout!.once('data', () => resolve()));
  fs.writeFileSync(
    probe,
    [
      "const vm = require('node:vm'), fs = require('node:fs');",
      'const Script = vm.Script;',
      'vm.Script = class extends Script {',
      '  constructor(src, o) { super(src, o); this.file = o && o.filename; }',
      '  runInThisContext(...a) {',
      "    if (/use-switch\\.js$/.test(this.file || '')) {",
      '      const w = new Int32Array(new SharedArrayBuffer(4)), end = Date.now() + 5000;',
      `      while (!fs.existsSync(${JSON.stringify(got)}) && Date.now() < end) Atomics.wait(w, 0, 0, 5);`,
      `      fs.writeSync(2, '\\nOPENING ' + (fs.existsSync(${JSON.stringify(got)}) ? 'SENT' : 'NOT SENT') + ' BEFORE THE SWITCH\\n');`,
      '    }',
      '    return super.runInThisContext(...a);',
      '  }',
      '};',
    ].join('\n'),
  );
});
afterAll(() => listener.kill());

describe("use's keychain search goes out before the switch is loaded", () => {
  it.each([
    ['the pipe handle (Node 20)', ''],
    ['node:net (--pending-deprecation: no internal handles)', '--pending-deprecation'],
  ])('%s', (_name, flags) => {
    fs.rmSync(got, { force: true });
    const r = cli(['use', 'A'], {
      ...env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}`,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} ${flags} --require ${probe}`,
    });
    expect(r.stderr).toMatch(/^OPENING SENT BEFORE THE SWITCH$/m);
    expect(fs.readFileSync(got).subarray(0, 15).toString('latin1')).toBe('\0AUTH EXTERNAL ');
  });
});
