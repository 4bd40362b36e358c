// Before `npm run setup` there is no node_modules: `npm run build` and `npm test` say so in one line
// (as `npm start` does) instead of a module-not-found stack or "0 passed, 6 failed".
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Exits 1 with one line when the dependencies the command needs are not installed. */
export function requireSetup(command, modules = ['esbuild']) {
  if (modules.every((m) => existsSync(path.join(root, 'node_modules', m)))) return;
  console.error(
    `Claude Auth Tray is not set up yet: run \`npm run setup\` first (it installs the dependencies), then \`${command}\`.`,
  );
  process.exit(1);
}
