/**
 * Electron bootstrap only (architecture.md): single-instance lock, whenReady, wiring.
 */
import { app } from 'electron';
import { startApp } from './electron/bootstrap';

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance opens its window (see 'second-instance').
  app.quit();
} else {
  app.dock?.hide(); // a menu-bar app: no Dock icon on macOS (LSUIElement does the same when packaged)
  void app.whenReady().then(startApp);
}
