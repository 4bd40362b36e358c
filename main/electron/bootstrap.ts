/**
 * Wires core to Electron: AppApi + AuthMonitor, tray, notifications, typed IPC, the window, the
 * login item and the lifecycle. Everything decided here is decided by core's pure functions.
 */
import {
  app,
  BrowserWindow,
  Menu,
  nativeImage,
  Notification,
  shell,
  Tray,
  type App,
  type BrowserWindow as Win,
} from 'electron';
import * as path from 'node:path';
import { AppApi } from '../core/app-api';
import { isAllowedExternal } from '../core/external-links';
import { systemClock } from '../core/clock';
import type { CliRuntime } from '../core/helper-command';
import { NotificationCenter } from '../core/notification-center';
import { listPins, unpinProject } from '../core/accounts/project-pins';
import { trayMenuModel, type TrayAction } from '../core/tray-menu-model';
import { KeyringSecretStore } from '../core/vault';
import { ElectronNotifier } from './notifier';
import { TrayController, trayIconPath } from './tray';
import { ownTopFrame, registerOnIpcMain, sendEvent } from './typed-ipc';
import { createAppWindow } from './window';

export function cliRuntimeFor(e: Pick<App, 'getAppPath'>): CliRuntime {
  // The app binary runs the bundled CLI as Node (ELECTRON_RUN_AS_NODE=1), opening no window.
  return {
    execPath: process.execPath,
    cliPath: path.join(e.getAppPath(), 'dist', 'cli', 'index.js'),
    runAsNode: true,
    platform: process.platform,
  };
}

export function startApp(): void {
  const distDir = path.join(app.getAppPath(), 'dist');
  const assetsDir = path.join(app.getAppPath(), 'assets');
  const indexHtml = path.join(distDir, 'renderer', 'index.html');
  let win: Win | undefined;
  let refreshing = false;

  /** The app's only shell.openExternal call; every URL is checked against the allowlist first. */
  const openAllowedUrl = (url: string): void => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
  };

  const api = new AppApi({
    env: process.env,
    cwd: app.getPath('home'),
    store: new KeyringSecretStore(),
    clock: systemClock(),
    runtime: cliRuntimeFor(app),
    openExternal: openAllowedUrl,
    setStartAtLogin: (on) => app.setLoginItemSettings({ openAtLogin: on }),
  });

  const openWindow = (nav?: {
    screen: 'profiles' | 'edit' | 'add' | 'settings' | 'doctor';
    profileId?: string;
  }): void => {
    if (!win || win.isDestroyed()) {
      win = createAppWindow(BrowserWindow, {
        preload: path.join(distDir, 'preload', 'index.js'),
        indexHtml,
        openAllowed: openAllowedUrl,
        onClosed: () => {
          win = undefined;
        },
      });
      if (nav) win.webContents.once('did-finish-load', () => sendEvent(win?.webContents, 'navigate', nav));
    } else {
      if (nav) sendEvent(win.webContents, 'navigate', nav);
      win.show();
      win.focus();
    }
  };

  const onAction = (a: TrayAction): void => {
    switch (a.type) {
      case 'activate':
        void api.handlers['profiles:activate'](a.profileId);
        return;
      case 'refresh': {
        const id = api.snapshot().activeProfileId;
        if (!id) return;
        refreshing = true;
        render();
        void api.handlers['profiles:refresh'](id).finally(() => {
          refreshing = false;
          render();
        });
        return;
      }
      case 'sign-in':
        void api.handlers['signin:start'](a.profileId);
        return;
      case 'add-profile':
        openWindow({ screen: 'add' });
        return;
      case 'open':
        openWindow({ screen: 'profiles' });
        return;
      case 'toggle-start-at-login': {
        const s = api.settings.load();
        void api.handlers['settings:set']({ ...s, startAtLogin: !s.startAtLogin });
        return;
      }
      case 'unpin':
        unpinProject(a.dir);
        render();
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  const tray = new TrayController(
    new Tray(nativeImage.createFromPath(trayIconPath(assetsDir, 'ok', process.platform))),
    Menu,
    (icon) => nativeImage.createFromPath(trayIconPath(assetsDir, icon, process.platform)),
    onAction,
  );
  const render = (s = api.snapshot()): void => {
    tray.render(
      trayMenuModel({
        profiles: s.profiles,
        warnings: s.warnings,
        refreshing,
        startAtLogin: s.settings.startAtLogin,
        now: Date.now(),
        pins: listPins(),
      }),
    );
  };

  const notifier = new ElectronNotifier(Notification, () => Notification.isSupported());
  const notifications = new NotificationCenter(
    process.env,
    systemClock(),
    notifier,
    (id) => api.monitor.scheduler.failures(id),
    (n) => openWindow({ screen: n.screen, profileId: n.profileId }),
  );

  const unregister = registerOnIpcMain(
    ownTopFrame(() => win?.webContents, `file://`),
    api.handlers,
  );
  api.onSnapshot((s) => {
    render(s);
    notifications.update(s);
    sendEvent(win?.webContents, 'state:changed', s);
  });
  api.onNotice((n) => notifier.show(n, () => openWindow({ screen: n.screen, profileId: n.profileId })));
  api.onTeamProgress((p) => sendEvent(win?.webContents, 'team:progress', p));
  api.start();
  render();
  if (process.env.CLAUDE_AUTH_TRAY_E2E === '1') {
    // Test hook for the Playwright _electron suite: read-only view of the tray model.
    Object.assign(globalThis, { __claudeAuthTrayE2E: { trayModel: () => tray.model } });
  }
  // The tray's countdown text changes with time alone; a minute is the finest it shows.
  const tick = setInterval(render, 60_000);

  app.on('second-instance', () => openWindow({ screen: 'profiles' }));
  app.on('window-all-closed', () => {
    // A tray app keeps running with no window.
  });
  app.on('before-quit', () => {
    clearInterval(tick);
    unregister();
    api.stop(); // timers, watchers, and running helpers with their child processes
    tray.dispose();
  });
}
