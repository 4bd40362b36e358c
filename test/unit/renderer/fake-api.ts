/** A scripted window.authTray for component tests (the e2e suite uses the real core instead). */
import type { AuthState } from '../../../common/auth-state';
import { DEFAULT_APP_SETTINGS } from '../../../common/app-settings';
import type { AuthTrayApi, EventPayloads, IpcError, IpcResult, Snapshot } from '../../../common/ipc-contract';
import { authState } from '../../support/profile-fixtures';

export const NOW = Date.now();
export { BED, CLAUDE_HOME, CLAUDE_WORK, KEY } from '../../support/profile-fixtures';
export const state = (id: string, s: Partial<AuthState> = {}): AuthState => authState(id, s, NOW);

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    profiles: [],
    activeProfileId: null,
    warnings: [],
    settings: DEFAULT_APP_SETTINGS,
    claudeInstalled: true,
    ...over,
  };
}

type Handler = (arg: unknown) => unknown;

/** Installs window.authTray; handlers answer per channel (a value, or { __ipcError }); records calls. */
export function installApi(handlers: Record<string, Handler>, snap: Snapshot = snapshot()) {
  const calls: { channel: string; arg: unknown }[] = [];
  const listeners = {
    state: [] as ((s: Snapshot) => void)[],
    nav: [] as ((n: EventPayloads['navigate']) => void)[],
    progress: [] as ((p: EventPayloads['team:progress']) => void)[],
  };
  const all: Record<string, Handler> = {
    'app:snapshot': () => snap,
    'doctor:run': () => [],
    'aws:profiles': () => [],
    ...handlers,
  };
  const api = new Proxy(
    {},
    {
      get(_t, prop: string) {
        if (prop === 'onStateChanged') return (l: (s: Snapshot) => void) => (listeners.state.push(l), () => undefined);
        if (prop === 'onNavigate')
          return (l: (n: EventPayloads['navigate']) => void) => (listeners.nav.push(l), () => undefined);
        if (prop === 'onTeamProgress') {
          return (l: (p: EventPayloads['team:progress']) => void) => (listeners.progress.push(l), () => undefined);
        }
        return async (arg: unknown): Promise<IpcResult<unknown>> => {
          calls.push({ channel: prop, arg });
          const h = all[prop];
          if (!h) return { ok: false, error: { kind: 'internal', message: `no handler for ${prop}` } };
          const v = await h(arg);
          if (v && typeof v === 'object' && '__ipcError' in v)
            return { ok: false, error: (v as { __ipcError: IpcError }).__ipcError };
          return { ok: true, value: v };
        };
      },
    },
  ) as AuthTrayApi;
  Object.defineProperty(window, 'authTray', { value: api, configurable: true });
  return {
    calls,
    emit: (s: Snapshot) => listeners.state.forEach((l) => l(s)),
    navigate: (n: EventPayloads['navigate']) => listeners.nav.forEach((l) => l(n)),
    progress: (p: EventPayloads['team:progress']) => listeners.progress.forEach((l) => l(p)),
  };
}
