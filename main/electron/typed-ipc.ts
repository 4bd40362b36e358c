/**
 * The main-side IPC wrapper (architecture.md): one handler per contract channel. A call is served
 * only from our own window's top frame; its argument is parsed with the channel's zod schema; the
 * result is a value (`{ ok, value }` or `{ ok: false, error }`), never a thrown error with a stack.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppError, type ShownError } from '../../common/errors';
import {
  INVOKE_CHANNELS,
  INVOKE_SCHEMAS,
  type EventChannel,
  type EventPayloads,
  type IpcResult,
} from '../../common/ipc-contract';
import { redact } from '../../common/redact';
import type { Handlers } from '../core/app-api';

/** The part of ipcMain this wrapper uses (tests pass a twin). */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

/** Trusted: sent by the given window's webContents, from its top-level frame, at our own page. */
export function ownTopFrame(getContents: () => WebContents | undefined, pageUrlPrefix: string): SenderCheck {
  return (event) => {
    const ours = getContents();
    const frame = event.senderFrame;
    if (!ours || !frame || event.sender !== ours) return false;
    if (frame.parent !== null) return false;
    return frame.url.startsWith(pageUrlPrefix);
  };
}

export function registerIpc(ipc: IpcMainPort, trusted: SenderCheck, handlers: Handlers): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(channel, async (event, ...args): Promise<IpcResult<unknown>> => {
      if (!trusted(event)) {
        return {
          ok: false,
          error: { kind: 'forbidden-sender', message: 'This call did not come from the Claude Auth Tray window.' },
        };
      }
      if (args.length > 1)
        return { ok: false, error: { kind: 'bad-request', message: `${channel} takes one argument.` } };
      const parsed = INVOKE_SCHEMAS[channel].safeParse(args[0]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          ok: false,
          error: {
            kind: 'bad-request',
            message: `Invalid argument for ${channel}: ${issue?.path.join('.') || '(value)'}: ${issue?.message ?? 'invalid'}.`,
          },
        };
      }
      try {
        const handler = handlers[channel] as (a: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (e) {
        if (isAppError(e))
          return {
            ok: false,
            // The window's wording (issue 17): no --flags, no command lines meant for a terminal.
            error: { kind: e.kind, ...redactShown(e.shown('window')) },
          };
        return {
          ok: false,
          error: {
            kind: 'internal',
            message: 'Something went wrong in Claude Auth Tray.',
            nextStep: 'Try again; if it keeps happening, restart the app.',
          },
        };
      }
    });
  }
  return () => INVOKE_CHANNELS.forEach((c) => ipc.removeHandler(c));
}

/** Registers on Electron's ipcMain (loaded here, the one main-side file allowed to touch it). */
export function registerOnIpcMain(trusted: SenderCheck, handlers: Handlers): () => void {
  // Required lazily so this module's logic can be tested in plain Node, where 'electron' cannot load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ipcMain } = require('electron') as typeof import('electron');
  return registerIpc(ipcMain, trusted, handlers);
}

/** Main → renderer events, typed. */
export function sendEvent<C extends EventChannel>(
  contents: Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
  channel: C,
  payload: EventPayloads[C],
): void {
  if (contents && !contents.isDestroyed()) contents.send(channel, payload);
}

/** A shown error with its texts redacted (a message may quote a command's output). */
function redactShown(e: ShownError): ShownError {
  return { message: redact(e.message), ...(e.nextStep ? { nextStep: redact(e.nextStep) } : {}) };
}
