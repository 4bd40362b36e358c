#!/usr/bin/env node
// The cost of the gnome-keyring check in the direct Secret Service read (main/core/secret-service-read.ts):
// one read of one item from a private, real gnome-keyring, by this checkout's module and by another
// revision's (default: main, before the check), interleaved in one process, same run.
//   node scripts/bench-secret-gate.mjs [old-revision]      (BENCH_RUNS, default 201)
// Prints min / median / max per version and the ratio of medians. The helper end to end: npm run bench
// with BENCH_ONLY=helper and BENCH_OLD_CLI=<a build of the old revision>/dist/cli/index.js.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const oldRev = process.argv[2] ?? 'main';
const RUNS = Math.max(21, Number(process.env.BENCH_RUNS || 201));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-gate-bench-'));
const require = createRequire(import.meta.url);
try {
  const oldSrc = path.join(dir, 'old.ts');
  fs.writeFileSync(
    oldSrc,
    execFileSync('git', ['show', `${oldRev}:main/core/secret-service-read.ts`], { cwd: root, encoding: 'utf8' }),
  );
  const bundle = async (entry, name) => {
    const outfile = path.join(dir, `${name}.cjs`);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
    return require(outfile);
  };
  const neu = await bundle(path.join(root, 'main/core/secret-service-read.ts'), 'new');
  const old = await bundle(oldSrc, 'old');
  const { startKeyring } = await bundle(path.join(root, 'test/support/keyring.ts'), 'keyring');
  const kr = await startKeyring();
  try {
    const env = { ...process.env, ...kr.env };
    execFileSync('secret-tool', ['store', '--label', 'bench', 'service', 'cat-gate-bench', 'username', 'a'], {
      env,
      input: 'sk-ant-api03-GATE-BENCH-not-real',
    });
    const versions = [
      ['without the check (old)', old.readSecretServiceItem],
      ['with the check (new)', neu.readSecretServiceItem],
    ];
    const times = versions.map(() => []);
    for (let i = 0; i < RUNS + 5; i++) {
      for (let k = 0; k < versions.length; k++) {
        const j = (k + i) % versions.length;
        const t = process.hrtime.bigint();
        const v = await versions[j][1]('cat-gate-bench', 'a', kr.env);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (v !== 'sk-ant-api03-GATE-BENCH-not-real') throw new Error(`${versions[j][0]}: no fast answer`);
        if (i >= 5) times[j].push(ms);
      }
    }
    const med = (a) => {
      const s = [...a].sort((x, y) => x - y);
      return { min: s[0], med: s[s.length >> 1], max: s[s.length - 1] };
    };
    console.log(`One direct read from gnome-keyring (n = ${RUNS} each, interleaved; ms min / median / max)`);
    const st = times.map(med);
    versions.forEach(([name], j) =>
      console.log(`  ${name.padEnd(26)} ${st[j].min.toFixed(3)} ${st[j].med.toFixed(3)} ${st[j].max.toFixed(3)}`),
    );
    console.log(`  ratio of medians, with / without: ${(st[1].med / st[0].med).toFixed(3)}x`);
  } finally {
    await kr.stop();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
