/**
 * In-memory twins of the Electron pieces that cannot run here (no Electron binary, no display):
 * Tray, Menu, Notification, BrowserWindow and ipcMain. They record what the adapters do.
 */
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';

export class TrayTwin {
  images: unknown[] = [];
  tooltips: string[] = [];
  menus: unknown[] = [];
  destroyed = false;
  /** Electron's destroyed Tray throws on every use. */
  private alive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }
  setImage(i: unknown): void {
    this.alive();
    this.images.push(i);
  }
  setToolTip(t: string): void {
    this.alive();
    this.tooltips.push(t);
  }
  setContextMenu(m: unknown): void {
    this.alive();
    this.menus.push(m);
  }
  destroy(): void {
    this.alive();
    this.destroyed = true;
  }
}

export class MenuTwin {
  built: MenuItemConstructorOptions[][] = [];
  buildFromTemplate(t: MenuItemConstructorOptions[]): { items: MenuItemConstructorOptions[] } {
    this.built.push(t);
    return { items: t };
  }
}

export class NotificationTwin {
  static shown: NotificationTwin[] = [];
  private clickListeners: (() => void)[] = [];
  constructor(readonly opts: { title?: string; body?: string }) {}
  on(_e: 'click', l: () => void): this {
    this.clickListeners.push(l);
    return this;
  }
  show(): void {
    NotificationTwin.shown.push(this);
  }
  click(): void {
    this.clickListeners.forEach((l) => l());
  }
}

type Listener = (...args: unknown[]) => void;
class Emitter {
  private readonly ls = new Map<string, Listener[]>();
  on(e: string, l: Listener): this {
    this.ls.set(e, [...(this.ls.get(e) ?? []), l]);
    return this;
  }
  once(e: string, l: Listener): this {
    return this.on(e, l);
  }
  emit(e: string, ...args: unknown[]): void {
    for (const l of this.ls.get(e) ?? []) l(...args);
  }
}

export class WebContentsTwin extends Emitter {
  openHandler: ((d: { url: string }) => { action: 'deny' | 'allow' }) | undefined;
  sent: { channel: string; payload: unknown }[] = [];
  permissionRequest: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | undefined;
  permissionCheck: (() => boolean) | undefined;
  readonly session = {
    setPermissionRequestHandler: (h: WebContentsTwin['permissionRequest']) => (this.permissionRequest = h),
    setPermissionCheckHandler: (h: WebContentsTwin['permissionCheck']) => (this.permissionCheck = h),
  };
  destroyed = false;
  setWindowOpenHandler(h: WebContentsTwin['openHandler']): void {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class BrowserWindowTwin extends Emitter {
  static created: BrowserWindowTwin[] = [];
  readonly webContents = new WebContentsTwin();
  loaded: string | undefined;
  shown = false;
  constructor(readonly opts: BrowserWindowConstructorOptions) {
    super();
    BrowserWindowTwin.created.push(this);
  }
  loadFile(f: string): Promise<void> {
    this.loaded = f;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
}

export class IpcMainTwin {
  readonly handlers = new Map<string, (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown>();
  handle(c: string, l: (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown): void {
    if (this.handlers.has(c)) throw new Error(`second handler for ${c}`);
    this.handlers.set(c, l);
  }
  removeHandler(c: string): void {
    this.handlers.delete(c);
  }
  invoke(c: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(c);
    if (!h) throw new Error(`no handler for ${c}`);
    return Promise.resolve(h(event as IpcMainInvokeEvent, ...args));
  }
}
