import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS_MIN, type AppSettings } from '../../common/app-settings';
import { AppError } from '../../common/errors';
import {
  explainError,
  runTrayAction,
  trayFailureNotice,
  type TrayActionPorts,
  type WindowNav,
} from '../../main/core/tray-actions';
import type { TrayAction } from '../../main/core/tray-menu-model';

const SETTINGS: AppSettings = {
  version: 1,
  notifyThresholdsMin: [...DEFAULT_THRESHOLDS_MIN],
  mutedProfiles: [],
  startAtLogin: false,
};
const NAMES: Record<string, string> = { 'work-1': 'Work key', 'bed-key': 'Bedrock key' };
const SECRET = 'sk-ant-api03-TRAYSECRET-abcdefghijklmnop';

/** A twin of the handlers and the tray's other ports: records calls, fails on demand. */
function twin(fail: Partial<Record<string, unknown>> = {}, active: string | null = 'work-1') {
  const calls: [string, unknown][] = [];
  const opened: WindowNav[] = [];
  const refreshing: boolean[] = [];
  let quits = 0;
  const handler =
    <R>(name: string, value: R) =>
    async (arg: unknown): Promise<R> => {
      calls.push([name, arg]);
      if (name in fail) throw fail[name];
      return value;
    };
  const ports: TrayActionPorts = {
    handlers: {
      'profiles:activate': handler('profiles:activate', {} as never),
      'profiles:refresh': handler('profiles:refresh', {} as never),
      'signin:start': handler('signin:start', { started: true, command: 'aws sso login', message: 'Started.' }),
      'settings:set': handler('settings:set', SETTINGS),
    },
    activeProfileId: () => active ?? undefined,
    profileName: (id) => NAMES[id],
    settings: () => SETTINGS,
    openWindow: (n) => {
      if ('openWindow' in fail) throw fail.openWindow;
      opened.push(n);
    },
    quit: () => void quits++,
    retry: () => void calls.push(['retry', undefined]),
    setRefreshing: (on) => void refreshing.push(on),
  };
  return { ports, calls, opened, refreshing, quits: () => quits };
}

const consent = new AppError({
  kind: 'plaintext-consent-required',
  message:
    'Claude Code reads AWS_BEARER_TOKEN_BEDROCK only from its environment, so activating "Bedrock key" would write that key into settings.json in plain text.',
  nextStep: 'Re-add the profile with --allow-plaintext-secret to accept this.',
});

describe('runTrayAction: every tray action ends in a result or a notice', () => {
  it('a switch calls profiles:activate and is ok', async () => {
    const t = twin();
    expect(await runTrayAction({ type: 'activate', profileId: 'work-1' }, t.ports)).toEqual({
      ok: true,
      action: 'activate',
    });
    expect(t.calls).toEqual([['profiles:activate', 'work-1']]);
  });

  it('a switch that is refused (no plaintext consent) becomes one notice with the reason and the next step', async () => {
    const t = twin({ 'profiles:activate': consent });
    const r = await runTrayAction({ type: 'activate', profileId: 'bed-key' }, t.ports);
    expect(r).toEqual({
      ok: false,
      action: 'activate',
      notice: {
        key: 'tray|activate|bed-key',
        title: 'Could not switch to Bedrock key',
        body: `${consent.message} Re-add the profile with --allow-plaintext-secret to accept this.`,
        open: { screen: 'edit', profileId: 'bed-key' },
      },
    });
  });

  it('an unexpected error shows a generic sentence: no stack, no message that might hold a secret', async () => {
    const t = twin({ 'profiles:activate': new TypeError(`cannot read ${SECRET} of undefined`) });
    const r = await runTrayAction({ type: 'activate', profileId: 'work-1' }, t.ports);
    expect(r.ok).toBe(false);
    const n = !r.ok ? r.notice : undefined;
    expect(n?.title).toBe('Could not switch to Work key');
    expect(n?.body).toBe(
      'Something went wrong in Claude Auth Tray. Try again; if it keeps happening, restart the app.',
    );
  });

  it("a typed error's text is redacted before it is shown", async () => {
    const leaky = new AppError({ kind: 'helper-exit', message: `The helper printed ${SECRET}.` });
    const t = twin({ 'profiles:refresh': leaky });
    const r = await runTrayAction({ type: 'refresh' }, t.ports);
    const body = !r.ok ? r.notice.body : '';
    expect(body).toBe('The helper printed sk-ant-…mnop.');
    expect(body).not.toContain(SECRET);
  });

  it('refresh shows "Refreshing…" until it ends, also when it fails; without an active profile it does nothing', async () => {
    const ok = twin();
    expect(await runTrayAction({ type: 'refresh' }, ok.ports)).toEqual({ ok: true, action: 'refresh' });
    expect(ok.calls).toEqual([['profiles:refresh', 'work-1']]);
    expect(ok.refreshing).toEqual([true, false]);
    const bad = twin({ 'profiles:refresh': new Error('boom') });
    const r = await runTrayAction({ type: 'refresh' }, bad.ports);
    expect(r).toMatchObject({
      ok: false,
      notice: { title: 'Could not refresh Work key', open: { screen: 'edit', profileId: 'work-1' } },
    });
    expect(bad.refreshing).toEqual([true, false]);
    const none = twin({}, null);
    expect(await runTrayAction({ type: 'refresh' }, none.ports)).toEqual({ ok: true, action: 'refresh' });
    expect(none.calls).toEqual([]);
    expect(none.refreshing).toEqual([]);
  });

  it('a sign-in that cannot start (the provider CLI is missing) is a notice, not silence', async () => {
    const t = twin();
    t.ports.handlers['signin:start'] = async () => ({
      started: false,
      command: 'aws sso login --profile prod',
      message: 'The AWS CLI is not installed.',
    });
    const r = await runTrayAction({ type: 'sign-in', profileId: 'bed-key' }, t.ports);
    expect(r).toMatchObject({
      ok: false,
      notice: { title: 'Could not start the sign-in for Bedrock key', body: 'The AWS CLI is not installed.' },
    });
  });

  it('a Claude.ai sign-in from the tray opens the window at that account, where its code field waits', async () => {
    const t = twin();
    t.ports.handlers['signin:start'] = async () => ({
      started: true,
      command: 'claude auth login',
      message: 'Claude Code opened Claude.ai in your browser.',
      codeInWindow: true,
    });
    expect(await runTrayAction({ type: 'sign-in', profileId: 'work-1' }, t.ports)).toEqual({
      ok: true,
      action: 'sign-in',
    });
    expect(t.opened).toEqual([{ screen: 'edit', profileId: 'work-1' }]);
    // A sign-in that takes no code (aws sso login) opens nothing.
    const aws = twin();
    await runTrayAction({ type: 'sign-in', profileId: 'bed-key' }, aws.ports);
    expect(aws.opened).toEqual([]);
  });

  it('"Start at login" flips the saved setting; a failure opens the settings screen', async () => {
    const t = twin();
    await runTrayAction({ type: 'toggle-start-at-login' }, t.ports);
    expect(t.calls).toEqual([['settings:set', { ...SETTINGS, startAtLogin: true }]]);
    const bad = twin({
      'settings:set': new AppError({ kind: 'io-error', message: 'The settings file is read-only.' }),
    });
    expect(await runTrayAction({ type: 'toggle-start-at-login' }, bad.ports)).toMatchObject({
      ok: false,
      notice: { title: 'Could not change "Start at login"', open: { screen: 'settings' } },
    });
  });

  it('open, add profile, try again and quit reach their ports', async () => {
    const t = twin();
    await runTrayAction({ type: 'open' }, t.ports);
    await runTrayAction({ type: 'add-profile' }, t.ports);
    await runTrayAction({ type: 'retry' }, t.ports);
    await runTrayAction({ type: 'quit' }, t.ports);
    expect(t.opened).toEqual([{ screen: 'profiles' }, { screen: 'add' }]);
    expect(t.calls).toEqual([['retry', undefined]]);
    expect(t.quits()).toBe(1);
  });

  it('when everything fails, every action still resolves, each with a titled notice', async () => {
    const boom = new Error('boom');
    const all = { 'profiles:activate': boom, 'profiles:refresh': boom, 'signin:start': boom, 'settings:set': boom };
    const t = twin({ ...all, openWindow: boom });
    const ports: TrayActionPorts = {
      ...t.ports,
      quit: () => {
        throw boom;
      },
      retry: () => {
        throw boom;
      },
    };
    const actions: TrayAction[] = [
      { type: 'activate', profileId: 'work-1' },
      { type: 'refresh' },
      { type: 'sign-in', profileId: 'work-1' },
      { type: 'add-profile' },
      { type: 'open' },
      { type: 'toggle-start-at-login' },
      { type: 'retry' },
      { type: 'quit' },
    ];
    for (const a of actions) {
      const r = await runTrayAction(a, ports);
      expect(r.ok, a.type).toBe(false);
      if (!r.ok) expect(r.notice.title, a.type).toMatch(/^Could not /);
    }
  });
});

describe('trayFailureNotice', () => {
  it('names a profile it does not know as "this profile"', () => {
    expect(trayFailureNotice({ type: 'activate', profileId: 'gone-1' }, consent).title).toBe(
      'Could not switch to this profile',
    );
  });
});

describe('explainError', () => {
  it('a typed error: its message and next step, redacted; anything else: a generic sentence', () => {
    expect(explainError(consent)).toEqual({ message: consent.message, nextStep: consent.nextStep });
    expect(explainError(new AppError({ kind: 'io-error', message: `bad ${SECRET}` }))).toEqual({
      message: 'bad sk-ant-…mnop',
    });
    const e = explainError(new Error(`/home/me/secret ${SECRET}`));
    expect(JSON.stringify(e)).not.toMatch(/home|TRAYSECRET/);
    expect(e).toEqual({
      message: 'Something went wrong in Claude Auth Tray.',
      nextStep: 'Try again; if it keeps happening, restart the app.',
    });
  });
});
