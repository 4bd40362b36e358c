/**
 * Electron bootstrap only (architecture.md): single-instance lock, whenReady, wiring.
 * The tray, notifications and typed IPC arrive with issue 5; today it opens the window.
 */
import { app, BrowserWindow } from 'electron';
import * as path from 'node:path';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;
  const open = (): void => {
    if (win && !win.isDestroyed()) {
      win.show();
      win.focus();
      return;
    }
    win = new BrowserWindow({
      width: 880,
      height: 640,
      title: 'Claude Auth Tray',
      webPreferences: {
        preload: path.join(__dirname, '..', 'preload', 'index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    void win.loadFile(path.join(__dirname, '..', 'renderer', 'index.html'));
    win.on('closed', () => {
      win = undefined;
    });
  };
  app.on('second-instance', open);
  app.on('window-all-closed', () => {
    // A tray app keeps running without windows.
  });
  void app.whenReady().then(open);
}
