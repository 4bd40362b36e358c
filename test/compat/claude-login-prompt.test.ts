/**
 * Issue 14, the window's sign-in against the real Claude Code 2.1.197: `claude auth login` with a piped
 * stdin prints Claude.ai's page and "Paste code here if prompted >" and reads the code from stdin. A
 * code without its "#state" part is refused by Claude Code itself ("Invalid code…"), before any network
 * (a code with one would be sent to Anthropic, so this suite never sends one). Cancel ends the login.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';
import { filesWithTokens, REAL_CLAUDE } from '../support/claude-accounts';
import { sandbox, type Sandbox } from '../support/cli';
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

async function until<T>(read: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the real claude auth login behind the window's code field", () => {
  it('shows its page and code prompt; a malformed code is refused by Claude Code; Cancel ends it and nothing is kept', async () => {
    const a = new AppApi({
      env: {
        ...sb.env,
        ...kr.env,
        PATH: `${path.dirname(REAL_CLAUDE)}:${process.env.PATH}`,
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        BROWSER: '/bin/true', // no browser opens during the suite
        DISPLAY: '',
      },
      cwd: sb.home,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const adding = a.handlers['accounts:add']({ name: 'Real' });
    const view = await until(
      () =>
        a.snapshot().accountLogin?.asksCode && a.snapshot().accountLogin?.url ? a.snapshot().accountLogin : undefined,
      'the page and the prompt',
    );
    expect(view.target).toBe('new:Real');
    expect(view.url).toMatch(/^https:\/\/claude\.com\/cai\/oauth\/authorize\?code=true&client_id=/);
    const bogus = 'CANARYNOTACODE';
    expect(await a.handlers['accounts:login-code']({ code: bogus })).toEqual({ sent: true });
    await until(
      () => (a.snapshot().accountLogin?.message?.includes('did not accept') ? true : undefined),
      'the refusal',
    );
    await a.handlers['accounts:login-cancel'](undefined);
    await expect(adding).rejects.toThrow('did not finish signing in "Real"');
    expect(a.snapshot().accountLogin).toMatchObject({ state: 'failed' });
    // The new account's folder is gone with the failed login; the code is in no file.
    expect(fs.readdirSync(path.join(sb.appDir, 'accounts'))).toEqual([]);
    expect(filesWithTokens([sb.home], [bogus])).toEqual([]);
    a.stop();
  }, 120_000);
});
