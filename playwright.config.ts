import { defineConfig } from '@playwright/test';
import { chromiumHome } from './test/support/chromium-home';

// Chromium runs with a temp HOME/XDG_CONFIG_HOME of its own and without the private keyring's
// D-Bus (see test/support/chromium-home.ts); the teardown checks the real ~/.config/chromium.
const chromium = chromiumHome();

// Browser tests of the real renderer in Debian Chromium (no browser download), against the real
// core through the test bridge. Light and dark are separate projects.
export default defineConfig({
  testDir: 'test/e2e-web',
  outputDir: 'test-results/playwright',
  globalTeardown: './test/support/chromium-teardown.ts',
  timeout: 90_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright-report.json' }]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      env: chromium.env,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
        `--cat-test-run=${chromium.runId}`,
      ],
    },
    viewport: { width: 1000, height: 760 },
  },
  projects: [
    { name: 'light', use: { colorScheme: 'light' } },
    { name: 'dark', use: { colorScheme: 'dark' } },
  ],
});
