/**
 * The Claude.ai account screens (issue 14) in Chromium, against the real core through the test
 * bridge: a private Secret Service, a temp Claude config folder, the real Claude Code for `auth status`
 * and `auth logout`, and a `claude auth login` stand-in that prints Claude Code's page and code prompt
 * and signs in only when the right code reaches its stdin (Claude.ai's OAuth cannot run offline).
 * The folder dialog is the main process's (a twin here). Selectors are roles and labels only, so the
 * window's layout may change around them; axe must find nothing on each account screen.
 */
import '../../scripts/offline-guard.cjs'; // the core in this process stays on loopback
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppApi } from '../../main/core/app-api';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { startBridge, type Bridge } from '../support/bridge-server';
import { filesWithTokens, login, loginWrapper, realClaudeEnv } from '../support/claude-accounts';
import { CLI, ROOT, sandbox, type Sandbox } from '../support/cli';
import { coreApp } from '../support/core-app';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { trayMenuHtml } from '../support/tray-menu-html';

let kr: PrivateKeyring;
let sb: Sandbox;
let app: AppApi;
let bridge: Bridge;
let wrap: ReturnType<typeof loginWrapper>;
/** What the main process's folder dialog answers next (undefined: the user cancelled). */
const dialog: { folder?: string; titles: string[] } = { titles: [] };

test.beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  sb = sandbox();
  const wdir = path.join(sb.home, 'wrap');
  fs.mkdirSync(wdir);
  wrap = loginWrapper(wdir);
  const env = {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(),
    CLAUDE_AUTH_TRAY_CLAUDE_BIN: wrap.bin,
  };
  app = coreApp(env, sb.home, { chooseFolder: async (title) => (dialog.titles.push(title), dialog.folder) }, CLI);
  // Claude Code's own login as the default account, so the window lists accounts from the start.
  app.svc.add({ kind: 'claude-ai', name: 'Default' });
  app.start();
  bridge = await startBridge(app, path.join(ROOT, 'dist', 'renderer'));
});

test.afterAll(async () => {
  await bridge?.close();
  app?.stop();
  sb?.cleanup();
  await kr?.stop();
});

async function axe(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  expect(
    r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** The "Add a Claude.ai account" form: on the page, or behind the window's "Add account". */
async function addAccountForm(page: Page): Promise<Locator> {
  const region = page.getByRole('region', { name: 'Add a Claude.ai account' });
  const opener = page.getByRole('button', { name: 'Add account', exact: true });
  await expect(region.or(opener).first()).toBeVisible();
  if (!(await region.isVisible())) await opener.click();
  await expect(region).toBeVisible();
  return region;
}

/** Brings a profile's details into view when the window shows one profile at a time (a list entry to click). */
async function show(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation');
  if ((await nav.count()) === 0) return;
  const entry = nav.getByRole('button', { name: new RegExp(`^${name}\\b`) });
  if ((await entry.count()) > 0) await entry.first().click();
}

test('add an account with a pasted code, sign out, sign in again as someone else, pin and unpin a project; the tray follows', async ({
  page,
}, info) => {
  const theme = info.project.name;
  const name = `Work ${theme}`;
  const first = login(`W${theme.toUpperCase()}`, 'max');
  const code = `CANARYCODE${theme}${Date.now()}#state`;
  wrap.next(first, { code });
  await page.goto(bridge.url);

  // Add: Claude Code's page and its code prompt appear; a wrong code is refused, the right one signs in.
  const form = await addAccountForm(page);
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  await form.getByRole('button', { name: 'Sign in with Claude' }).click();
  const codeField = page.getByRole('textbox', { name: 'Code from Claude.ai' });
  await expect(codeField).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Sign-in page' })).toHaveValue(
    'https://claude.com/cai/oauth/authorize?code=true&state=test',
  );
  await axe(page, 'add account, waiting for the code');
  await codeField.fill('WRONGCODE');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'did not accept that code' })).toBeVisible();
  await codeField.fill(code);
  await page.getByRole('button', { name: 'Send code' }).click();
  await show(page, name);
  await expect(page.getByText(`${first.email} · Max · ${first.org}`)).toBeVisible();

  // Sign out: Claude Code's own logout for that folder; the account offers Sign in.
  await page.getByRole('button', { name: `Sign out of ${name}` }).click();
  const signIn = page.getByRole('button', { name: `Sign in to ${name}` });
  await expect(signIn).toBeVisible();

  // Sign in again — in the browser the user picks another Claude.ai account: the profile follows.
  const second = login(`S${theme.toUpperCase()}`, 'team');
  const code2 = `CANARYCODE2${theme}${Date.now()}#state`;
  wrap.next(second, { code: code2 });
  await signIn.click();
  const group = page.getByRole('group', { name: `Sign-in of ${name}` });
  await expect(group).toBeVisible();
  await axe(page, 'sign in, waiting for the code');
  await group.getByRole('textbox', { name: 'Code from Claude.ai' }).fill(code2);
  await group.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(`${second.email} · Team · ${second.org}`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Sign out of ${name}` })).toBeVisible();
  await expect(group).toHaveCount(0);

  // Pin to a project: the folder comes from the main process's dialog; Cancel there changes nothing.
  const proj = path.join(sb.home, `proj-${theme}`);
  fs.mkdirSync(proj);
  const pinButton = page.getByRole('button', { name: `Pin ${name} to a project…` });
  dialog.folder = undefined;
  await pinButton.click();
  await expect.poll(() => dialog.titles.length).toBe(1);
  await expect(page.getByRole('listitem', { name: `Pin ${proj}` })).toHaveCount(0);
  dialog.folder = proj;
  await pinButton.click();
  await expect(page.getByRole('status').filter({ hasText: `Pinned ${proj} to ${name}` })).toBeVisible();
  await show(page, name);
  const pin = page.getByRole('listitem', { name: `Pin ${proj}` });
  await expect(pin).toBeVisible();
  const local = path.join(proj, '.claude', 'settings.local.json');
  const storage = (JSON.parse(fs.readFileSync(local, 'utf8')) as { env: Record<string, string> }).env
    .CLAUDE_SECURESTORAGE_CONFIG_DIR;
  expect(storage).toContain(path.join(sb.appDir, 'accounts'));
  await axe(page, 'account with a project pin');

  // The tray, from the same snapshot: the account by email and plan, pinned in one project, the pin listed.
  const s = app.snapshot();
  const model = trayMenuModel({
    profiles: s.profiles,
    warnings: s.warnings,
    refreshing: false,
    startAtLogin: false,
    now: Date.now(),
    pins: s.pins ?? [],
  });
  const tray = await page.context().newPage();
  await tray.setContent(trayMenuHtml(model, path.join(ROOT, 'assets')));
  const menu = tray.getByRole('menu', { name: 'Claude Auth Tray' });
  await expect(
    menu.getByRole('menuitemradio', { name: `${second.email} — Team · ${name} · pinned in 1 project`, exact: true }),
  ).toHaveCount(1);
  await expect(
    menu.getByRole('menuitem', { name: `proj-${theme} → ${second.email} — Team · ${name}`, exact: true }),
  ).toHaveCount(1);
  await tray.close();

  // Remove pin: the list loses its entry, and the folder the file this app created for the pin
  // (nothing else was in it) — the project is as it was before.
  await pin.getByRole('button', { name: `Remove pin ${proj}` }).click();
  await expect(page.getByRole('listitem', { name: `Pin ${proj}` })).toHaveCount(0);
  expect(fs.existsSync(local)).toBe(false);
  expect(fs.existsSync(path.dirname(local))).toBe(false);

  // The codes went to Claude Code's stdin only: not in the page, not in a file.
  const html = await page.content();
  expect(html).not.toContain(code);
  expect(html).not.toContain(code2);
  expect(filesWithTokens([sb.home], [code, code2, 'WRONGCODE'])).toEqual([]);
});
