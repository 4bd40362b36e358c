/**
 * Long names in the sidebar (window audit): the name was cut off without a visible "…" (text-overflow
 * does not apply to the text of a flex box), and an active profile's "Active" mark was pushed out of
 * the item. Now the name ends in a visible "…" in both themes, the mark stays inside, and the full
 * name is the item's tooltip and in its accessible name. Measured in Chromium at the window's size.
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

const ACTIVE = 'Production workspace for the platform infrastructure team';
const OTHER = 'Staging environment of the payments reconciliation service';
const SHORT = 'Work';

test.beforeAll(async () => {
  win = await windowWithProfiles(
    (_home, at) => [
      { id: 'active-1', name: ACTIVE, createdAt: at, kind: 'anthropic-api-key' },
      { id: 'other-1', name: OTHER, createdAt: at, kind: 'anthropic-api-key' },
      { id: 'short-1', name: SHORT, createdAt: at, kind: 'anthropic-api-key' },
    ],
    'active-1',
  );
  bridge = win.bridge;
});

test.afterAll(async () => {
  await win?.stop();
});

test.use({ viewport: { width: 760, height: 520 } });

test('a long name ends in a visible "…", keeps the Active mark inside, and is whole in its tooltip and name', async ({
  page,
}, info) => {
  await page.goto(bridge.url);
  const nav = page.getByRole('navigation');
  const item = (name: string) => nav.getByRole('button', { name: new RegExp(`^${name}`) });
  // The full name reaches a screen reader.
  await expect(item(ACTIVE)).toBeVisible();
  await expect(item(OTHER)).toBeVisible();
  for (const name of [ACTIVE, OTHER, SHORT]) {
    const m = await item(name).evaluate((button, full) => {
      // The element that holds the name's own text.
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
      let holder: HTMLElement | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent === full) holder = n.parentElement;
      if (!holder) return undefined;
      const s = getComputedStyle(holder);
      const b = button.getBoundingClientRect();
      const mark = button.querySelector('.side-active')?.getBoundingClientRect();
      return {
        cut: holder.scrollWidth > holder.clientWidth,
        // Chromium draws the "…" only for the text of a block box that clips it on one line.
        ellipsis:
          s.textOverflow === 'ellipsis' &&
          s.overflowX === 'hidden' &&
          s.whiteSpace === 'nowrap' &&
          !/flex|grid/.test(s.display),
        title: holder.closest('[title]')?.getAttribute('title'),
        markInside: mark ? mark.left >= b.left && mark.right <= b.right && mark.width > 10 : undefined,
        holderRight: holder.getBoundingClientRect().right,
        markLeft: mark?.left,
      };
    }, name);
    expect(m, name).toBeDefined();
    if (name === SHORT) {
      expect(m!.cut, name).toBe(false);
      continue;
    }
    expect(m!.cut, name).toBe(true);
    expect(m!.ellipsis, name).toBe(true);
    expect(m!.title, name).toBe(name);
    if (name === ACTIVE) {
      expect(m!.markInside, 'the Active mark is inside the item').toBe(true);
      expect(m!.holderRight, 'the name stops before the Active mark').toBeLessThanOrEqual(m!.markLeft!);
    }
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  const dir = path.join(ROOT, 'test-results', 'screens', info.project.name);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, 'sidebar-long-names.png') });
  await nav.screenshot({ path: path.join(dir, 'sidebar-long-names-nav.png') });
});
