import type { AuthState, AuthStatus } from '../../common/auth-state';
import type { ProfileView } from '../../common/ipc-contract';
import { isActivatable, PROVIDER_LABEL } from '../../common/profile-kinds';
import { providerOf } from '../../common/providers';
import { sanitizeForTerminal } from '../../common/terminal-text';
import { accountSignInItems, pinItems } from './accounts/account-tray-items';
import { profileMenuLabel, type PinView } from './accounts/account-menu';
import { humanDuration } from './human-time';
import { fitTrayTooltip, shorten } from './tray-tooltip';
import { spendLine } from '../../common/usage-text';
import { usageLines } from './usage/usage-views';

export type TrayIcon = 'ok' | 'expiring' | 'expired' | 'error' | 'refreshing';

export type TrayAction =
  | { readonly type: 'activate'; readonly profileId: string }
  | { readonly type: 'refresh' }
  | { readonly type: 'sign-in'; readonly profileId: string }
  | { readonly type: 'add-profile' }
  /** Opens the window at one profile (issue 17: "Replace key…", "Edit helper…"). */
  | { readonly type: 'open-profile'; readonly profileId: string }
  /** Shows a profile's error in a notification (the tray has no window to show it in). */
  | { readonly type: 'show-error'; readonly profileId: string; readonly message: string }
  | { readonly type: 'open' }
  | { readonly type: 'unpin'; readonly dir: string }
  | { readonly type: 'toggle-start-at-login' }
  /** After a problem that stopped the app from starting (an unreadable profiles.json): start again. */
  | { readonly type: 'retry' }
  | { readonly type: 'quit' };

export type TrayItem =
  | { readonly kind: 'header'; readonly label: string }
  | { readonly kind: 'separator' }
  | { readonly kind: 'action'; readonly label: string; readonly action: TrayAction; readonly enabled?: boolean }
  | { readonly kind: 'radio'; readonly label: string; readonly checked: boolean; readonly action: TrayAction }
  | { readonly kind: 'checkbox'; readonly label: string; readonly checked: boolean; readonly action: TrayAction };

export interface TrayModel {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

export interface TrayInput {
  readonly profiles: readonly ProfileView[];
  /** Warnings to surface (a Claude Code mismatch first): shown as a line that opens the window. */
  readonly warnings?: readonly { readonly kind: string; readonly message: string }[];
  readonly refreshing: boolean;
  readonly startAtLogin: boolean;
  /** Projects pinned to a profile (issue 14): listed with a way to remove the pin. */
  readonly pins?: readonly PinView[];
  readonly now: number;
  /** process.platform: on win32 the tooltip is fitted into the 127 characters Windows shows. */
  readonly platform?: string;
}

/** "valid", "expires in 42 min", "expired", "key rejected", … for a menu line. */
export function statusPhrase(s: AuthState, now: number): string {
  const left = s.expiresAt === undefined ? undefined : s.expiresAt - now;
  switch (s.status) {
    case 'ok':
      if (left !== undefined && s.detail.kind === 'session') return `expires in ${humanDuration(left)}`;
      return s.detail.kind === 'valid' || s.detail.kind === 'cached' || s.detail.kind === 'no-expiry'
        ? 'valid'
        : s.detail.kind === 'logged-in'
          ? 'signed in'
          : 'ok';
    case 'expiring':
      return left !== undefined ? `expires in ${humanDuration(left)}` : 'expiring';
    case 'expired':
      return s.detail.kind === 'not-logged-in' ? 'not signed in' : 'expired';
    case 'invalid':
      return 'key rejected';
    case 'error':
      // Never set up here (an AWS profile with no credentials or SSO settings): the CLI's words too.
      return s.detail.kind === 'not-logged-in' ? 'not signed in' : 'needs attention';
    case 'unknown':
      return s.detail.kind === 'no-check' ? 'in the keychain, no check' : 'not checked';
  }
}

const ICON_FOR: Readonly<Record<AuthStatus, TrayIcon>> = {
  ok: 'ok',
  unknown: 'ok',
  expiring: 'expiring',
  expired: 'expired',
  invalid: 'error',
  error: 'error',
};

/** The tray menu as data (issue 5). Pure: Electron's Menu is built from this by the adapter. */
export function trayMenuModel(input: TrayInput): TrayModel {
  const active = input.profiles.find((p) => p.active);
  const name = active ? sanitizeForTerminal(active.profile.name) : undefined;
  const header = active
    ? `${name} · ${statusPhrase(active.state, input.now)}`
    : input.profiles.length === 0
      ? 'No profiles yet'
      : 'No active profile';
  const items: TrayItem[] = [{ kind: 'header', label: header }];
  if (active) items.push({ kind: 'header', label: PROVIDER_LABEL[active.profile.kind] });
  const warning = input.warnings?.find((w) => w.kind === 'claude-code-mismatch') ?? input.warnings?.[0];
  if (warning)
    items.push({
      kind: 'action',
      label: `⚠ ${shorten(sanitizeForTerminal(warning.message), 58)}`,
      action: { type: 'open' },
    });
  items.push({ kind: 'separator' });
  for (const v of input.profiles.filter((x) => isActivatable(x.profile.kind))) {
    items.push({
      kind: 'radio',
      label: profileMenuLabel(v, input.pins),
      checked: v.active,
      action: { type: 'activate', profileId: v.profile.id },
    });
    // Issue 15: how much of the subscription is used, and what an organisation spends.
    for (const line of v.usage ? usageLines(v.usage, input.now) : [])
      items.push({ kind: 'header', label: `    ${line}` });
    if (v.spend) items.push({ kind: 'header', label: `    ${spendLine(v.spend, input.now)}` });
  }
  if (input.profiles.length) items.push({ kind: 'separator' });
  items.push(...pinItems(input));
  items.push({
    kind: 'action',
    label: input.refreshing ? 'Refreshing…' : 'Refresh now',
    action: { type: 'refresh' },
    enabled: Boolean(active) && !input.refreshing,
  });
  if (active && active.state.next === 'sign-in')
    items.push({ kind: 'action', label: 'Sign in again…', action: { type: 'sign-in', profileId: active.profile.id } });
  if (active) items.push(...nextStepItems(active));
  items.push(...accountSignInItems(input.profiles));
  items.push(
    { kind: 'action', label: 'Add profile…', action: { type: 'add-profile' } },
    { kind: 'action', label: 'Open Claude Auth Tray…', action: { type: 'open' } },
    { kind: 'separator' },
    {
      kind: 'checkbox',
      label: 'Start at login',
      checked: input.startAtLogin,
      action: { type: 'toggle-start-at-login' },
    },
    { kind: 'action', label: 'Quit', action: { type: 'quit' } },
  );
  const base: TrayIcon = active ? ICON_FOR[active.state.status] : 'ok';
  // A mismatch (Claude Code does not use the active profile) is worth the expiring badge at least.
  const icon: TrayIcon = input.refreshing
    ? 'refreshing'
    : warning?.kind === 'claude-code-mismatch' && base === 'ok'
      ? 'expiring'
      : base;
  // A menu line may be cut at 58 characters (issue 17); the tooltip keeps the whole text, but on Windows.
  const tooltip = fitTrayTooltip(
    {
      head: 'Claude Auth Tray',
      ...(active && name !== undefined ? { name, state: statusPhrase(active.state, input.now) } : {}),
      ...(warning ? { tail: `⚠ ${sanitizeForTerminal(warning.message)}` } : {}),
    },
    input.platform ?? '',
  );
  return { icon, tooltip, items };
}

/**
 * The next step for a rejected key or a failing helper (issue 17): the tray offers what fixes it,
 * in the window's words (never a CLI flag or an internal code).
 */
function nextStepItems(v: ProfileView): TrayItem[] {
  const id = v.profile.id;
  if (v.state.next === 'replace-key')
    return [{ kind: 'action', label: 'Replace key…', action: { type: 'open-profile', profileId: id } }];
  if (v.state.next !== 'fix-helper') return [];
  const command = providerOf(v.profile.kind).command?.replace(/^key /, '') ?? 'helper';
  return [
    {
      kind: 'action',
      label: 'Show error…',
      action: { type: 'show-error', profileId: id, message: sanitizeForTerminal(v.state.detail.message) },
    },
    { kind: 'action', label: `Edit ${command}…`, action: { type: 'open-profile', profileId: id } },
  ];
}

/** What stops the app from working, said as the user can act on it (errors are values, rule 6). */
export interface TrayProblem {
  readonly message: string;
  readonly nextStep?: string;
}

/**
 * The menu when the app cannot show its profiles (profiles.json unreadable): what is wrong, what to
 * do, "Try again", the window and Quit. Pure, like trayMenuModel.
 */
export function trayProblemModel(p: TrayProblem, platform = ''): TrayModel {
  const title = 'Claude Auth Tray cannot read its profiles';
  const items: TrayItem[] = [
    { kind: 'header', label: title },
    { kind: 'header', label: p.message },
    ...(p.nextStep ? [{ kind: 'header' as const, label: p.nextStep }] : []),
    { kind: 'separator' },
    { kind: 'action', label: 'Try again', action: { type: 'retry' } },
    { kind: 'action', label: 'Open Claude Auth Tray…', action: { type: 'open' } },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', action: { type: 'quit' } },
  ];
  return { icon: 'error', tooltip: fitTrayTooltip({ head: title, tail: p.message }, platform), items };
}

/** Equality for "rebuild the menu only when the state changes". */
export function sameModel(a: TrayModel | undefined, b: TrayModel): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
