/**
 * The real AppApi over a private Secret Service and a sandbox, optionally behind the real typed-IPC
 * wrapper on an ipcMain twin: what the IPC and adapter tests share. Call `appHarness()` at the top of
 * a test file: it registers the beforeAll/afterAll that start and stop everything, and returns an
 * object whose fields are ready inside the tests.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { afterAll, beforeAll } from 'vitest';
import type { IpcResult } from '../../common/ipc-contract';
import type { AppApi, AppApiDeps } from '../../main/core/app-api';
import { ownTopFrame, registerIpc } from '../../main/electron/typed-ipc';
import { CLI, sandbox, type Sandbox } from './cli';
import { coreApp } from './core-app';
import { IpcMainTwin } from './electron-twins';
import { startKeyring, type PrivateKeyring } from './keyring';

/** The renderer's WebContents and an invoke event from its top frame (our own file:// page). */
export const OUR_WINDOW = { id: 1 } as unknown as WebContents;
export const OUR_TOP_FRAME = { parent: null, url: 'file:///app/index.html' };
export const OUR_EVENT = { sender: OUR_WINDOW, senderFrame: OUR_TOP_FRAME } as unknown as IpcMainInvokeEvent;

export interface HarnessOptions {
  /** Run before the AppApi is made (start servers, add profiles with the CLI); its result adds to the deps. */
  readonly setup?: (h: { sb: Sandbox; env: NodeJS.ProcessEnv }) => Promise<Partial<AppApiDeps>> | Partial<AppApiDeps>;
  /** Run after the AppApi stopped (close servers). */
  readonly teardown?: () => Promise<unknown> | unknown;
  /** Key checks without a base URL go here (default: a closed loopback port). */
  readonly apiBaseUrl?: string | undefined;
  /** app.start() (the monitor, the watches). */
  readonly start?: boolean;
  /**
   * Register the handlers on `ipc`: 'own-frame' behind the sender check for our window's top frame
   * (as bootstrap does), 'any-sender' with a check that lets everything through, or not at all.
   */
  readonly ipc?: 'own-frame' | 'any-sender' | 'none';
}

export interface AppHarness {
  readonly kr: PrivateKeyring;
  readonly sb: Sandbox;
  /** The sandbox's environment with the private Secret Service. */
  readonly env: NodeJS.ProcessEnv;
  readonly app: AppApi;
  readonly ipc: IpcMainTwin;
  /** Invokes a channel through the IPC wrapper as our window would. */
  call(channel: string, arg: unknown): Promise<IpcResult<unknown>>;
  /** As call, and the value, throwing the typed error of a refusal. */
  value<T>(channel: string, arg: unknown): Promise<T>;
}

/**
 * A private Secret Service for the whole file, also for the keychain this process opens (the
 * session bus address is set while the file runs, and restored after), and the sandboxes made with
 * `box()`, removed after. Call at the top of a test file.
 */
export function keyringForFile(): { readonly kr: PrivateKeyring; box(): Sandbox } {
  let kr: PrivateKeyring | undefined;
  const boxes: Sandbox[] = [];
  const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeAll(async () => {
    kr = await startKeyring();
    process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    // The keyring is stopped even when a clean-up throws (a folder still written into: CI, stop 22,
    // left a gnome-keyring-daemon running after the test file).
    try {
      boxes.forEach((b) => b.cleanup());
    } finally {
      await kr?.stop();
      process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
    }
  });
  return {
    get kr() {
      if (!kr) throw new Error('keyringForFile: ready only inside the tests');
      return kr;
    },
    box() {
      if (!kr) throw new Error('keyringForFile: ready only inside the tests');
      const s = sandbox(kr.env);
      boxes.push(s);
      return s;
    },
  };
}

/**
 * keyringForFile with one sandbox for the whole file, removed after. The sandbox is made at once (its
 * own env has no Secret Service); `env` is its environment with the private Secret Service's and
 * `extra`, filled in before the tests.
 */
export function sandboxForFile(extra: NodeJS.ProcessEnv = {}): {
  readonly kr: PrivateKeyring;
  readonly sb: Sandbox;
  readonly env: NodeJS.ProcessEnv;
} {
  const keyring = keyringForFile();
  const sb = sandbox();
  const env: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    Object.assign(env, sb.env, keyring.kr.env, extra);
  });
  afterAll(() => sb.cleanup()); // before the keyring stops (after-hooks run last-registered first)
  return {
    get kr() {
      return keyring.kr;
    },
    sb,
    env,
  };
}

export function appHarness(opts: HarnessOptions = {}): AppHarness {
  const keyring = keyringForFile(); // its afterAll runs after this one's (hooks stack)
  const h: { sb?: Sandbox; env?: NodeJS.ProcessEnv; app?: AppApi } = {};
  const ipc = new IpcMainTwin();
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`appHarness: ${what} is ready only inside the tests`);
    return v;
  };

  beforeAll(async () => {
    h.sb = keyring.box();
    h.env = { ...h.sb.env, ...keyring.kr.env };
    const extra = (await opts.setup?.({ sb: h.sb, env: h.env })) ?? {};
    const apiBaseUrl = 'apiBaseUrl' in opts ? opts.apiBaseUrl : 'http://127.0.0.1:9';
    h.app = coreApp(h.env, h.sb.home, { apiBaseUrl, ...extra }, CLI);
    if (opts.start) h.app.start();
    const mode = opts.ipc ?? 'own-frame';
    if (mode !== 'none')
      registerIpc(ipc, mode === 'own-frame' ? ownTopFrame(() => OUR_WINDOW, 'file://') : () => true, h.app.handlers);
  });
  afterAll(async () => {
    h.app?.stop();
    await opts.teardown?.();
  });

  const call = async (channel: string, arg: unknown): Promise<IpcResult<unknown>> =>
    (await ipc.invoke(channel, OUR_EVENT, arg)) as IpcResult<unknown>;
  return {
    get kr() {
      return keyring.kr;
    },
    get sb() {
      return ready(h.sb, 'sb');
    },
    get env() {
      return ready(h.env, 'env');
    },
    get app() {
      return ready(h.app, 'app');
    },
    ipc,
    call,
    async value<T>(channel: string, arg: unknown): Promise<T> {
      const r = await call(channel, arg);
      if (!r.ok) throw new Error(`${channel}: ${r.error.kind}: ${r.error.message}`);
      return r.value as T;
    },
  };
}
