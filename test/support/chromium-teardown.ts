/**
 * Global teardown of the browser suite: the real ~/.config/chromium holds no file from this run (a
 * crash dump carries Chromium's command line, which names the run), and Chromium did not crash at
 * all (no dump in this run's own crash folder either).
 */
import * as fs from 'node:fs';
import { chromiumHome, filesSince, REAL_CHROMIUM_CONFIG } from './chromium-home';

export default function teardown(): void {
  const c = chromiumHome();
  const started = Number(process.env.CAT_CHROMIUM_STARTED ?? 0);
  const leaked = filesSince(REAL_CHROMIUM_CONFIG, started, c.runId);
  const dumps = filesSince(c.crashDir, 0, c.runId);
  const problems = [
    ...leaked.map((f) => `the browser suite wrote into the real Chromium folder: ${f}`),
    ...dumps.map((f) => `Chromium crashed during the browser suite (dump: ${f})`),
  ];
  if (problems.length) throw new Error(problems.join('\n'));
  fs.rmSync(c.home, { recursive: true, force: true });
}
