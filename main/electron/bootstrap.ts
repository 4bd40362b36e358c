/**
 * Wires core to Electron: AppApi + AuthMonitor, tray, notifications, typed IPC, the window, the
 * login item and the lifecycle. Everything decided here is decided by core's pure functions.
 */
import { app, BrowserWindow, Menu, nativeImage, Notification, shell, Tray, type BrowserWindow as Win } from 'electron';
import { dialog } from 'electron';
import * as path from 'node:path';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../core/app-api';
import { isAllowedExternal } from '../core/external-links';
import { systemClock } from '../core/clock';
import { unpinProject } from '../core/accounts/project-pins';
import { NotificationCenter } from '../core/notification-center';
import { currentCliRuntime } from '../core/runtime';
import { explainError, runTrayAction, type TrayActionPorts, type WindowNav } from '../core/tray-actions';
import { trayMenuModel, trayProblemModel, type TrayAction, type TrayModel } from '../core/tray-menu-model';
import { KeyringSecretStore } from '../core/vault';
import { commandDialog } from './command-dialog';
import { folderDialog } from './folder-dialog';
import { ElectronNotifier } from './notifier';
import { TrayController, trayIconPath } from './tray';
import { ownTopFrame, registerOnIpcMain, sendEvent } from './typed-ipc';
import { createAppWindow } from './window';

export function startApp(): void {
  const distDir = path.join(app.getAppPath(), 'dist');
  const assetsDir = path.join(app.getAppPath(), 'assets');
  const indexHtml = path.join(distDir, 'renderer', 'index.html');
  let win: Win | undefined;
  let refreshing = false;

  const notifier = new ElectronNotifier(Notification, () => Notification.isSupported());

  /**
   * The app's only shell.openExternal call; every URL is checked against the allowlist first. It
   * rejects where no browser is set up (Linux without xdg-open): the user gets the link instead.
   */
  const openAllowedUrl = async (url: string): Promise<void> => {
    if (!isAllowedExternal(url)) return;
    try {
      await shell.openExternal(url);
    } catch {
      notifier.show(
        {
          key: 'open-external',
          title: 'Could not open the link',
          body: `No browser opened ${url}. Copy it into your browser.`,
        },
        () => undefined,
      );
    }
  };

  const api = new AppApi({
    env: process.env,
    cwd: app.getPath('home'),
    store: new KeyringSecretStore(),
    clock: systemClock(),
    runtime: currentCliRuntime(path.join(distDir, 'cli')),
    openExternal: openAllowedUrl,
    setStartAtLogin: (on) => app.setLoginItemSettings({ openAtLogin: on }),
    // A command (or a key helper's base URL) saved from the window waits for this native dialog.
    confirmCommand: commandDialog(dialog, () => win),
    // "Pin to a project…": the folder comes from this native dialog, never from the renderer.
    chooseFolder: folderDialog(dialog, () => win),
  });

  const openWindow = (nav?: WindowNav): void => {
    if (!win || win.isDestroyed()) {
      win = createAppWindow(BrowserWindow, {
        preload: path.join(distDir, 'preload', 'index.js'),
        indexHtml,
        openAllowed: (url) => void openAllowedUrl(url),
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

  const trayPorts: TrayActionPorts = {
    handlers: api.handlers,
    activeProfileId: () => api.svc.list().activeProfileId ?? undefined,
    profileName: (id) => api.svc.list().profiles.find((p) => p.id === id)?.name,
    settings: () => api.settings.load(),
    openWindow,
    quit: () => app.quit(),
    retry: () => start(),
    setRefreshing: (on) => {
      refreshing = on;
      render();
    },
    unpin: (dir) => {
      unpinProject(dir);
      render();
    },
  };
  // A tray click has no window to answer in: a failure becomes a notification (issue 13).
  const onAction = (a: TrayAction): void =>
    void runTrayAction(a, trayPorts).then((r) => {
      const notice = r.notice;
      if (notice) notifier.show(notice, () => openWindow(notice.open));
    });

  const tray = new TrayController(
    new Tray(nativeImage.createFromPath(trayIconPath(assetsDir, 'ok', process.platform))),
    Menu,
    (icon) => nativeImage.createFromPath(trayIconPath(assetsDir, icon, process.platform)),
    onAction,
  );
  /** The menu now: the profiles, or what keeps the app from reading them (an unreadable profiles.json). */
  const modelOf = (snapshot?: Snapshot): TrayModel => {
    try {
      const s = snapshot ?? api.snapshot();
      return trayMenuModel({
        profiles: s.profiles,
        warnings: s.warnings,
        refreshing,
        startAtLogin: s.settings.startAtLogin,
        now: Date.now(),
        pins: s.pins,
        platform: process.platform,
      });
    } catch (e) {
      return trayProblemModel(explainError(e), process.platform);
    }
  };
  const render = (s?: Snapshot): void => tray.render(modelOf(s));
  /** Starts (again): a failure leaves the app up, its menu saying what is wrong; "Try again" or the next tick retries. */
  let running = false;
  const start = (): void => {
    try {
      api.start();
      running = true;
    } catch {
      running = false;
    }
    render();
  };

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
  // Every snapshot, including those after another process (the CLI) changed profiles.json — AppApi
  // watches it from start() to stop() — rebuilds the tray menu and reaches the window.
  api.onSnapshot((s) => {
    render(s);
    notifications.update(s);
    sendEvent(win?.webContents, 'state:changed', s);
  });
  api.onNotice((n) => notifier.show(n, () => openWindow({ screen: n.screen, profileId: n.profileId })));
  api.onTeamProgress((p) => sendEvent(win?.webContents, 'team:progress', p));
  start();
  if (process.env.CLAUDE_AUTH_TRAY_E2E === '1') {
    // Test hook for the Playwright _electron suite: read-only view of the tray model.
    Object.assign(globalThis, { __claudeAuthTrayE2E: { trayModel: () => tray.model } });
  }
  // The tray's countdown text changes with time alone; a minute is the finest it shows.
  const tick = setInterval(() => (running ? render() : start()), 60_000);

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
