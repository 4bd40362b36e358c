/**
 * App-level E2E with Playwright's `_electron` (it replaces Spectron, which cannot drive current
 * Electron). Runs wherever an Electron binary exists (node_modules/electron/dist, ELECTRON_PATH or
 * ELECTRON_OVERRIDE_DIST_PATH); elsewhere `npm run test:electron` prints
 * `e2e-electron: skipped (no Electron binary)` and counts nothing as passed.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeAnthropic } from '../support/fake-anthropic';
import { startKeyring } from '../support/keyring';

const ROOT = path.resolve(__dirname, '..', '..');

test('launches the built app, adds an API-key profile, activates it, and writes settings.json', async () => {
  // Set by scripts/test-electron.mjs (npm run test:electron), which finds the binary.
  const bin = process.env.CAT_ELECTRON_BINARY;
  test.skip(!bin, 'no Electron binary: run it with `npm run test:electron`');
  const api = await startFakeAnthropic();
  // A private Secret Service on Linux, so the suite never touches the developer's own keychain.
  const kr = process.platform === 'linux' ? await startKeyring() : undefined;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-e2e-el-'));
  const claudeDir = path.join(home, 'claude');
  fs.mkdirSync(claudeDir);
  const app = await electron.launch({
    executablePath: bin!,
    args: [ROOT],
    env: {
      ...process.env,
      ...kr?.env,
      CLAUDE_AUTH_TRAY_E2E: '1',
      HOME: home,
      CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
      CLAUDE_CONFIG_DIR: claudeDir,
      ANTHROPIC_BASE_URL: api.url,
    },
  });
  try {
    const window = await app.firstWindow();
    await window.getByRole('button', { name: 'Add profile' }).click();
    await window.getByLabel('Name').fill('Work key');
    await window.getByLabel('API key').fill('sk-ant-api03-E2E-ELECTRON-not-real-0000');
    await window.getByLabel(/Base URL/).fill(api.url);
    await window.getByRole('button', { name: 'Check key' }).click();
    await expect(window.getByText('Valid: the key works.')).toBeVisible();
    await window.getByRole('button', { name: 'Save and use' }).click();
    await expect(window.getByText(/Saved and activated/)).toBeVisible();
    const settings = JSON.parse(fs.readFileSync(path.join(claudeDir, 'settings.json'), 'utf8'));
    expect(settings.apiKeyHelper).toContain('api-key --profile work-key-');
    // The tray menu model, as the main process computed it.
    await expect
      .poll(() =>
        app.evaluate(
          () =>
            (
              globalThis as unknown as { __claudeAuthTrayE2E: { trayModel: () => { items: { label?: string }[] } } }
            ).__claudeAuthTrayE2E.trayModel().items[0]?.label,
        ),
      )
      .toBe('Work key · valid');
  } finally {
    await app.close();
    await api.close();
    await kr?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
