#!/usr/bin/env node
// `npm run screenshots`: regenerates every README picture from one run of the browser suite (issue
// 17). Builds, runs `playwright test` (the window's screens and the tray menu's states, light and
// dark, into test-results/screens/), then copies the chosen ones into docs/screenshots/. Fails, and
// copies nothing, if the run fails or a picture was not written by this run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** docs/screenshots/<name> ← test-results/screens/<theme>/<file>. */
export const PICTURES = {
  'profiles-light.png': 'light/13-profiles-all.png',
  'add-key-light.png': 'light/02-add-key-valid.png',
  'bedrock-dark.png': 'dark/06-add-bedrock.png',
  'doctor-light.png': 'light/09-doctor-finding.png',
  'profiles-empty-light.png': 'light/01-profiles-empty.png',
  'profiles-dark.png': 'dark/13-profiles-all.png',
  'settings-light.png': 'light/08-settings.png',
  'team-light.png': 'light/11-team-invited.png',
  'doctor-clean-dark.png': 'dark/10-doctor-fixed.png',
  'tray-all-fine-light.png': 'light/tray-all-fine.png',
  'tray-all-fine-dark.png': 'dark/tray-all-fine.png',
  'tray-key-rejected-light.png': 'light/tray-key-rejected.png',
  'tray-sso-ending-light.png': 'light/tray-sso-ending.png',
  'tray-helper-failing-light.png': 'light/tray-helper-failing.png',
  'tray-mismatch-light.png': 'light/tray-mismatch.png',
  'tray-no-profiles-light.png': 'light/tray-no-profiles.png',
};

const started = Date.now();
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (!run(process.execPath, ['scripts/build.mjs']) || !run(bin('playwright'), ['test'])) {
  console.error('screenshots: the build or the browser suite failed; docs/screenshots/ is unchanged.');
  process.exit(1);
}
const stale = Object.values(PICTURES).filter((rel) => {
  const f = path.join(root, 'test-results', 'screens', rel);
  return !existsSync(f) || statSync(f).mtimeMs < started;
});
if (stale.length) {
  console.error(`screenshots: not written by this run: ${stale.join(', ')}; docs/screenshots/ is unchanged.`);
  process.exit(1);
}
for (const [name, rel] of Object.entries(PICTURES)) {
  copyFileSync(path.join(root, 'test-results', 'screens', rel), path.join(root, 'docs', 'screenshots', name));
  console.log(`docs/screenshots/${name} ← test-results/screens/${rel}`);
}
