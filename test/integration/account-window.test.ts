/**
 * The window's account actions through the real core (AppApi) and the real Claude Code: Sign out
 * runs `claude auth logout` for that account's folder only; a pin is removed only for a folder this
 * app pinned; a switch between accounts or to a paid key is one notice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinProject } from '../../main/core/accounts/project-pins';
import type { Notice } from '../../main/core/notification-policy';
import { coreApp } from '../support/core-app';
import { sandboxForFile } from '../support/app-harness';
import { login, loginWrapper, plantLogin, realClaudeEnv } from '../support/claude-accounts';
import { canaryKey } from '../support/cli';

const { sb, env: base } = sandboxForFile();

describe("the window's account actions", () => {
  it('sign out, pins, and the switch notices', async () => {
    const env = {
      ...base,
      ...realClaudeEnv(),
    };
    const a = coreApp(env, sb.home);
    const notices: Notice[] = [];
    a.onNotice((n) => notices.push(n));
    plantLogin(login('DEF'), sb.claudeDir);
    plantLogin(login('WIN'), path.join(sb.home, 'win'));
    plantLogin(login('OTHER'), path.join(sb.home, 'other'));
    const win = a.svc.add({
      kind: 'claude-ai',
      name: 'Win',
      storageDir: path.join(sb.home, 'win'),
      adopted: true,
    });
    const other = a.svc.add({
      kind: 'claude-ai',
      name: 'Other',
      storageDir: path.join(sb.home, 'other'),
      adopted: true,
    });
    const key = await a.handlers['profiles:add']({ kind: 'anthropic-api-key', name: 'Paid', secret: canaryKey('WIN') });

    await a.handlers['profiles:activate'](win.id);
    await a.handlers['profiles:activate'](other.id);
    await a.handlers['profiles:activate'](key.profile.id);
    expect(notices.map((n) => n.title)).toEqual(['Switched to Other', 'Billing changes']);

    const proj = path.join(sb.home, 'proj');
    fs.mkdirSync(proj);
    pinProject(a.svc, win.id, proj, env);
    expect(a.snapshot().pins).toEqual([{ dir: proj, profileId: win.id }]);
    await expect(a.handlers['pins:remove'](path.join(sb.home, 'elsewhere'))).rejects.toThrow(
      'That folder is not pinned.',
    );
    expect((await a.handlers['pins:remove'](proj)).pins).toEqual([]);

    await a.handlers['accounts:sign-out'](win.id);
    expect(fs.existsSync(path.join(sb.home, 'win', '.credentials.json'))).toBe(false);
    expect(fs.existsSync(path.join(sb.home, 'other', '.credentials.json'))).toBe(true);
    expect(fs.existsSync(path.join(sb.claudeDir, '.credentials.json'))).toBe(true);
    expect(a.snapshot().profiles.find((v) => v.profile.id === win.id)?.state).toMatchObject({ next: 'sign-in' });
    a.stop();
  });

  it("Add account: Claude Code's login runs for a new folder of the app, then its identity is read", async () => {
    const wdir = path.join(sb.home, 'wrap');
    fs.mkdirSync(wdir);
    const wrap = loginWrapper(wdir);
    const env = {
      ...base,
      ...realClaudeEnv(),
      CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin,
    };
    const a = coreApp(env, sb.home);
    const l = login('WINDOWADD', 'pro');
    wrap.next(l);
    const v = await a.handlers['accounts:add']({ name: 'From window' });
    expect(v.profile).toMatchObject({ kind: 'claude-ai', email: 'windowadd@example.com', subscriptionType: 'pro' });
    const dir = (v.profile as { storageDir: string }).storageDir;
    expect(dir.startsWith(path.join(sb.appDir, 'accounts'))).toBe(true);
    expect(wrap.log()).toBe(`storage=${dir} config=${dir}\n`);
    expect(v.state).toMatchObject({ status: 'ok' });
    // Renaming it in the edit screen keeps its folder and identity.
    const renamed = await a.handlers['profiles:update']({ id: v.profile.id, changes: { name: 'Renamed' } });
    expect(renamed.profile).toMatchObject({ name: 'Renamed', storageDir: dir, email: 'windowadd@example.com' });
    a.stop();
  });
});
