/**
 * Entry of the `claude-auth-tray` command. Deliberately tiny: `api-key` is what Claude Code runs for
 * every session (and after every 401), and `statusline` on every status-line update, so each loads
 * only its own small bundle; so does `use` (a switch from the tray menu's neighbour, the terminal;
 * issue 16); everything else loads the full command set.
 */
import * as path from 'node:path';
import { loadBundle } from './code-cache';
import { guardStdio } from './stdio-guard';

interface CliModule {
  run(argv: readonly string[]): Promise<number> | number;
  /** Whether the process may end as soon as run() is done (`use`'s switch, see there). */
  endsAtOnce?(): boolean;
}

function load(name: string): CliModule {
  // Separate bundles next to this file (scripts/build.mjs), resolved at run time on purpose, each with
  // the V8 code cache the build made from a warm-up run of it (code-cache.ts; a plain require where
  // there is none): for the helper's D-Bus client ≈1.5 ms of every Claude Code start (issue 16).
  return loadBundle(path.join(__dirname, name)) as CliModule;
}

const argv = process.argv.slice(2);
// `statusline` with no sub-command (only options: Claude Code runs `statusline`, `statusline --wrap-b64 …`
// or `statusline --wrapped`) is Claude Code's status line (hot too); `statusline on|off|status` and a
// mistyped sub-command (a usage error there) are not.
// `statusline --help` is a person asking how to turn it on: the full CLI's help (on|off|status).
const statusLine =
  argv[0] === 'statusline' &&
  (argv[1] === undefined || argv[1].startsWith('-')) &&
  !argv.slice(1).some((a) => a === '--help' || a === '-h');
// Output to a reader that left (`status | head -1`) is dropped (stdio-guard.ts). The hot paths set up
// no streams (over a pipe they load node:net, more than their whole output costs; issue 16): `api-key`
// and Claude Code's status line write to the descriptors (direct-write.ts), `use` guards its streams
// itself when it needs them.
if (argv[0] !== 'use' && argv[0] !== 'api-key' && !statusLine) guardStdio();
const mod = load(
  argv[0] === 'api-key'
    ? './api-key.js'
    : statusLine
      ? './statusline.js'
      : argv[0] === 'use'
        ? './use.js'
        : './commands.js',
);
void Promise.resolve(mod.run(argv)).then(
  (code) => {
    process.exitCode = code;
    // Ends here instead of after Node's own tear-down of the heap and environment (≈4 ms of a
    // switch; issue 16), where nothing is left to do and every write was synchronous (Linux).
    if (process.platform === 'linux' && mod.endsAtOnce?.()) process.exit();
  },
  (e: unknown) => {
    guardStdio();
    process.stderr.write(
      `claude-auth-tray: unexpected failure: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`,
    );
    process.exitCode = 1;
  },
);
