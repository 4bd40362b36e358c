/**
 * "Pin to a project…" (issue 14) through the real core: the folder comes from the main process's
 * folder dialog (a twin here: Electron cannot run), the pin goes through the same core as
 * `use --project` into real files, with the same refusal for a file git tracks. And in the built
 * main bundle under the recording fake electron: the native dialog is the one that answers.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcResult, PinAddResult } from '../../common/ipc-contract';
import type { AppApi } from '../../main/core/app-api';
import { coreApp } from '../support/core-app';
import { sandboxForFile } from '../support/app-harness';
import { assertFreshBundle, bootMain } from '../support/boot-main';
import { canaryKey, filesContaining } from '../support/cli';

const { sb, env: base } = sandboxForFile();

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@e.st', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

function app(chooseFolder?: (title: string) => Promise<string | undefined>): AppApi {
  return coreApp(base, sb.home, chooseFolder ? { chooseFolder } : {});
}

describe('Pin to a project… from the window', () => {
  it('pins the folder the dialog returns through the same merge as `use --project`; Cancel changes nothing; a secret is refused for a git-tracked file', async () => {
    const titles: string[] = [];
    const dialog: { answer?: string } = {};
    const a = app(async (title) => {
      titles.push(title);
      return dialog.answer;
    });
    const acct = path.join(sb.home, 'acct-w');
    fs.mkdirSync(acct);
    const w = a.svc.add({ kind: 'claude-ai', name: 'Work', storageDir: acct, adopted: true });
    const proj = path.join(sb.home, 'proj');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    const local = path.join(proj, '.claude', 'settings.local.json');
    const mine = JSON.stringify({ permissions: { allow: ['Bash(ls:*)'] } }, null, 2) + '\n';
    fs.writeFileSync(local, mine);

    const cancelled = await a.handlers['pins:add']({ profileId: w.id });
    expect(cancelled).toMatchObject({ cancelled: true });
    expect(titles).toEqual(['Pin "Work" to a project folder']);
    expect(fs.readFileSync(local, 'utf8')).toBe(mine);

    dialog.answer = proj;
    const r = await a.handlers['pins:add']({ profileId: w.id });
    expect(r).toMatchObject({ cancelled: false, dir: proj });
    expect(r.message).toContain(`Pinned ${proj} to Work (Claude.ai subscription) in ${local}.`);
    expect(r.message).toContain('not in its subfolders');
    expect(r.snapshot.pins).toEqual([{ dir: proj, profileId: w.id }]);
    expect(JSON.parse(fs.readFileSync(local, 'utf8'))).toMatchObject({
      permissions: { allow: ['Bash(ls:*)'] },
      env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: acct },
    });
    // Removing it from the window gives the file back as it was.
    expect((await a.handlers['pins:remove'](proj)).pins).toEqual([]);
    expect(fs.readFileSync(local, 'utf8')).toBe(mine);

    // A Bedrock key kept in plain text may not go into a file git tracks.
    const secret = canaryKey('WINPIN');
    const br = await a.handlers['profiles:add']({
      kind: 'bedrock',
      name: 'BR',
      region: 'us-east-1',
      authMode: 'api-key',
      allowPlaintextSecret: true,
      secret,
    });
    git(proj, 'init', '-q');
    git(proj, 'add', '.claude/settings.local.json');
    git(proj, 'commit', '-qm', 'x');
    await expect(a.handlers['pins:add']({ profileId: br.profile.id })).rejects.toThrow(
      `"BR" would write its key into ${local}, which git tracks.`,
    );
    expect(fs.readFileSync(local, 'utf8')).toBe(mine);
    expect(a.snapshot().pins).toEqual([]);
    expect(filesContaining([sb.home], secret)).toEqual([]);
    a.stop();
  });

  it('without a folder dialog (the CLI has none) the window is told to use `use --project`', async () => {
    const a = app();
    const p = a.svc.add({ kind: 'claude-ai', name: 'Solo' });
    await expect(a.handlers['pins:add']({ profileId: p.id })).rejects.toThrow('This window cannot choose a folder.');
    a.stop();
  });

  it('in the built app: pins:add opens the native folder dialog, modal to the window, and pins what it returns', async () => {
    assertFreshBundle();
    const env = { ...base, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' };
    const main = bootMain(env, path.join(sb.home, 'electron-calls.jsonl'));
    try {
      await main.until('whenReady', () => main.calls('app.whenReady').length === 1);
      await main.send({ cmd: 'ready' });
      await main.until('the tray menu', () => main.calls('tray.setContextMenu').length > 0);
      await main.send({ cmd: 'click', label: 'Open Claude Auth Tray…' });
      await main.until('the window', () => main.calls('window.loadFile').length === 1);
      const added = (
        await main.send({ cmd: 'invoke', channel: 'profiles:add', args: [{ kind: 'claude-ai', name: 'Booted' }] })
      ).result as IpcResult<{ profile: { id: string } }>;
      if (!added.ok) throw new Error(added.error.message);
      const dir = path.join(sb.home, 'booted-proj');
      fs.mkdirSync(dir);
      await main.send({ cmd: 'dialog-folder', folder: dir });
      const r = (await main.send({ cmd: 'invoke', channel: 'pins:add', args: [{ profileId: added.value.profile.id }] }))
        .result as IpcResult<PinAddResult>;
      expect(r).toMatchObject({ ok: true, value: { cancelled: false, dir } });
      const opened = main.calls('dialog.showOpenDialog');
      expect(opened).toHaveLength(1);
      expect(opened[0]!.args[0]).toBe('[parent window]');
      expect(opened[0]!.args[1]).toMatchObject({ title: 'Pin "Booted" to a project folder' });
      expect(fs.existsSync(path.join(dir, '.claude', 'settings.local.json'))).toBe(true);
    } finally {
      main.kill();
    }
  }, 60_000);
});
