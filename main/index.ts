/**
 * Electron bootstrap only (architecture.md): single-instance lock, whenReady, wiring.
 */
import { app, dialog } from 'electron';
import { startApp } from './electron/bootstrap';
import { reportStartupFailure } from './electron/startup-failure';

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance opens its window (see 'second-instance').
  app.quit();
} else {
  app.dock?.hide(); // a menu-bar app: no Dock icon on macOS (LSUIElement does the same when packaged)
  void app
    .whenReady()
    .then(startApp)
    .catch((e: unknown) =>
      reportStartupFailure(e, {
        showErrorBox: (title, content) => dialog.showErrorBox(title, content),
        log: (line) => console.error(line),
        exit: (code) => app.exit(code),
      }),
    );
}
