/**
 * Bench rows for the status line (issue 15): p50 of the command Claude Code runs, fed the JSON it
 * pipes in, against bare `node -e 0` (target <= 1.3x, like the helper) and — wrapping the user's own
 * status line — against that user command alone (the delay our line adds). Interleaved runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const p50 = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

export function statusLineLatency(root: string, runs: number, keyringEnv: NodeJS.ProcessEnv): void {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-bench-sl-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...keyringEnv,
    HOME: home,
    CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
    CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
  };
  fs.mkdirSync(path.join(home, 'claude'));
  const cli = (args: string[]): string =>
    execFileSync(process.execPath, [path.join(root, 'dist/cli/index.js'), ...args], { env, encoding: 'utf8' });
  // A typical user status line: a small Node script that reads the JSON and prints the model.
  const script = path.join(home, 'my-statusline.js');
  fs.writeFileSync(
    script,
    `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);process.stdout.write('['+j.model.display_name+'] '+j.workspace.current_dir)})`,
  );
  const user = `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`;
  const settings = path.join(home, 'claude', 'settings.json');
  fs.writeFileSync(settings, JSON.stringify({ statusLine: { type: 'command', command: user } }, null, 2) + '\n');
  cli(['add', 'claude-ai', '--name', 'Bench']);
  cli(['use', 'Bench']);
  cli(['statusline', 'on']);
  const wrapped = (JSON.parse(fs.readFileSync(settings, 'utf8')) as { statusLine: { command: string } }).statusLine
    .command;
  const ours = wrapped.replace(/ --wrap .*$/, '');
  const now = Math.floor(Date.now() / 1000);
  const input = JSON.stringify({
    session_id: 'bench',
    model: { id: 'claude-opus', display_name: 'Opus' },
    workspace: { current_dir: home },
    rate_limits: {
      five_hour: { used_percentage: 62, resets_at: now + 3600 },
      seven_day: { used_percentage: 18, resets_at: now + 86400 * 3 },
    },
  });
  const cases: Record<string, string> = {
    'node -e 0': `${JSON.stringify(process.execPath)} -e 0`,
    'your status line': user,
    'ours alone': ours,
    'ours wrapping yours': wrapped,
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs + 3; i++) {
    for (const [name, cmd] of Object.entries(cases)) {
      const t = process.hrtime.bigint();
      // Claude Code runs status lines with bash and the JSON on stdin.
      const r = spawnSync('/bin/bash', ['-c', cmd], { env, input, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
      if (i >= 3) times[name]!.push(ms);
    }
  }
  const base = p50(times['node -e 0']!);
  const yours = p50(times['your status line']!);
  console.log(`\nStatus line latency, p50 of ${runs} runs each (interleaved), via bash -c with the JSON on stdin:`);
  for (const [name, t] of Object.entries(times))
    console.log(
      `  ${name.padEnd(20)} ${p50(t).toFixed(1).padStart(7)} ms   ${(p50(t) / base).toFixed(2)}x bare node   ${(p50(t) / yours).toFixed(2)}x your line`,
    );
  const ratio = p50(times['ours alone']!) / base;
  const added = p50(times['ours wrapping yours']!) - yours;
  console.log(`  target <= 1.30x bare node: ${ratio <= 1.3 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  console.log(
    `  wrapping adds ${added.toFixed(1)} ms to your own line (${(p50(times['ours wrapping yours']!) / yours).toFixed(2)}x it)`,
  );
  fs.rmSync(home, { recursive: true, force: true });
}
