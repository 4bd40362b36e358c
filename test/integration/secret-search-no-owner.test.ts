import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretServiceItemExists } from '../../main/core/secret-service-read';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let dir: string;
let bus: ReturnType<typeof spawn>;
let env: NodeJS.ProcessEnv;
let kr: PrivateKeyring;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rev16b-bus-'));
  const sock = path.join(dir, 'bus');
  bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=unix:path=${sock}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
  env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` };
  kr = await startKeyring();
});
afterAll(async () => {
  bus.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  await kr.stop();
});

describe('early search on a real bus', () => {
  it('nobody owns org.freedesktop.secrets: no answer, at once (no timeout wait)', async () => {
    const t = Date.now();
    expect(await secretServiceItemExists('svc', 'acct', env)).toBeUndefined();
    expect(Date.now() - t).toBeLessThan(1_500);
  });
  it('real gnome-keyring: absent item is a certain no? (what comes back)', async () => {
    const r = await secretServiceItemExists('svc-none', 'acct-none', kr.env);
    expect(r).toBeUndefined();
  });
});
