/**
 * What a tray click does, as a value (issue 13). The tray has no window to show an error in, so
 * every action ends in a result or a notice: one notification with what went wrong and the next
 * step, never a stack and never a secret. Effects go through the ports, so this runs in plain Node.
 */
import type { AppSettings } from '../../common/app-settings';
import { isAppError } from '../../common/errors';
import type { EventPayloads } from '../../common/ipc-contract';
import { redact } from '../../common/redact';
import { sanitizeForTerminal } from '../../common/terminal-text';
import type { Handlers } from './app-api';
import type { TrayAction, TrayProblem } from './tray-menu-model';

/** Where a click on the notice opens the window. */
export type WindowNav = EventPayloads['navigate'];

export interface TrayNotice {
  /** One live notification per key: a second failure of the same action replaces the first. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly open: WindowNav;
}

export type TrayOutcome =
  | { readonly ok: true; readonly action: TrayAction['type']; readonly notice?: TrayNotice }
  | { readonly ok: false; readonly action: TrayAction['type']; readonly notice: TrayNotice };

export interface TrayActionPorts {
  readonly handlers: Pick<Handlers, 'profiles:activate' | 'profiles:refresh' | 'signin:start' | 'settings:set'>;
  readonly activeProfileId: () => string | undefined;
  readonly profileName: (id: string) => string | undefined;
  readonly settings: () => AppSettings;
  readonly openWindow: (nav: WindowNav) => void;
  readonly quit: () => void;
  /** Starts the app again after a problem stopped it (the menu shows how that went). */
  readonly retry: () => void;
  /** A refresh is running: the menu says "Refreshing…" until it ends, whatever its end. */
  readonly setRefreshing: (on: boolean) => void;
  /** Removes a project's pin (issue 14); then the menu is drawn again. */
  readonly unpin?: (dir: string) => void;
}

/**
 * An error as the tray shows it. Pure. Only a typed error's own text (or a message core wrote for
 * the user) is shown, redacted; anything else could hold a path, a stack or a secret.
 */
export function explainError(error: unknown): TrayProblem {
  if (isAppError(error)) {
    // The tray opens the window: its wording, never the CLI's flags.
    const step = error.nextStepFor('window');
    return { message: redact(error.message), ...(step ? { nextStep: redact(step) } : {}) };
  }
  if (typeof error === 'string') return { message: redact(error) };
  return {
    message: 'Something went wrong in Claude Auth Tray.',
    nextStep: 'Try again; if it keeps happening, restart the app.',
  };
}

/** The notice for a failed action: one notification, the reason and the next step. Pure. */
export function trayFailureNotice(
  a: TrayAction,
  error: unknown,
  profile?: { readonly id: string; readonly name?: string | undefined },
): TrayNotice {
  const e = explainError(error);
  const body = e.nextStep ? `${e.message} ${e.nextStep}` : e.message;
  // profiles.json may be hand-edited: no control characters in a notification (as notification-policy).
  const name = profile?.name ? sanitizeForTerminal(profile.name) : 'this profile';
  const id = profile?.id ?? ('profileId' in a ? a.profileId : undefined);
  const onProfile: WindowNav = id ? { screen: 'edit', profileId: id } : { screen: 'profiles' };
  const key = `tray|${a.type}${id ? `|${id}` : ''}`;
  switch (a.type) {
    case 'activate':
      return { key, title: `Could not switch to ${name}`, body, open: onProfile };
    case 'refresh':
      return { key, title: `Could not refresh ${name}`, body, open: onProfile };
    case 'sign-in':
      return { key, title: `Could not start the sign-in for ${name}`, body, open: onProfile };
    case 'toggle-start-at-login':
      return { key, title: 'Could not change "Start at login"', body, open: { screen: 'settings' } };
    case 'add-profile':
    case 'open':
    case 'open-profile':
    case 'show-error':
      return { key, title: 'Could not open Claude Auth Tray', body, open: onProfile };
    case 'retry':
      return { key, title: 'Could not start Claude Auth Tray', body, open: { screen: 'profiles' } };
    case 'quit':
      return { key, title: 'Could not quit Claude Auth Tray', body, open: { screen: 'profiles' } };
    case 'unpin':
      return { key, title: 'Could not remove the project pin', body, open: { screen: 'profiles' } };
  }
}

/** Runs one tray action. Never rejects: a failure comes back as `{ ok: false, notice }`. */
export async function runTrayAction(a: TrayAction, p: TrayActionPorts): Promise<TrayOutcome> {
  const id = a.type === 'refresh' ? p.activeProfileId() : 'profileId' in a ? a.profileId : undefined;
  const fail = (e: unknown): TrayOutcome => ({
    ok: false,
    action: a.type,
    notice: trayFailureNotice(a, e, id ? { id, name: p.profileName(id) } : undefined),
  });
  try {
    switch (a.type) {
      case 'activate':
        await p.handlers['profiles:activate'](a.profileId);
        break;
      case 'refresh':
        if (!id) break;
        p.setRefreshing(true);
        try {
          await p.handlers['profiles:refresh'](id);
        } finally {
          p.setRefreshing(false);
        }
        break;
      case 'sign-in': {
        const r = await p.handlers['signin:start'](a.profileId);
        if (!r.started) return fail(r.message);
        // Claude.ai may show a code to paste back: the window's field for it is on the account.
        if (r.codeInWindow) p.openWindow({ screen: 'edit', profileId: a.profileId });
        break;
      }
      case 'toggle-start-at-login': {
        const s = p.settings();
        await p.handlers['settings:set']({ ...s, startAtLogin: !s.startAtLogin });
        break;
      }
      case 'add-profile':
        p.openWindow({ screen: 'add' });
        break;
      case 'open':
        p.openWindow({ screen: 'profiles' });
        break;
      case 'open-profile':
        p.openWindow({ screen: 'edit', profileId: a.profileId });
        break;
      case 'show-error': {
        // The state's message as the window shows it; clicking the notification opens the profile.
        const name = sanitizeForTerminal(p.profileName(a.profileId) ?? '') || 'this profile';
        return {
          ok: true,
          action: a.type,
          notice: {
            key: `tray|show-error|${a.profileId}`,
            title: `${name} needs attention`,
            body: redact(a.message),
            open: { screen: 'edit', profileId: a.profileId },
          },
        };
      }
      case 'retry':
        p.retry();
        break;
      case 'quit':
        p.quit();
        break;
      case 'unpin':
        p.unpin?.(a.dir);
        break;
    }
    return { ok: true, action: a.type };
  } catch (e) {
    return fail(e);
  }
}
