/**
 * The main-side IPC wrapper (architecture.md): one handler per contract channel. A call is served
 * only from our own window's top frame; its argument is parsed with the channel's zod schema; the
 * result is a value (`{ ok, value }` or `{ ok: false, error }`), never a thrown error with a stack.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { z } from 'zod';
import { isAppError, type ShownError } from '../../common/errors';
import {
  INVOKE_CHANNELS,
  INVOKE_SCHEMAS,
  type EventChannel,
  type EventPayloads,
  type IpcError,
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
      if (!parsed.success) return { ok: false, error: badRequest(parsed.error.issues[0]) };
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

/** Fields the window shows under another word than their key. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  secret: 'key',
  baseUrl: 'base URL',
  text: 'bundle',
  dir: 'folder',
};

/**
 * A refused argument in the window's words (desktop audit): which field and what is wrong with it,
 * then what to do — no channel name, no zod wording ("Too big: expected string to have <=80
 * characters"). A field the window does not let one type wrong (a kind, an id) still says which.
 * Never the value itself (it may be a key), and redacted all the same.
 */
export function badRequest(issue: z.core.$ZodIssue | undefined): IpcError {
  const key = [...(issue?.path ?? [])].reverse().find((k): k is string => typeof k === 'string');
  const field = key ? (FIELD_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()) : 'value';
  const what = ((): string => {
    if (!issue) return 'is not valid';
    if (issue.code === 'too_big' && issue.origin === 'string')
      return `is too long (at most ${issue.maximum} characters)`;
    if (issue.code === 'too_small' && issue.origin === 'string')
      return Number(issue.minimum) <= 1 ? 'is empty' : `is too short (at least ${issue.minimum} characters)`;
    if (issue.code === 'custom' || issue.code === 'invalid_format') return issue.message;
    if (issue.code === 'unrecognized_keys') return `has fields it does not take (${issue.keys.join(', ')})`;
    return 'is not valid';
  })();
  return {
    kind: 'bad-request',
    message: redact(`The ${field} ${what}`.replace(/[.\s]*$/, '.')),
    nextStep: 'Correct it and try again.',
  };
}

/** A shown error with its texts redacted (a message may quote a command's output). */
function redactShown(e: ShownError): ShownError {
  return { message: redact(e.message), ...(e.nextStep ? { nextStep: redact(e.nextStep) } : {}) };
}
