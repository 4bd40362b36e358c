/**
 * contextBridge: one function per contract channel, nothing else (architecture.md). No raw
 * ipcRenderer, no event objects; each listener method returns an unsubscribe function.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { INVOKE_CHANNEL_NAMES } from '../common/ipc-channels';
import type { AuthTrayApi, EventPayloads } from '../common/ipc-contract';

function listen<C extends keyof EventPayloads>(channel: C, listener: (p: EventPayloads[C]) => void): () => void {
  const h = (_e: IpcRendererEvent, payload: EventPayloads[C]): void => listener(payload);
  ipcRenderer.on(channel, h);
  return () => {
    ipcRenderer.removeListener(channel, h);
  };
}

const api = Object.fromEntries(
  INVOKE_CHANNEL_NAMES.map((c) => [c, (arg: unknown) => ipcRenderer.invoke(c, arg)]),
) as Record<string, unknown>;
api.onStateChanged = (l: (s: EventPayloads['state:changed']) => void) => listen('state:changed', l);
api.onNavigate = (l: (n: EventPayloads['navigate']) => void) => listen('navigate', l);
api.onTeamProgress = (l: (p: EventPayloads['team:progress']) => void) => listen('team:progress', l);

contextBridge.exposeInMainWorld('authTray', Object.freeze(api as unknown as AuthTrayApi));
