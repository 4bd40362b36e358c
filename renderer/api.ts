import type {
  AuthTrayApi,
  InvokeArgs,
  InvokeChannel,
  InvokeResults,
  IpcError,
  IpcResult,
} from '../common/ipc-contract';
import { windowErrorLine } from './format';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by the test bridge client (browser tests). */
    readonly authTray?: AuthTrayApi;
  }
}

export class ApiError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
  }
  /** What happened, then what to do, in the window's words (renderer/format.ts). */
  get line(): string {
    return windowErrorLine(this.error);
  }
}

export function api(): AuthTrayApi {
  const a = window.authTray;
  if (!a) throw new Error('Claude Auth Tray: the window was opened without its bridge (window.authTray is missing).');
  return a;
}

/** Calls a channel and unwraps its result; a typed error becomes an ApiError. */
export async function call<C extends InvokeChannel>(channel: C, arg: InvokeArgs[C]): Promise<InvokeResults[C]> {
  // The mapped type is correct per channel; TS cannot narrow a generic index, hence the cast.
  const fn = api()[channel] as unknown as (a: InvokeArgs[C]) => Promise<IpcResult<InvokeResults[C]>>;
  const r = await fn(arg);
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

export function errorLine(e: unknown): string {
  if (e instanceof ApiError) return e.line;
  return 'Something went wrong. Try again; if it keeps happening, restart Claude Auth Tray.';
}
