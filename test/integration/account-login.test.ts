/**
 * The window's sign-in of a Claude.ai account through the real core (AppApi): Claude Code's
 * `claude auth login` (a wrapper that plants the login, as Claude.ai's OAuth cannot run offline; every
 * other subcommand is the real Claude Code) and the real `claude auth status` after it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppApi } from '../../main/core/app-api';
import { coreApp } from '../support/core-app';
import { sandboxForFile } from '../support/app-harness';
import { filesWithTokens, login, loginWrapper, plantLogin, realClaudeEnv } from '../support/claude-accounts';
import { until } from '../support/cli';

const { sb, env } = sandboxForFile();

function app(wrapDir: string): { a: AppApi; wrap: ReturnType<typeof loginWrapper> } {
  fs.mkdirSync(wrapDir, { recursive: true });
  const wrap = loginWrapper(wrapDir);
  const a = coreApp({ ...env, ...realClaudeEnv(), CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin }, sb.home);
  return { a, wrap };
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

  it("Add account with a code: Claude Code's prompt shows in the snapshot, a wrong code is refused, the right one signs in; the code goes nowhere else", async () => {
    const { a, wrap } = app(path.join(sb.home, 'wrap2'));
    const l = login('CODED', 'team');
    const code = `CANARYCODE${Math.random().toString(36).slice(2)}#state`;
    wrap.next(l, { code });
    const published: string[] = [];
    a.onSnapshot((s) => published.push(JSON.stringify(s)));
    expect(await a.handlers['accounts:login-code']({ code: 'nothing running' })).toEqual({ sent: false });
    const adding = a.handlers['accounts:add']({ name: 'Coded' });
    const view = await until(
      () => (a.snapshot().accountLogin?.asksCode ? a.snapshot().accountLogin : undefined),
      'the code prompt',
    );
    expect(view).toMatchObject({
      target: 'new:Coded',
      state: 'waiting',
      url: 'https://claude.com/cai/oauth/authorize?code=true&state=test',
    });
    expect(await a.handlers['accounts:login-code']({ code: 'WRONGCODE' })).toEqual({ sent: true });
    await until(
      () => (a.snapshot().accountLogin?.message?.includes('did not accept') ? true : undefined),
      'the refusal',
    );
    expect(await a.handlers['accounts:login-code']({ code: `  ${code}  ` })).toEqual({ sent: true });
    const v = await adding;
    expect(v.profile).toMatchObject({ name: 'Coded', email: 'coded@example.com', subscriptionType: 'team' });
    expect(a.snapshot().accountLogin).toBeUndefined();
    // The code went to Claude Code's stdin only: not in a payload to the window, not in a file.
    published.push(JSON.stringify(a.snapshot()));
    expect(published.filter((t) => t.includes(code) || t.includes('WRONGCODE'))).toEqual([]);
    expect(filesWithTokens([sb.home], [code, 'WRONGCODE'])).toEqual([]);
    a.stop();
  }, 120_000);

  it('a second sign-in while one waits is refused; Cancel ends the waiting login and the window sees why', async () => {
    const { a, wrap } = app(path.join(sb.home, 'wrap3'));
    wrap.next(login('SLOW'), { code: 'never-sent' });
    const adding = a.handlers['accounts:add']({ name: 'Slow' });
    await until(() => (a.snapshot().accountLogin?.asksCode ? true : undefined), 'the code prompt');
    await expect(a.handlers['accounts:add']({ name: 'Other' })).rejects.toThrow('Another sign-in is still waiting');
    const s = await a.handlers['accounts:login-cancel'](undefined);
    expect(s.accountLogin?.target).toBe('new:Slow');
    await expect(adding).rejects.toThrow('did not finish signing in "Slow"');
    expect(a.snapshot().accountLogin).toMatchObject({ target: 'new:Slow', state: 'failed' });
    expect(a.svc.list().profiles.map((p) => p.name)).not.toContain('Slow');
    a.stop();
  }, 120_000);
});
