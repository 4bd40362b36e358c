/**
 * The real renderer in Chromium, against the real core (private Secret Service, temp Claude config
 * folder, a fake Anthropic API on 127.0.0.1) through the test bridge. Every screen is checked with
 * axe and photographed under test-results/screens/<theme>/.
 */
import '../../scripts/offline-guard.cjs'; // the core in this process stays on loopback
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppApi } from '../../main/core/app-api';
import type { CommandConfirmRequest } from '../../main/core/command-confirm';
import { startBridge, type Bridge } from '../support/bridge-server';
import { canaryKey, CLI, filesContaining, ROOT, sandbox, sh, type Sandbox } from '../support/cli';
import { coreApp } from '../support/core-app';
import { startFakeAdmin } from '../support/fake-admin-api';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { gapBetween, paintedContrast, wrapsInside } from '../support/layout';

let kr: PrivateKeyring;
let api: FakeAnthropic;
let sb: Sandbox;
let app: AppApi;
/** The main process's command dialog (a twin: the user allows), asked before a command is saved. */
const asked: CommandConfirmRequest[] = [];
let bridge: Bridge;
let env: NodeJS.ProcessEnv;

test.beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  api = await startFakeAnthropic();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  fs.mkdirSync(path.join(sb.home, '.aws'));
  fs.writeFileSync(
    path.join(sb.home, '.aws', 'config'),
    '[profile prod]\nsso_session = corp\nregion = us-west-2\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n[profile dev]\nregion = eu-west-1\n',
  );
  app = coreApp(env, sb.home, { apiBaseUrl: api.url, confirmCommand: async (req) => (asked.push(req), true) }, CLI);
  app.start();
  bridge = await startBridge(app, path.join(ROOT, 'dist', 'renderer'));
});

test.afterAll(async () => {
  await bridge?.close();
  app?.stop();
  await api?.close();
  sb?.cleanup();
  await kr?.stop();
});

// The window's own size (main/electron/window.ts): the pictures show what people see.
test.use({ viewport: { width: 760, height: 520 } });

/** A profile in the sidebar (a button with its name and state). */
const sideItem = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${name}( \\(active\\))?:`) });

const settings = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));

async function screen(page: Page, info: TestInfo, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
  const dir = path.join(ROOT, 'test-results', 'screens', info.project.name);
  fs.mkdirSync(dir, { recursive: true });
  // No caret or focus ring from the last fill in the pictures (the README shows them).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test('the whole journey: keys, helper, Bedrock, doctor — in light and dark', async ({ page }, info) => {
  const theme = info.project.name;
  const good = canaryKey(`GOOD${theme.toUpperCase()}`);
  const revoked = canaryKey(`REVOKED${theme.toUpperCase()}`);
  api.revoked.add(revoked);
  await page.goto(bridge.url);

  // Empty state or the list from the previous project run.
  await expect(page.getByRole('heading', { level: 1, name: 'Claude Auth Tray' })).toBeVisible();
  if (theme === 'light') {
    await expect(page.getByRole('heading', { name: 'No profiles yet' })).toBeVisible();
    await screen(page, info, '01-profiles-empty');
  }

  // Add a key → check it (good, then revoked) → save and activate.
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByLabel('Provider').selectOption('anthropic-api-key');
  await page.getByLabel('Name').fill(`Work key ${theme}`);
  const keyInput = page.getByLabel('API key');
  await expect(keyInput).toHaveAttribute('type', 'password');
  await keyInput.fill(good);
  await page.getByRole('button', { name: 'Check key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Valid: the key works.' })).toBeVisible();
  await screen(page, info, '02-add-key-valid');
  await keyInput.fill(revoked);
  await page.getByRole('button', { name: 'Check key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Revoked or mistyped' })).toBeVisible();
  await screen(page, info, '03-add-key-revoked');
  await keyInput.fill(good);
  await page.getByRole('button', { name: 'Save and use' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved and activated “Work key ${theme}”` })).toBeVisible();
  const helper = settings().apiKeyHelper as string;
  expect(helper).toContain('api-key --profile work-key-');
  expect(sh(helper, env).stdout).toBe(`${good}\n`);
  expect(await page.content()).not.toContain(good);

  // The new profile is the one highlighted in the sidebar (not "Add profile"); its detail: active marker and the masked hint only.
  await expect(sideItem(page, `Work key ${theme}`)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('button', { name: 'Add profile' })).not.toHaveAttribute('aria-current', 'page');
  await sideItem(page, `Work key ${theme}`).click();
  const row = page.getByRole('region', { name: `Work key ${theme}` });
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await expect(row).toContainText(`sk-ant-…${good.slice(-4)}`);
  await screen(page, info, '04-profiles');

  // Helper profile → Save and run (only a saved command runs): a failing helper shows its error, then a working one.
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByLabel('Provider').selectOption('api-key-helper');
  await page.getByLabel('Name').fill(`Vault ${theme}`);
  const failing = path.join(sb.home, `failing-${theme}.sh`);
  fs.writeFileSync(failing, '#!/bin/sh\necho "vault: permission denied (is the VPN on?)" >&2\nexit 3\n', {
    mode: 0o755,
  });
  await page.getByLabel('Command').fill(`'${failing}'`);
  await page.getByRole('button', { name: 'Save and run' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The helper failed after' });
  await expect(alert).not.toContainText('helper-exit');
  await expect(alert).toContainText('exited with code 3: “vault: permission denied (is the VPN on?)”.');
  await alert.scrollIntoViewIfNeeded();
  await screen(page, info, '05-helper-error');
  const working = path.join(sb.home, `working-${theme}.sh`);
  fs.writeFileSync(working, `#!/bin/sh\necho ${good}\n`, { mode: 0o755 });
  await page.getByLabel('Command').fill(`'${working}'`);
  await page.getByRole('button', { name: 'Save and run' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Worked in \d+ ms: sk-ant-…/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Saved “Vault ${theme}”` })).toBeVisible();
  // Each save of a new command waited for the main process's dialog (in addition to the window's button).
  expect(asked.filter((r) => r.profileName === `Vault ${theme}`).map((r) => [r.why, r.command])).toEqual([
    ['new-command', `'${failing}'`],
    ['changed-command', `'${working}'`],
  ]);

  // Switch to Bedrock (SSO, from ~/.aws/config) → the env block is right.
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByLabel('Provider').selectOption('bedrock');
  await page.getByLabel('Name').fill(`Bedrock ${theme}`);
  await page.getByLabel('AWS region').fill('us-west-2');
  await page.getByLabel('How to authenticate').selectOption('sso');
  await page.getByLabel('AWS profile').selectOption('prod');
  await page.getByLabel('Model (optional)', { exact: true }).fill('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  await screen(page, info, '06-add-bedrock');
  await page.getByRole('button', { name: 'Save and use' }).click();
  // No SSO session here: it says so, with the sign-in (issue 17: it said "Saved and activated" only).
  const savedBedrock = page.getByRole('status').filter({ hasText: `Saved and activated “Bedrock ${theme}”` });
  await expect(savedBedrock).toBeVisible();
  await expect(savedBedrock).toContainText('but it is not signed in');
  await expect(savedBedrock.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const s = settings();
  expect(s.env).toEqual({
    CLAUDE_CODE_USE_BEDROCK: '1',
    AWS_REGION: 'us-west-2',
    AWS_PROFILE: 'prod',
    ANTHROPIC_MODEL: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  });
  expect(s.awsAuthRefresh).toBe('aws sso login --profile prod');
  expect(s.apiKeyHelper).toBeUndefined();
  await screen(page, info, '07-edit-bedrock');
  // The state pill has room above the first field (issue 17: "Not signed in" touched the Name label).
  expect
    .soft(await gapBetween(page.locator('.badge').first(), page.getByText('Name *', { exact: true })))
    .toBeGreaterThanOrEqual(14);

  // The other providers' forms (checked with axe and photographed too).
  for (const [kind, shot] of [
    ['claude-ai', '08a-add-claude-ai'],
    ['vertex', '08b-add-vertex'],
    ['foundry', '08c-add-foundry'],
  ] as const) {
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByLabel('Provider').selectOption(kind);
    if (kind !== 'foundry') {
      // The provider's own login on this machine, read by the real core before any profile exists.
      const login = page.getByRole('group', { name: 'Current login on this computer' });
      await expect(login.getByText('Not signed in')).toBeVisible();
      await expect(
        login.getByRole('button', { name: kind === 'vertex' ? 'Sign in' : 'Sign in with Claude' }),
      ).toBeVisible();
    }
    await screen(page, info, shot);
    if (kind === 'claude-ai') {
      // A disabled primary button stays readable (issue 17: a low-contrast brown in dark mode).
      const save = page.getByRole('button', { name: 'Save profile' });
      await expect(save).toBeDisabled();
      expect.soft(await paintedContrast(save)).toBeGreaterThanOrEqual(4.5);
    }
  }
  await page.getByLabel('How to authenticate').selectOption('api-key');
  await expect(page.getByLabel(/in plain text/)).toBeVisible();

  // Settings screen.
  await page.getByRole('button', { name: 'Settings' }).click();
  // A switch applies at once (no Save button).
  await page.getByLabel('1 hour before expiry').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Save/ })).toHaveCount(0);
  await screen(page, info, '08-settings');

  // Team: an Admin key (never activatable), a bulk invite with progress, a bundle round trip.
  const adminKey = `sk-ant-admin01-E2E${theme.toUpperCase()}-not-real-000000`;
  const admin = await startFakeAdmin(adminKey, ['member0@example.com']);
  admin.throttleEvery = 7;
  try {
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByLabel('Provider').selectOption('anthropic-admin-key');
    await page.getByLabel('Name').fill(`Admin ${theme}`);
    await page.getByLabel('API key').fill(adminKey);
    await page.getByLabel('Base URL (optional)').fill(admin.url);
    await expect(page.getByRole('button', { name: 'Save and use' })).toHaveCount(0);
    // An Admin key is checked against the Admin API (it has no access to /v1/models).
    await page.getByRole('button', { name: 'Check key' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Valid: the key works.' })).toBeVisible();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved “Admin ${theme}”` })).toBeVisible();
    await page.getByRole('button', { name: 'Team' }).click();
    if (await page.getByLabel('Admin key').count())
      await page.getByLabel('Admin key').selectOption({ label: `Admin ${theme}` });
    const people = Array.from({ length: 30 }, (_, i) => `dev${i}.${theme}@example.com`).concat([
      'member0@example.com',
      'not-an-email',
    ]);
    await page.getByLabel('Email addresses').fill(people.map((e) => `${e},claude_code_user`).join('\n'));
    await page.getByRole('button', { name: 'Send invites' }).click();
    // One summary line and only the exceptions (issue 17: 30 "Invited" rows made a 2,400 px page).
    const summary = page
      .getByRole('status')
      .filter({ hasText: '30 invited · 1 already a member · 1 not an email address' });
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary.getByRole('row')).toHaveCount(3);
    expect(admin.invites.map((i) => i.email).sort()).toEqual(people.slice(0, 30).sort());
    await summary.scrollIntoViewIfNeeded();
    await screen(page, info, '11-team-invited');
    await page.getByRole('button', { name: 'Shared setups' }).click();
    await page.getByRole('button', { name: 'Export bundle' }).click();
    const bundle = await page.getByLabel(/Bundle \(copy it/).inputValue();
    expect(JSON.parse(bundle)).toMatchObject({
      format: 'claude-auth-tray-bundle',
      profile: { kind: 'bedrock', name: `Bedrock ${theme}` },
    });
    await page.getByLabel(/Import a bundle/).fill(bundle.replace(`"Bedrock ${theme}"`, `"Bedrock ${theme} copy"`));
    await page.getByRole('button', { name: 'Show what it sets' }).click();
    await expect(page.getByLabel('What the bundle sets')).toContainText('env.CLAUDE_CODE_USE_BEDROCK = 1');
    await page.getByRole('button', { name: 'Import as a new profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Imported “Bedrock ${theme} copy”` })).toBeVisible();
    await screen(page, info, '12-team-bundle');
    expect(await page.content()).not.toContain(adminKey);
  } finally {
    await admin.close();
  }

  // Doctor finds a planted plaintext key; its fix moves it into the keychain.
  const planted = canaryKey(`PLANTED${theme.toUpperCase()}`);
  const projectSettings = path.join(sb.home, '.claude', 'settings.local.json');
  fs.mkdirSync(path.dirname(projectSettings), { recursive: true });
  fs.writeFileSync(
    projectSettings,
    JSON.stringify({ permissions: { allow: ['Bash(ls)'] }, env: { ANTHROPIC_API_KEY: planted } }, null, 2),
  );
  await page.getByRole('button', { name: 'Doctor' }).click();
  // The doctor's finding (the same sentence may also be a warning banner once the snapshot has it).
  await expect(
    page.locator('.finding').getByText(/ANTHROPIC_API_KEY is stored in plain text in local settings/),
  ).toBeVisible();
  await screen(page, info, '09-doctor-finding');
  // A long path stays on one line, elided in the middle, its full path the text and the tooltip
  // (issue 17: it wrapped inside a folder name), also in a narrow pane.
  const finding = page.locator('.finding').filter({ hasText: 'ANTHROPIC_API_KEY' }).locator('p').first();
  const pathEl = finding.locator('.path').first();
  const full = (await pathEl.getAttribute('title')) ?? '';
  expect(full).toContain('settings.local.json');
  expect(await pathEl.textContent()).toBe(full);
  await page.setViewportSize({ width: 480, height: 520 });
  expect(await wrapsInside(finding, full)).toEqual([]);
  expect(await finding.locator('.path-head').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const [pathBox, findingBox] = [await pathEl.boundingBox(), await finding.boundingBox()];
  expect(pathBox!.x + pathBox!.width).toBeLessThanOrEqual(findingBox!.x + findingBox!.width + 1);
  await screen(page, info, '09b-doctor-narrow');
  await page.setViewportSize({ width: 760, height: 520 });
  await page.getByRole('button', { name: 'Move this key into the keychain' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'into the keychain as "Imported key' })).toBeVisible();
  // "No problems found" is an empty state centred in the detail pane with its one action, not bare text.
  const clean = page.getByRole('region', { name: 'No problems found' });
  await expect(clean).toHaveClass(/empty/);
  await expect(clean.getByRole('button')).toHaveText(['Check again']);
  await screen(page, info, '10-doctor-fixed');
  // A key from a project's file is pinned to that project (as `use --project`), not made active
  // everywhere: the file runs this app's helper for the moved key, the user's own keys stay.
  const imported = app.snapshot().profiles.find((v) => /^Imported key/.test(v.profile.name))!;
  expect(imported.active).toBe(false);
  const pinned = JSON.parse(fs.readFileSync(projectSettings, 'utf8')) as {
    permissions: unknown;
    env: Record<string, string>;
    apiKeyHelper: string;
  };
  expect(pinned.permissions).toEqual({ allow: ['Bash(ls)'] });
  expect(pinned.env.CLAUDE_AUTH_TRAY_PROFILE).toBe(imported.profile.id);
  expect(JSON.stringify(pinned)).not.toContain(planted); // the key left the file
  expect(pinned.apiKeyHelper).toContain(`api-key --profile ${imported.profile.id}`);
  const lookup = spawnSync('secret-tool', ['lookup', 'service', 'claude-auth-tray', 'username', imported.profile.id], {
    env,
    encoding: 'utf8',
  });
  expect(lookup.stdout).toBe(planted);
  expect(sh(pinned.apiKeyHelper, env).stdout).toBe(`${planted}\n`);

  // Every kind of profile in the sidebar, one selected (the README's picture of the window).
  await expect(sideItem(page, `Bedrock ${theme} copy`)).toBeVisible();
  await sideItem(page, `Work key ${theme}`).click();
  await expect(page.getByRole('region', { name: `Work key ${theme}` })).toBeVisible();
  await screen(page, info, '13-profiles-all');

  // Removing by keyboard (desktop audit): the focus follows the confirmation, Escape backs out, and
  // after the removal it is on the next profile's heading, not dropped to the page.
  const copy = `Bedrock ${theme} copy`;
  await sideItem(page, copy).click();
  await page.getByRole('button', { name: `Remove ${copy}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Keep ${copy}` })).toBeFocused();
  await screen(page, info, '14-remove-confirm');
  await page.getByRole('button', { name: `Keep ${copy}` }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: `Remove ${copy}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: `Confirm removing ${copy}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(sideItem(page, copy)).toHaveCount(0);
  await expect(page.locator('main h2')).toBeFocused();

  // No secret reached the page, and none is in any file but the keychain.
  const html = await page.content();
  for (const k of [good, revoked, planted, adminKey]) {
    expect(html).not.toContain(k);
    expect(filesContaining([sb.appDir, sb.claudeDir, path.join(sb.home, '.claude')], k)).toEqual([]);
  }
});
