import { defineConfig } from '@playwright/test';

// The `_electron` suite (test/e2e-electron): needs an Electron binary; see scripts/test-electron.mjs.
export default defineConfig({
  testDir: 'test/e2e-electron',
  outputDir: 'test-results/electron',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
