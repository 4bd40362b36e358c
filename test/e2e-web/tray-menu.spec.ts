/**
 * The tray menu is the main interface (issue 17): the real menu model (main/core/tray-menu-model) for
 * each state, drawn as a macOS menu in Chromium and photographed, light and dark, under
 * test-results/screens/<theme>/tray-*.png. `npm run screenshots` copies them into docs/screenshots/.
 */
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuthState } from '../../common/auth-state';
import type { ProfileView } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { trayMenuModel, type TrayInput } from '../../main/core/tray-menu-model';
import { ROOT } from '../support/cli';
import { authState, BED, HELPER, KEY } from '../support/profile-fixtures';
import { trayMenuHtml } from '../support/tray-menu-html';

const NOW = Date.UTC(2026, 5, 1, 9, 41);
const view = (profile: Profile, active: boolean, state: Partial<AuthState> = {}): ProfileView => ({
  profile,
  active,
  state: authState(profile.id, state, NOW),
});
const ssoFine: Partial<AuthState> = {
  expiresAt: NOW + 8 * 3600_000,
  detail: { kind: 'session', message: 'AWS SSO session' },
};
const input = (profiles: ProfileView[], extra: Partial<TrayInput> = {}): TrayInput => ({
  profiles,
  refreshing: false,
  startAtLogin: true,
  now: NOW,
  ...extra,
});

/** State → what the menu must show (the model is tested in unit tests; this checks the drawing). */
const STATES: readonly { name: string; input: TrayInput; header: string; icon: string; line?: string }[] = [
  {
    name: 'all-fine',
    input: input([view(KEY, true), view(HELPER, false), view(BED, false, ssoFine)]),
    header: 'Work key · valid',
    icon: 'ok',
  },
  {
    name: 'key-rejected',
    input: input([
      view(KEY, true, { status: 'invalid', detail: { kind: 'revoked', message: 'Revoked' }, next: 'replace-key' }),
      view(HELPER, false),
      view(BED, false, ssoFine),
    ]),
    header: 'Work key · key rejected',
    icon: 'error',
  },
  {
    name: 'sso-ending',
    input: input([
      view(KEY, false),
      view(HELPER, false),
      view(BED, true, {
        status: 'expiring',
        expiresAt: NOW + 50 * 60_000,
        detail: { kind: 'session', message: 'AWS SSO session' },
        next: 'sign-in',
      }),
    ]),
    header: 'Bedrock prod · expires in 50 min',
    icon: 'expiring',
    line: 'Sign in again…',
  },
  {
    name: 'helper-failing',
    input: input([
      view(KEY, false),
      view(HELPER, true, {
        status: 'error',
        detail: { kind: 'helper-exit', message: 'The key helper exited with code 3: vault: permission denied' },
        next: 'fix-helper',
      }),
      view(BED, false, ssoFine),
    ]),
    header: 'Vault · needs attention',
    icon: 'error',
  },
  {
    name: 'mismatch',
    input: input([view(KEY, true), view(HELPER, false), view(BED, false, ssoFine)], {
      warnings: [
        {
          kind: 'claude-code-mismatch',
          message: 'Claude Code uses ANTHROPIC_API_KEY from your environment instead of the "Work key" profile.',
        },
      ],
    }),
    header: 'Work key · valid',
    icon: 'expiring',
    line: '⚠ Claude Code uses ANTHROPIC_API_KEY from your environment…',
  },
  { name: 'no-profiles', input: input([]), header: 'No profiles yet', icon: 'ok' },
];

test.use({ deviceScaleFactor: 1 }); // small pictures, like the window screenshots

for (const s of STATES) {
  test(`tray menu: ${s.name}`, async ({ page }, info) => {
    const model = trayMenuModel(s.input);
    expect(model.icon).toBe(s.icon);
    await page.setContent(trayMenuHtml(model, path.join(ROOT, 'assets')));
    const menu = page.getByRole('menu', { name: 'Claude Auth Tray' });
    await expect(menu.getByRole('menuitem').first()).toHaveText(s.header);
    if (s.line) await expect(menu.getByRole('menuitem', { name: s.line, exact: true })).toBeVisible();
    // Every model item is drawn, in order: labels, check marks, separators, disabled items.
    const drawn = await menu
      .locator('li')
      .evaluateAll((lis) =>
        lis.map((li) =>
          li.classList.contains('sep')
            ? '—'
            : `${li.getAttribute('aria-checked') === 'true' ? '✓ ' : ''}${li.getAttribute('aria-disabled') ? '(off) ' : ''}${li.textContent?.replace(/^✓/, '')}`,
        ),
      );
    expect(drawn).toEqual(
      model.items.map((i) =>
        i.kind === 'separator'
          ? '—'
          : `${(i.kind === 'radio' || i.kind === 'checkbox') && i.checked ? '✓ ' : ''}${i.kind === 'header' || (i.kind === 'action' && i.enabled === false) ? '(off) ' : ''}${i.label}`,
      ),
    );
    // The icon is the state's template image, and it loaded.
    const icon = page.getByRole('img', { name: `Claude Auth Tray: ${s.icon}` });
    expect(await icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
    const dir = path.join(ROOT, 'test-results', 'screens', info.project.name);
    fs.mkdirSync(dir, { recursive: true });
    await page.locator('#shot').screenshot({ path: path.join(dir, `tray-${s.name}.png`), omitBackground: true });
  });
}
