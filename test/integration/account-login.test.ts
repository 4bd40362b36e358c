/**
 * The window's sign-in of a Claude.ai account through the real core (AppApi): Claude Code's
 * `claude auth login` (a wrapper that plants the login, as Claude.ai's OAuth cannot run offline; every
 * other subcommand is the real Claude Code) and the real `claude auth status` after it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';
import { sandbox, type Sandbox } from '../support/cli';
import { login, loginWrapper, plantLogin, REAL_CLAUDE } from '../support/claude-accounts';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  sb = sandbox();
});
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

function app(wrapDir: string): { a: AppApi; wrap: ReturnType<typeof loginWrapper> } {
  fs.mkdirSync(wrapDir, { recursive: true });
  const wrap = loginWrapper(wrapDir);
  const env = {
    ...sb.env,
    ...kr.env,
    PATH: `${path.dirname(REAL_CLAUDE)}:${process.env.PATH}`,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin,
  };
  const a = new AppApi({
    env,
    cwd: sb.home,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    apiBaseUrl: 'http://127.0.0.1:9',
  });
  return { a, wrap };
}

/** Polls (the machine is loaded: a generous bound, never a timing assertion). */
async function until<T>(read: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the window's Sign in for an existing account", () => {
  it('when the login ends, who it is is read again: email, organisation and plan are updated', async () => {
    const { a, wrap } = app(path.join(sb.home, 'wrap1'));
    const dir = path.join(sb.home, 'acct1');
    const first = login('FIRST', 'pro');
    plantLogin(first, dir);
    const p = a.svc.add({
      kind: 'claude-ai',
      name: 'Acct',
      storageDir: dir,
      adopted: true,
      email: first.email,
      organization: first.org,
      subscriptionType: 'pro',
    });
    // In the browser the user signs in to another Claude.ai account, on another plan.
    const second = login('SECOND', 'max');
    wrap.next(second);
    const r = await a.handlers['signin:start'](p.id);
    expect(r.started).toBe(true);
    const updated = await until(() => {
      const x = a.svc.list().profiles.find((q) => q.id === p.id) as { email?: string } | undefined;
      return x?.email === second.email ? x : undefined;
    }, 'the new identity');
    expect(updated).toMatchObject({ email: 'second@example.com', organization: 'SECOND Org', subscriptionType: 'max' });
    expect(wrap.log()).toBe(`storage=${dir} config=${dir}\n`);
    a.stop();
  }, 120_000);
});
