/**
 * Runs the built CLI's `use` many times in one process, so hundreds of switches from several
 * processes fit in a test's time budget (a node start costs ~0.3 s on a loaded machine).
 *   use-loop <dist/cli/commands.js> <n> <name,name,…>
 * Prints "RESULT {"ok":n,"failed":m}" last; the CLI's own error lines go to stderr.
 */
import { createRequire } from 'node:module';

const [commandsJs, n, names] = process.argv.slice(2);
if (!commandsJs || !n || !names) throw new Error('usage: use-loop <commands.js> <n> <names>');
const { run } = createRequire(__filename)(commandsJs) as { run(argv: readonly string[]): Promise<number> };
const list = names.split(',');

void (async () => {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < Number(n); i++) {
    const code = await run(['use', list[Math.floor(Math.random() * list.length)]!]);
    if (code === 0) ok++;
    else failed++;
  }
  process.stdout.write(`RESULT ${JSON.stringify({ ok, failed })}\n`);
})();
