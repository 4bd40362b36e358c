/**
 * The Electron adapters, driven through in-memory twins of ipcMain, Tray, Menu, Notification and
 * BrowserWindow, over the real core (AppApi with the real keychain and files).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type IpcResult } from '../../common/ipc-contract';
import { trayMenuModel, type TrayAction } from '../../main/core/tray-menu-model';
import type { Notice } from '../../main/core/notification-policy';
import { ElectronNotifier } from '../../main/electron/notifier';
import { TrayController, trayIconPath } from '../../main/electron/tray';
import { ownTopFrame, registerIpc, sendEvent } from '../../main/electron/typed-ipc';
import { createAppWindow, SECURE_WEB_PREFERENCES } from '../../main/electron/window';
import { appHarness } from '../support/app-harness';
import { canaryKey, ROOT } from '../support/cli';
import { BrowserWindowTwin, IpcMainTwin, MenuTwin, NotificationTwin, TrayTwin } from '../support/electron-twins';

const opened: string[] = [];
const h = appHarness({ start: true, ipc: 'none', setup: () => ({ openExternal: (u) => void opened.push(u) }) });
function wiring() {
  const ipc = new IpcMainTwin();
  const ours = { id: 1 } as unknown as WebContents;
  const topFrame = { parent: null, url: 'file:///app/dist/renderer/index.html' };
  registerIpc(
    ipc,
    ownTopFrame(() => ours, 'file://'),
    h.app.handlers,
  );
  const ev = (over: Partial<{ sender: unknown; senderFrame: unknown }> = {}) =>
    ({ sender: ours, senderFrame: topFrame, ...over }) as unknown as IpcMainInvokeEvent;
  return { ipc, ours, ev, topFrame };
}

describe('typed IPC wrapper', () => {
  it('registers exactly one handler per contract channel', () => {
    const { ipc } = wiring();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('serves our own window top frame, and refuses foreign senders, subframes and foreign pages', async () => {
    const { ipc, ev } = wiring();
    const ok = (await ipc.invoke('app:snapshot', ev())) as IpcResult<unknown>;
    expect(ok.ok).toBe(true);
    for (const bad of [
      ev({ sender: { id: 2 } }),
      ev({ senderFrame: { parent: {}, url: 'file:///app/dist/renderer/index.html' } }),
      ev({ senderFrame: { parent: null, url: 'https://evil.example/' } }),
      ev({ senderFrame: null }),
    ]) {
      const r = (await ipc.invoke('profiles:remove', bad, 'anything')) as IpcResult<unknown>;
      expect(r).toEqual({ ok: false, error: { kind: 'forbidden-sender', message: expect.any(String) } });
    }
  });

  it('fuzzed arguments on every channel are refused with a typed error, and nothing crashes', async () => {
    const { ipc, ev } = wiring();
    const junk: unknown[] = [
      null,
      42,
      -1,
      'x'.repeat(70_000),
      '../../etc/passwd',
      'UPPER',
      { __proto__: { polluted: true } },
      [],
      [1, 2],
      { kind: 'nope' },
      { name: '' },
      { id: 'a', changes: { kind: 'bedrock' } },
      { secret: '' },
      { command: '' },
      { timeoutMs: 1e12, command: 'x' },
      { file: '/etc/passwd', variable: 'PATH' },
      { version: 2 },
      'javascript:alert(1)',
      true,
      Symbol.for('x').toString(),
      { toString: 1 },
    ];
    const seeded = Array.from({ length: 30 }, (_, i) => ({ [`k${i}`]: i % 3 ? 'v'.repeat(i * 37) : i }));
    let refused = 0;
    for (const c of INVOKE_CHANNELS) {
      for (const arg of [...junk, ...seeded]) {
        const r = (await ipc.invoke(c, ev(), arg)) as IpcResult<unknown>;
        if (!r.ok) {
          refused++;
          expect(['bad-request', 'profile-not-found', 'invalid-argument', 'secret-missing']).toContain(r.error.kind);
          expect(typeof r.error.message).toBe('string');
        }
      }
      const extra = (await ipc.invoke(c, ev(), undefined, 'second')) as IpcResult<unknown>;
      expect(extra).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    }
    expect(refused).toBeGreaterThan(INVOKE_CHANNELS.length * 40);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('no secret crosses to the renderer: a stored key comes back only as a masked hint', async () => {
    const { ipc, ev } = wiring();
    const key = canaryKey('IPC');
    const added = (await ipc.invoke('profiles:add', ev(), {
      kind: 'anthropic-api-key',
      name: 'Ipc key',
      secret: key,
    })) as IpcResult<unknown>;
    expect(added.ok).toBe(true);
    const all: unknown[] = [added];
    for (const c of ['app:snapshot', 'settings:get', 'doctor:run', 'aws:profiles'] as const)
      all.push(await ipc.invoke(c, ev()));
    const id = (added as { ok: true; value: { profile: { id: string } } }).value.profile.id;
    all.push(
      await ipc.invoke('profiles:activate', ev(), id),
      await ipc.invoke('profiles:refresh', ev(), id),
      await ipc.invoke('keys:check', ev(), { profileId: id }),
    );
    const text = JSON.stringify(all);
    expect(text).not.toContain(key);
    expect(text).toContain(`sk-ant-…${key.slice(-4)}`);
  });

  it('openExternal is limited to the allowlist', async () => {
    const { ipc, ev } = wiring();
    const yes = (await ipc.invoke(
      'shell:open-external',
      ev(),
      'https://console.anthropic.com/settings/keys',
    )) as IpcResult<boolean>;
    const no = (await ipc.invoke(
      'shell:open-external',
      ev(),
      'https://evil.example/console.anthropic.com',
    )) as IpcResult<boolean>;
    const file = (await ipc.invoke('shell:open-external', ev(), 'file:///etc/passwd')) as IpcResult<boolean>;
    expect([yes, no, file].map((r) => r.ok && r.value)).toEqual([true, false, false]);
    expect(opened).toEqual(['https://console.anthropic.com/settings/keys']);
  });
});

describe('tray adapter (Tray and Menu twins)', () => {
  it('renders the model, rebuilds only on change, and routes clicks to actions', () => {
    const tray = new TrayTwin();
    const menus = new MenuTwin();
    const actions: TrayAction[] = [];
    const c = new TrayController(
      tray,
      menus,
      (i) => `icon:${i}`,
      (a) => actions.push(a),
    );
    const snap = h.app.snapshot();
    const model = trayMenuModel({ profiles: snap.profiles, refreshing: false, startAtLogin: false, now: Date.now() });
    c.render(model);
    c.render(trayMenuModel({ profiles: snap.profiles, refreshing: false, startAtLogin: false, now: Date.now() }));
    expect(c.rebuilds).toBe(1);
    expect(tray.images).toEqual([`icon:${model.icon}`]);
    c.render(trayMenuModel({ profiles: snap.profiles, refreshing: true, startAtLogin: false, now: Date.now() }));
    expect(c.rebuilds).toBe(2);
    expect(tray.images.at(-1)).toBe('icon:refreshing');
    const quit = menus.built.at(-1)!.find((i) => i.label === 'Quit')!;
    (quit.click as () => void)();
    expect(actions).toEqual([{ type: 'quit' }]);
    c.dispose();
    expect(tray.destroyed).toBe(true);
  });

  it('after dispose (quit) a late render, e.g. a refresh that ends after quit, leaves the destroyed tray alone', () => {
    const tray = new TrayTwin();
    const c = new TrayController(tray, new MenuTwin(), String, () => undefined);
    const model = (refreshing: boolean) =>
      trayMenuModel({ profiles: h.app.snapshot().profiles, refreshing, startAtLogin: false, now: Date.now() });
    c.render(model(true));
    c.dispose();
    expect(() => c.render(model(false))).not.toThrow();
    expect(() => c.dispose()).not.toThrow();
    expect(tray.menus).toHaveLength(1);
  });

  it('every state has its icon at 1x and 2x, with macOS Template variants', () => {
    for (const icon of ['ok', 'expiring', 'expired', 'error', 'refreshing'] as const) {
      for (const platform of ['linux', 'darwin'] as const) {
        const p = trayIconPath(path.join(ROOT, 'assets'), icon, platform);
        expect(fs.existsSync(p), p).toBe(true);
        expect(fs.existsSync(p.replace(/\.png$/, '@2x.png')), p).toBe(true);
      }
    }
  });
});

describe('notification adapter (Notification twin)', () => {
  it('shows a notice and a click opens the window on the profile', () => {
    const openedFor: string[] = [];
    const n = new ElectronNotifier(NotificationTwin as never, () => true);
    const notice: Notice = {
      key: 'k',
      profileId: 'bed-1',
      title: 'Bedrock prod expires in 10 min',
      body: 'Sign in again',
      screen: 'edit',
    };
    n.show(notice, () => openedFor.push('bed-1'));
    const shown = NotificationTwin.shown.at(-1)!;
    expect(shown.opts).toMatchObject({ title: 'Bedrock prod expires in 10 min' });
    shown.click();
    expect(openedFor).toEqual(['bed-1']);
    const off = new ElectronNotifier(NotificationTwin as never, () => false);
    const count = NotificationTwin.shown.length;
    off.show({ key: 'k2', title: 't', body: 'b' }, () => undefined);
    expect(NotificationTwin.shown.length).toBe(count);
  });
});

describe('window factory (BrowserWindow twin)', () => {
  it('creates the window with the secure defaults and denies popups, navigation, webviews and permissions', () => {
    const ext: string[] = [];
    let closed = false;
    const win = createAppWindow(BrowserWindowTwin as unknown as new () => BrowserWindow, {
      preload: '/p.js',
      indexHtml: '/i.html',
      openAllowed: (u) => ext.push(u),
      onClosed: () => (closed = true),
    }) as unknown as BrowserWindowTwin;
    expect(win.opts.webPreferences).toMatchObject({ ...SECURE_WEB_PREFERENCES, preload: '/p.js' });
    expect(win.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.loaded).toBe('/i.html');
    const wc = win.webContents;
    expect(wc.openHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'https://docs.claude.com/en/docs/claude-code' })).toEqual({ action: 'deny' });
    expect(ext).toEqual(['https://docs.claude.com/en/docs/claude-code']);
    let prevented = 0;
    wc.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://evil.example');
    wc.emit('will-attach-webview', { preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    let granted: boolean | undefined;
    wc.permissionRequest!(wc, 'notifications', (ok) => (granted = ok));
    expect(granted).toBe(false);
    sendEvent(wc as unknown as WebContents, 'navigate', { screen: 'doctor' });
    expect(wc.sent).toEqual([{ channel: 'navigate', payload: { screen: 'doctor' } }]);
    win.emit('closed');
    expect(closed).toBe(true);
  });
});
