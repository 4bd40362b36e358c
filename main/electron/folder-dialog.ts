/**
 * The ChooseFolder port (main/core/accounts/account-handlers.ts) on Electron's native open dialog:
 * owned by the main process, modal to our window. The folder the user picks goes straight to core;
 * the renderer only asks for a pin and never names a path (issue 14, "Pin to a project…").
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { ChooseFolder } from '../core/accounts/account-handlers';

export type OpenDialogPort = Pick<Dialog, 'showOpenDialog'>;

export function folderDialog(dialog: OpenDialogPort, parent: () => BrowserWindow | undefined): ChooseFolder {
  return async (title) => {
    const options: OpenDialogOptions = {
      title,
      buttonLabel: 'Pin here',
      properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
    };
    const win = parent();
    const r =
      win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? undefined : r.filePaths[0];
  };
}
