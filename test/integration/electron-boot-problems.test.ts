/**
 * The built main bundle under the recording fake electron, started over a profiles.json it cannot
 * read (a hand edit gone wrong). The app must still come up: a tray menu that says what is wrong and
 * what to do, a window that can be opened, a way to try again, and a clean quit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type IpcResult, type Snapshot } from '../../common/ipc-contract';
import { assertFreshBundle, bootMain, type BootedMain } from '../support/boot-main';
import { sandbox, type Sandbox } from '../support/cli';

interface MenuItem {
  readonly label?: string;
  readonly type?: string;
  readonly enabled?: boolean;
}

let sb: Sandbox;
let main: BootedMain;
const profilesFile = (): string => path.join(sb.appDir, 'profiles.json');

beforeAll(() => {
  assertFreshBundle();
  sb = sandbox({
    // No keychain is needed here; a bus that does not exist keeps the developer's own out of reach.
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
    CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true',
    FAKE_ELECTRON_NO_BROWSER: '1', // a Linux without xdg-open: shell.openExternal rejects
  });
  fs.mkdirSync(sb.appDir, { recursive: true });
  fs.writeFileSync(profilesFile(), '{"version":1,"profiles":[{"name":"half an edit"}]}\n');
  main = bootMain(sb.env, path.join(sb.home, 'electron-calls.jsonl'));
});

afterAll(() => {
  main?.kill();
  sb?.cleanup();
});

const menu = (): MenuItem[] => (main.calls('tray.setContextMenu').at(-1)?.args[0] as MenuItem[] | undefined) ?? [];

describe('the built main bundle over an unreadable profiles.json', () => {
  it('comes up anyway: every channel, and a tray menu that says what is wrong and what to do', async () => {
    await main.until('whenReady', () => main.calls('app.whenReady').length === 1);
    await main.send({ cmd: 'ready' });
    await main.until('the tray menu', () => menu().length > 0);
    expect(
      main
        .calls('ipcMain.handle')
        .map((e) => e.args[0])
        .sort(),
    ).toEqual([...INVOKE_CHANNELS].sort());
    expect(menu()[0]).toMatchObject({ label: 'Claude Auth Tray cannot read its profiles', enabled: false });
    const text = menu()
      .map((i) => i.label ?? '')
      .join('\n');
    expect(text).toMatch(/profiles\.json does not match format version 1/);
    expect(text).toMatch(/Fix or remove the file/);
    expect(menu().map((i) => i.label ?? i.type)).toEqual(
      expect.arrayContaining(['Try again', 'Open Claude Auth Tray…', 'Quit']),
    );
    expect(main.stderr()).toBe('');
  });

  it('the window opens and gets the same error as a value', async () => {
    await main.send({ cmd: 'click', label: 'Open Claude Auth Tray…' });
    await main.until('the window', () => main.calls('window.loadFile').length === 1);
    const r = (await main.send({ cmd: 'invoke', channel: 'app:snapshot' })).result as IpcResult<Snapshot>;
    expect(r).toMatchObject({ ok: false, error: { kind: 'profiles-invalid', nextStep: expect.any(String) } });
  });

  it('a link that no browser can open is a notice, not a crash', async () => {
    const url = 'https://console.anthropic.com/settings/keys';
    expect((await main.send({ cmd: 'window-open', url })).result).toEqual({ action: 'deny' });
    await main.until('the notice', () => main.calls('notification.show').length === 1);
    expect(main.calls('shell.openExternal').map((e) => e.args[0])).toEqual([url]);
    expect(main.calls('notification.show')[0]!.args[0]).toMatchObject({
      title: 'Could not open the link',
      body: `No browser opened ${url}. Copy it into your browser.`,
    });
    expect(main.stderr()).toBe('');
  });

  it('once the file is fixed, "Try again" brings the normal menu back', async () => {
    fs.writeFileSync(profilesFile(), '{"version":1,"profiles":[]}\n');
    await main.send({ cmd: 'click', label: 'Try again' });
    await main.until('the normal menu', () => menu()[0]?.label === 'No profiles yet');
  });

  it('quits cleanly', async () => {
    await main.send({ cmd: 'click', label: 'Quit' });
    const exit = await Promise.race([main.exited, new Promise<undefined>((r) => setTimeout(r, 2_000))]);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(main.calls('tray.destroy')).toHaveLength(1);
    expect(main.stderr()).toBe('');
  });
});
