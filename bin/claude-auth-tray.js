#!/usr/bin/env node
// The `claude-auth-tray` command: the built CLI in dist/ (`npm run build` makes it). In a checkout that
// was never built, say what to run in one line instead of a stack trace.
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'index.js');
try {
  require(entry);
} catch (e) {
  if (!e || e.code !== 'MODULE_NOT_FOUND' || require('node:fs').existsSync(entry)) throw e;
  const root = path.resolve(__dirname, '..');
  process.stderr.write(
    `claude-auth-tray: this checkout is not built yet. Run \`npm run setup\` (or \`npm ci && npm run build\`) in ${root}, then try again.\n`,
  );
  process.exitCode = 1;
}
