/** Tray adapter: renders the pure tray model into Electron's Tray and Menu. */
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import * as path from 'node:path';
import { sameModel, type TrayAction, type TrayIcon, type TrayItem, type TrayModel } from '../core/tray-menu-model';

export interface TrayPort {
  setImage(image: NativeImage | string): void;
  setToolTip(tip: string): void;
  setContextMenu(menu: unknown): void;
  destroy(): void;
}
export interface MenuPort {
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown;
}

/** Tray icon file per state: `assets/tray/<state>.png` (+ @2x), `…Template.png` on macOS. */
export function trayIconPath(assetsDir: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  return path.join(assetsDir, 'tray', platform === 'darwin' ? `${icon}Template.png` : `${icon}.png`);
}

/**
 * A label as Electron reads it: `&` marks the next letter as the item's mnemonic and `&&` is a
 * literal `&` (Windows, Linux; macOS drops the marker), so a profile named "R&D" showed as "RD".
 * No label of ours uses a mnemonic, so every `&` is literal.
 */
export function menuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

export function toTemplate(
  items: readonly TrayItem[],
  onAction: (a: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((i): MenuItemConstructorOptions => {
    switch (i.kind) {
      case 'header':
        return { label: menuLabel(i.label), enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'radio':
        return { type: 'radio', label: menuLabel(i.label), checked: i.checked, click: () => onAction(i.action) };
      case 'checkbox':
        return { type: 'checkbox', label: menuLabel(i.label), checked: i.checked, click: () => onAction(i.action) };
      case 'action':
        return { label: menuLabel(i.label), enabled: i.enabled ?? true, click: () => onAction(i.action) };
    }
  });
}

export class TrayController {
  private last: TrayModel | undefined;
  private disposed = false;
  /** How often the menu was rebuilt (the model says when that is needed). */
  rebuilds = 0;

  constructor(
    private readonly tray: TrayPort,
    private readonly menus: MenuPort,
    private readonly iconFor: (icon: TrayIcon) => NativeImage | string,
    private readonly onAction: (a: TrayAction) => void,
  ) {}

  /** A no-op after dispose: work that ends after quit (a refresh) must not touch Electron's destroyed Tray, which throws. */
  render(model: TrayModel): void {
    if (this.disposed || sameModel(this.last, model)) return;
    if (this.last?.icon !== model.icon) this.tray.setImage(this.iconFor(model.icon));
    if (this.last?.tooltip !== model.tooltip) this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(this.menus.buildFromTemplate(toTemplate(model.items, this.onAction)));
    this.rebuilds++;
    this.last = model;
  }

  /** The model on screen now (the _electron E2E suite reads it). */
  get model(): TrayModel | undefined {
    return this.last;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.tray.destroy();
  }
}
