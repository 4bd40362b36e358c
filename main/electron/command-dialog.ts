/**
 * The ConfirmCommand port (main/core/command-confirm.ts) on Electron's native message box: owned by
 * the main process, modal to our window, so the renderer can neither draw nor answer it. Cancel is
 * the default and the Escape answer; only an explicit "Allow" saves the command.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { commandDialogText, type ConfirmCommand } from '../core/command-confirm';

export type DialogPort = Pick<Dialog, 'showMessageBox'>;

export function commandDialog(dialog: DialogPort, parent: () => BrowserWindow | undefined): ConfirmCommand {
  return async (req) => {
    const text = commandDialogText(req);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Claude Auth Tray',
      message: text.message,
      detail: text.detail,
      buttons: ['Cancel', text.allow],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const win = parent();
    const r =
      win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    return r.response === 1;
  };
}
