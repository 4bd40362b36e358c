/**
 * The one window factory with the secure defaults (architecture.md, rule 9): context isolation,
 * sandbox, no Node in the page, strict CSP (renderer/index.html), window.open and navigation
 * denied, webviews refused, permissions denied, openExternal only for the allowlist.
 * The window is created on demand and destroyed when closed: no renderer lives while idle.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { isAllowedExternal } from '../core/external-links';

export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
});

export type WindowCtor = new (opts: BrowserWindowConstructorOptions) => BrowserWindow;

export interface WindowOptions {
  readonly preload: string;
  readonly indexHtml: string;
  /** Opens an allowlisted URL in the browser (the one shell.openExternal site is in bootstrap). */
  readonly openAllowed: (url: string) => void;
  readonly onClosed: () => void;
}

export function createAppWindow(Ctor: WindowCtor, o: WindowOptions): BrowserWindow {
  const win = new Ctor({
    // A compact desktop window (issue 17): sidebar and detail fit 760×520, and it resizes down to that.
    width: 760,
    height: 520,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Claude Auth Tray',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: o.preload },
  });
  const wc = win.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) o.openAllowed(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (e, url) => {
    e.preventDefault();
    if (isAllowedExternal(url)) o.openAllowed(url);
  });
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.session.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  wc.session.setPermissionCheckHandler(() => false);
  win.once('ready-to-show', () => win.show());
  win.on('closed', o.onClosed);
  void win.loadFile(o.indexHtml);
  return win;
}
