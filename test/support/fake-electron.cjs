// A recording fake of the `electron` module, for booting the BUILT main bundle under plain Node
// (the Electron binary cannot be downloaded here). Preload it with `node --require <this file>`:
// `require('electron')` then gives this module. Every call is appended, synchronously, as one JSON
// line to $FAKE_ELECTRON_LOG (a crash loses nothing). The test drives the app over the IPC channel:
// { cmd: 'ready' | 'click' | 'quit' | 'invoke' | 'window-open' | 'click-notification' | 'resources' |
// 'dialog-answer' | 'dialog-folder' }. A message box is answered with its cancel button (the user pressing Escape)
// unless 'dialog-answer' named another button for the ones to come.
// FAKE_ELECTRON_FAIL=Tray: creating a tray throws, as a broken desktop session can make it.
//
// Like Electron, the fake keeps the process alive until app.quit(); after that only what the app
// itself left running (timers, watches, children, sockets) can keep it alive — which is what the
// boot test checks. Destroyed trays and windows throw on use, as Electron's do.
const fs = require('node:fs');
const Module = require('node:module');
const { EventEmitter } = require('node:events');

const LOG = process.env.FAKE_ELECTRON_LOG;
const APP_PATH = process.env.FAKE_ELECTRON_APP_PATH || process.cwd();

/** JSON for the log: functions and images become tags, cycles are cut. */
function plain(v, depth = 0) {
  if (typeof v === 'function') return '[function]';
  if (v === null || typeof v !== 'object') return v;
  if (depth > 6) return '[deep]';
  if (v instanceof FakeImage) return { image: v.path };
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (v instanceof EventEmitter || v instanceof FakeMenu) return `[${v.constructor.name}]`;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1)]));
}
let seq = 0;
function record(api, args = []) {
  if (LOG) fs.appendFileSync(LOG, JSON.stringify({ seq: ++seq, api, args: args.map((a) => plain(a)) }) + '\n');
}
const reply = (m) => process.connected && process.send(m);

// Electron's main loop: the process lives until the app quits.
let keepAlive = setInterval(() => undefined, 1 << 30);
let quitting = false;
let readyResolve;
const readyPromise = new Promise((r) => (readyResolve = r));

class FakeApp extends EventEmitter {
  isReady() {
    return ready;
  }
  whenReady() {
    record('app.whenReady');
    return readyPromise;
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  getAppPath() {
    return APP_PATH;
  }
  getPath(name) {
    record('app.getPath', [name]);
    if (name === 'home') return process.env.HOME;
    throw new Error(`fake electron: app.getPath('${name}') is not faked`);
  }
  setLoginItemSettings(s) {
    record('app.setLoginItemSettings', [s]);
  }
  /** Electron's order: before-quit, windows close, will-quit, quit; then the process ends. */
  quit() {
    record('app.quit');
    if (quitting) return;
    quitting = true;
    const ev = () => {
      let prevented = false;
      return {
        preventDefault: () => (prevented = true),
        get defaultPrevented() {
          return prevented;
        },
      };
    };
    const before = ev();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return void (quitting = false);
    for (const w of [...windows]) w.destroy();
    const will = ev();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return void (quitting = false);
    this.emit('quit', ev(), 0);
    record('fake.quit-done');
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
  exit(code) {
    record('app.exit', [code]);
    process.exit(code);
  }
}
let ready = false;
const app = new FakeApp();

class FakeImage {
  constructor(p) {
    this.path = p;
  }
}
const nativeImage = { createFromPath: (p) => new FakeImage(p) };

class FakeMenu {
  constructor(template) {
    this.template = template;
  }
  static buildFromTemplate(template) {
    record('Menu.buildFromTemplate', [template]);
    return new FakeMenu(template);
  }
}

function destroyable(obj, name) {
  obj.destroyed = false;
  obj.assertAlive = () => {
    if (obj.destroyed) throw new TypeError(`Object has been destroyed (${name})`);
  };
}

const trays = [];
class FakeTray extends EventEmitter {
  constructor(image) {
    super();
    destroyable(this, 'Tray');
    record('new Tray', [image]);
    if (process.env.FAKE_ELECTRON_FAIL === 'Tray')
      throw new Error(process.env.FAKE_ELECTRON_FAIL_MESSAGE || 'fake: Tray failed');
    trays.push(this);
  }
  setImage(i) {
    this.assertAlive();
    record('tray.setImage', [i]);
  }
  setToolTip(t) {
    this.assertAlive();
    record('tray.setToolTip', [t]);
  }
  setContextMenu(m) {
    this.assertAlive();
    record('tray.setContextMenu', [m.template]);
    this.menu = m;
  }
  destroy() {
    record('tray.destroy');
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const notifications = [];
class FakeNotification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(opts) {
    super();
    record('new Notification', [opts]);
    this.opts = opts;
  }
  show() {
    record('notification.show', [this.opts]);
    notifications.push(this);
  }
}

const windows = new Set();
class FakeWebContents extends EventEmitter {
  constructor(win) {
    super();
    this.win = win;
    this.session = {
      setPermissionRequestHandler: () => record('session.setPermissionRequestHandler'),
      setPermissionCheckHandler: () => record('session.setPermissionCheckHandler'),
    };
  }
  setWindowOpenHandler(h) {
    record('webContents.setWindowOpenHandler');
    this.openHandler = h;
  }
  send(channel, payload) {
    this.win.assertAlive();
    record('webContents.send', [channel, payload]);
  }
  isDestroyed() {
    return this.win.destroyed;
  }
}
class FakeBrowserWindow extends EventEmitter {
  constructor(opts) {
    super();
    destroyable(this, 'BrowserWindow');
    record('new BrowserWindow', [opts]);
    this.webContents = new FakeWebContents(this);
    windows.add(this);
  }
  loadFile(f) {
    record('window.loadFile', [f]);
    this.url = `file://${f}`;
    setImmediate(() => {
      if (this.destroyed) return;
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
    });
    return Promise.resolve();
  }
  show() {
    this.assertAlive();
    record('window.show');
  }
  focus() {
    this.assertAlive();
    record('window.focus');
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    record('window.destroy');
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
  }
}

const handlers = new Map();
const ipcMain = {
  handle(channel, listener) {
    record('ipcMain.handle', [channel]);
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener);
  },
  removeHandler(channel) {
    record('ipcMain.removeHandler', [channel]);
    handlers.delete(channel);
  },
};

const shell = {
  /** FAKE_ELECTRON_NO_BROWSER=1: rejects, as Electron does where no browser is set up (no xdg-open). */
  openExternal(url) {
    record('shell.openExternal', [url]);
    if (process.env.FAKE_ELECTRON_NO_BROWSER === '1') return Promise.reject(new Error('Failed to open: no handler'));
    return Promise.resolve();
  },
};

/** Native dialogs: recorded; a message box answers with dialogButton (a label) or its cancelId. */
let dialogButton;
let dialogFolder;
const dialog = {
  showMessageBox(...args) {
    const [win, opts] = args.length > 1 ? args : [undefined, args[0]];
    if (win) win.assertAlive();
    record('dialog.showMessageBox', [win ? '[parent window]' : '[no parent]', opts]);
    const named = dialogButton === undefined ? -1 : (opts.buttons || []).indexOf(dialogButton);
    const response = named >= 0 ? named : (opts.cancelId ?? 0);
    return new Promise((r) => setImmediate(() => r({ response, checkboxChecked: false })));
  },
  /** An open dialog answers with the folder a 'dialog-folder' command named, else as cancelled. */
  showOpenDialog(...args) {
    const [win, opts] = args.length > 1 ? args : [undefined, args[0]];
    if (win) win.assertAlive();
    record('dialog.showOpenDialog', [win ? '[parent window]' : '[no parent]', opts]);
    const r = dialogFolder ? { canceled: false, filePaths: [dialogFolder] } : { canceled: true, filePaths: [] };
    return new Promise((res) => setImmediate(() => res(r)));
  },
  showErrorBox(title, content) {
    record('dialog.showErrorBox', [title, content]);
  },
};

const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  dialog,
  ipcMain,
  Menu: FakeMenu,
  nativeImage,
  Notification: FakeNotification,
  shell,
  Tray: FakeTray,
};

// `require('electron')` → this module, wherever it is required from.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? __filename : resolve.call(this, request, ...rest);
};
module.exports = electron;

// File watches are not persistent (they never keep the process alive), so quitting cannot prove
// they were closed: each one is logged when opened and when closed.
const watch = fs.watch;
let watchId = 0;
fs.watch = function (file, ...rest) {
  const w = watch.call(this, file, ...rest);
  const id = ++watchId;
  record('fs.watch', [id, String(file)]);
  w.once('close', () => record('fs.watch.close', [id]));
  return w;
};

const exit = process.exit;
process.exit = (code) => {
  record('process.exit', [code]);
  exit.call(process, code);
};

/** Commands from the test. The channel does not keep the process alive; the app's loop does. */
async function onCommand(m) {
  switch (m.cmd) {
    case 'ready':
      ready = true;
      app.emit('ready', {}, {});
      readyResolve();
      return reply({ done: 'ready' });
    case 'click': {
      const tray = trays.at(-1);
      const item = tray && tray.menu && tray.menu.template.find((i) => i.label === m.label);
      if (!item || typeof item.click !== 'function') return reply({ done: 'click', error: `no item ${m.label}` });
      record('fake.click', [m.label]);
      item.click(item, undefined, {});
      return reply({ done: 'click' });
    }
    case 'window-open': {
      // A link with target=_blank in the page: Electron asks the window-open handler.
      const win = [...windows].at(-1);
      const r = win && win.webContents.openHandler && win.webContents.openHandler({ url: m.url });
      return reply({ done: 'window-open', result: r });
    }
    case 'click-notification':
      notifications[m.index]?.emit('click', {});
      return reply({ done: 'click-notification' });
    case 'invoke': {
      // As the preload would: from our own window's top frame.
      const win = [...windows].at(-1);
      const h = handlers.get(m.channel);
      if (!win || !h) return reply({ done: 'invoke', error: `no window or handler for ${m.channel}` });
      const event = { sender: win.webContents, senderFrame: { parent: null, url: win.url } };
      return reply({ done: 'invoke', result: await h(event, ...(m.args || [])) });
    }
    case 'dialog-answer':
      dialogButton = m.button;
      return reply({ done: 'dialog-answer' });
    case 'dialog-folder':
      dialogFolder = m.folder;
      return reply({ done: 'dialog-folder' });
    case 'quit':
      app.quit();
      return reply({ done: 'quit' });
    case 'resources':
      return reply({ done: 'resources', resources: process.getActiveResourcesInfo() });
  }
}
if (process.channel) {
  process.on('message', (m) => void onCommand(m));
  process.channel.unref();
}
