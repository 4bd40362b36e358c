/**
 * Issue 14, the window's sign-in against the real Claude Code 2.1.197: `claude auth login` with a piped
 * stdin prints Claude.ai's page and "Paste code here if prompted >" and reads the code from stdin. A
 * code without its "#state" part is refused by Claude Code itself ("Invalid code…"), before any network
 * (a code with one would be sent to Anthropic, so this suite never sends one). Cancel ends the login.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreApp } from '../support/core-app';
import { sandboxForFile } from '../support/app-harness';
import { filesWithTokens, realClaudeEnv } from '../support/claude-accounts';
import { until } from '../support/cli';

const { sb, env } = sandboxForFile();

describe("the real claude auth login behind the window's code field", () => {
  it('shows its page and code prompt; a malformed code is refused by Claude Code; Cancel ends it and nothing is kept', async () => {
    const a = coreApp(
      {
        ...env,
        ...realClaudeEnv(),
        BROWSER: '/bin/true', // no browser opens during the suite
        DISPLAY: '',
      },
      sb.home,
    );
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
