/**
 * Outside text in the window (desktop audit): profile names from a hand-edited profiles.json and
 * what `claude auth status` recorded (an organisation names itself) — markup, bidi overrides and
 * long unbroken strings — in the real renderer in Chromium, at the window's own size.
 */
import '../../scripts/offline-guard.cjs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bridge } from '../support/bridge-server';
import { ROOT } from '../support/cli';
import { windowWithProfiles, type WindowWithProfiles } from '../support/window-with-profiles';

let win: WindowWithProfiles | undefined;
let bridge: Bridge;

const LONG = 'x'.repeat(80);
const MARKUP = '<img src=x onerror=alert(1)>';
const SPOOF = 'Work\u202e yek';

test.beforeAll(async () => {
  win = await windowWithProfiles((home, at) => {
    const dir = path.join(home, 'acct');
    fs.mkdirSync(dir);
    return [
      { id: 'long-1', name: LONG, createdAt: at, kind: 'anthropic-api-key' },
      { id: 'markup-1', name: MARKUP, createdAt: at, kind: 'anthropic-api-key' },
      {
        id: 'acct-1',
        name: SPOOF,
        createdAt: at,
        kind: 'claude-ai',
        storageDir: dir,
        email: `${'e'.repeat(250)}@corp.example`,
        organization: 'O'.repeat(200),
        subscriptionType: 'team',
      },
    ];
  });
  bridge = win.bridge;
});

test.afterAll(async () => {
  await win?.stop();
});

test.use({ viewport: { width: 760, height: 520 } });

test('names and account details from outside stay text, in one piece, inside the window', async ({ page }, info) => {
  await page.goto(bridge.url);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: new RegExp(`^${LONG}`) })).toBeVisible();
  // Markup is text: no image element made from a name.
  await expect(page.locator('img')).toHaveCount(0);
  await expect(nav.getByText(MARKUP)).toBeVisible();
  for (const name of [LONG, 'Work yek']) {
    await nav.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await expect(page.locator('main h2')).toHaveText(name);
    // Nothing wider than the window: no sideways scrolling of the page or the pane.
    const widths = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      return { page: document.documentElement.scrollWidth, main: main.scrollWidth - main.clientWidth };
    });
    expect(widths.page, name).toBeLessThanOrEqual(760);
    expect(widths.main, name).toBeLessThanOrEqual(0);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    const dir = path.join(ROOT, 'test-results', 'screens', info.project.name);
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `hostile-${name === LONG ? 'long' : 'account'}.png`) });
  }
  expect(await page.content()).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
});
