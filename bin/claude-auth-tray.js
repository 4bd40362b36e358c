#!/usr/bin/env node
// The `claude-auth-tray` command: the built CLI (run `npm run build` first).
require('../dist/cli/index.js');
