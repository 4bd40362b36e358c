/**
 * `BENCH_ONLY=claudecode` (part of `npm run bench`): issue 16's real-Claude-Code figures, which must
 * stay as they were when the fast paths went in.
 *  - Single-flight: TRIALS times, ten real `claude -p` started at once with a helper profile whose
 *    key is not cached yet; how many trials ran the user's command exactly once.
 *  - Round trip: a whole `claude -p` against a local fake API with our `apiKeyHelper` (an API-key
 *    profile) vs the same key in ANTHROPIC_API_KEY (no helper), and vs a helper that is only `echo`;
 *    interleaved, ratio of medians.
 * Everything in temp folders and the bench's private Secret Service; the fake API on 127.0.0.1.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from '../test/support/fake-anthropic';

export interface ClaudeCodeOptions {
  readonly root: string;
  readonly runs: number;
  readonly runDir: string;
  readonly keyringEnv: NodeJS.ProcessEnv;
  /** The CLI under test (dist/cli/index.js). */
  readonly cliPath: string;
  readonly key: string;
  readonly pathNoClaude: string;
}

export interface ClaudeCodeFigures {
  readonly trials: number;
  readonly ranOnce: number;
  /** Our helper's round trip ÷ the key in ANTHROPIC_API_KEY, ÷ an `echo` helper (ratio of medians). */
  readonly vsEnvKey: number;
  readonly vsEchoHelper: number;
}

const TRIALS = 8;
const CONCURRENT = 10;

interface Box {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  cli(args: readonly string[], input?: string): string;
}

function box(o: ClaudeCodeOptions, api: FakeAnthropic, extra: NodeJS.ProcessEnv = {}): Box {
  const home = fs.mkdtempSync(path.join(o.runDir, 'claude-box-'));
  fs.mkdirSync(path.join(home, 'claude'));
  const env: NodeJS.ProcessEnv = {
    PATH: [path.join(o.root, 'node_modules', '.bin'), o.pathNoClaude].join(path.delimiter),
    LANG: 'C.UTF-8',
    ...o.keyringEnv,
    HOME: home,
    CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
    CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
    ANTHROPIC_BASE_URL: api.url,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...extra,
  };
  return {
    home,
    env,
    // Our CLI without `claude` on its PATH: a `use` would otherwise start a background check that
    // competes with the runs measured (claudeP runs Claude Code by its full path).
    cli: (args, input = '') =>
      execFileSync(process.execPath, [o.cliPath, ...args], {
        env: { ...env, PATH: o.pathNoClaude },
        input,
        encoding: 'utf8',
      }),
  };
}

/** One `claude -p`; its wall time in ms. Async: the fake API answers from this process. */
function claudeP(root: string, b: Box): Promise<number> {
  const claude = path.join(root, 'node_modules', '.bin', 'claude');
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const c = spawn(claude, ['-p', 'Say hi'], { env: b.env, cwd: b.home, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const kill = setTimeout(() => c.kill('SIGKILL'), 60_000); // a hung run does not hang the bench
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => {
      clearTimeout(kill);
      if (code === 0) resolve(Number(process.hrtime.bigint() - t) / 1e6);
      else reject(new Error(`claude -p failed (${code}): ${err.split('\n')[0]}`));
    });
  });
}

const median = (a: readonly number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function singleFlight(o: ClaudeCodeOptions, api: FakeAnthropic): Promise<number> {
  let once = 0;
  for (let t = 0; t < TRIALS; t++) {
    const b = box(o, api);
    const runsFile = path.join(b.home, 'helper-runs');
    const script = path.join(b.home, 'helper.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho run >> '${runsFile}'\nsleep 0.3\necho ${o.key}\n`, { mode: 0o755 });
    b.cli(['use', b.cli(['add', 'api-key-helper', '--name', 'Vault', '--command', `'${script}'`]).trim()]);
    // Every run ends before anything is torn down, even when one failed.
    const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => claudeP(o.root, b)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const runs = fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length;
    if (runs === 1) once++;
    console.log(`  trial ${t + 1}: the user's command ran ${runs} time${runs === 1 ? '' : 's'}`);
  }
  return once;
}

export async function claudeCodeFigures(o: ClaudeCodeOptions): Promise<ClaudeCodeFigures> {
  const api = await startFakeAnthropic();
  try {
    console.log(
      `\nReal Claude Code: ${CONCURRENT} \`claude -p\` at once, helper profile, key not cached yet (${TRIALS} trials)`,
    );
    const ranOnce = await singleFlight(o, api);
    console.log(`  the user's command ran once in ${ranOnce} of ${TRIALS} trials`);

    const ours = box(o, api);
    ours.cli(['use', ours.cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], o.key).trim()]);
    const envKey = box(o, api, { ANTHROPIC_API_KEY: o.key });
    const echo = box(o, api);
    fs.writeFileSync(
      path.join(echo.home, 'claude', 'settings.json'),
      JSON.stringify({ apiKeyHelper: `echo ${o.key}` }, null, 2),
    );
    const cases = [
      { name: 'claude -p, key in ANTHROPIC_API_KEY', b: envKey, ms: [] as number[] },
      { name: 'claude -p, apiKeyHelper `echo`', b: echo, ms: [] as number[] },
      { name: 'claude -p, our apiKeyHelper (API-key profile)', b: ours, ms: [] as number[] },
    ];
    const rounds = Math.max(3, Math.min(o.runs, 21));
    for (let i = 0; i < rounds + 1; i++) {
      for (let k = 0; k < cases.length; k++) {
        const c = cases[(k + i) % cases.length]!;
        const ms = await claudeP(o.root, c.b);
        if (i > 0) c.ms.push(ms); // the first round warms the disk cache
      }
    }
    const keys = new Set(api.requests.filter((r) => r.method === 'POST').map((r) => r.apiKey));
    if (keys.size !== 1 || !keys.has(o.key)) throw new Error('a claude -p run did not send the bench key');
    for (const c of cases) {
      const s = [...c.ms].sort((x, y) => x - y);
      console.log(
        `  ${c.name.padEnd(46)} ${s[0]!.toFixed(0).padStart(6)} ${median(s).toFixed(0).padStart(6)} ${s
          .at(-1)!
          .toFixed(0)
          .padStart(6)}  (n = ${s.length}, ms min / median / max)`,
      );
    }
    const med = cases.map((c) => median(c.ms));
    return { trials: TRIALS, ranOnce, vsEnvKey: med[2]! / med[0]!, vsEchoHelper: med[2]! / med[1]! };
  } finally {
    await api.close();
  }
}
