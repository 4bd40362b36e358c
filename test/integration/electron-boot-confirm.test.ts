/**
 * The built main bundle under the recording fake electron (test/support/fake-electron.cjs), for the
 * wiring nothing but bootstrap.ts does: a command saved from the window waits for the main
 * process's native dialog, modal to the window, Cancel by default.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult, ProfileView } from '../../common/ipc-contract';
import { assertFreshBundle, bootMain, type BootedMain } from '../support/boot-main';
import { canaryKey, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

interface MessageBox {
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
  readonly defaultId: number;
  readonly cancelId: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a command saved over IPC, in the built app', () => {
  let kr: PrivateKeyring;
  let sb: Sandbox;
  let main: BootedMain;
  beforeAll(async () => {
    assertFreshBundle();
    kr = await startKeyring();
    sb = sandbox({ ...kr.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' });
    main = bootMain(sb.env, path.join(sb.home, 'electron-calls.jsonl'));
  }, 30_000);
  afterAll(async () => {
    main?.kill();
    await kr?.stop();
    sb?.cleanup();
  });

  const boxes = (): { parent: unknown; options: MessageBox }[] =>
    main.calls('dialog.showMessageBox').map((e) => ({ parent: e.args[0], options: e.args[1] as MessageBox }));
  const saved = (): string[] => {
    const file = path.join(sb.appDir, 'profiles.json');
    if (!fs.existsSync(file)) return [];
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: { name: string }[] }).profiles.map((p) => p.name);
  };
  const add = async (name: string, command: string): Promise<IpcResult<ProfileView>> =>
    (await main.send({ cmd: 'invoke', channel: 'profiles:add', args: [{ kind: 'api-key-helper', name, command }] }))
      .result as IpcResult<ProfileView>;

  it('profiles:add with a command shows one native dialog with the command; Cancel saves nothing', async () => {
    await main.until('whenReady', () => main.calls('app.whenReady').length === 1);
    await main.send({ cmd: 'ready' });
    await main.until('the tray menu', () => main.calls('tray.setContextMenu').length > 0);
    await main.send({ cmd: 'click', label: 'Open Claude Auth Tray…' });
    await main.until('the window', () => main.calls('window.loadFile').length === 1);

    const marker = path.join(sb.home, 'planted-ran');
    const command = `touch '${marker}'; printf '\x1b[8m'; echo ${canaryKey('PLANTED')}`;
    const r = await add('Planted', command);
    expect(r).toMatchObject({ ok: false, error: { kind: 'command-not-confirmed' } });
    expect(boxes()).toHaveLength(1);
    const [box] = boxes();
    expect(box!.parent).toBe('[parent window]');
    expect(box!.options).toMatchObject({ buttons: ['Cancel', 'Allow'], defaultId: 0, cancelId: 0 });
    expect(box!.options.detail).toContain('Profile: Planted');
    expect(box!.options.detail).toContain(`Command: ${command.replace('\x1b', '\\x1b')}`);
    expect(saved()).not.toContain('Planted');
    await sleep(300);
    expect(fs.existsSync(marker)).toBe(false);
    expect(main.stderr()).toBe('');
  });

  it('Allow saves it; a profile without a command shows no dialog', async () => {
    await main.send({ cmd: 'dialog-answer', button: 'Allow' });
    const command = `echo ${canaryKey('ALLOWED')}`;
    expect(await add('Allowed', command)).toMatchObject({ ok: true, value: { profile: { name: 'Allowed', command } } });
    expect(boxes()).toHaveLength(2);
    const sub = await main.send({
      cmd: 'invoke',
      channel: 'profiles:add',
      args: [{ kind: 'claude-ai', name: 'Subscription' }],
    });
    expect(sub.result).toMatchObject({ ok: true });
    expect(boxes()).toHaveLength(2);
    expect(saved()).toEqual(['Allowed', 'Subscription']);
  });

  it('quits cleanly', async () => {
    await main.send({ cmd: 'quit' });
    expect(await main.exited).toMatchObject({ code: 0 });
    expect(main.stderr()).toBe('');
  });
});
