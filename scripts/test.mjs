#!/usr/bin/env node
// `npm test`: type-check, lint, build, then every suite. Ends with one line:
//   tests: N passed, M failed
// Static checks count as one test each; a suite that reports itself skipped is not counted as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args, opts = {}) {
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  if (r.status === 0) passed++;
  else {
    failed++;
    failures.push(name);
  }
  return r.status === 0;
}

step('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json']);
step('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json']);
step('eslint', bin('eslint'), ['.']);
step('prettier', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
const built = step('build', process.execPath, ['scripts/build.mjs']);
step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);

if (built) {
  const report = path.join(root, '.vitest-report.json');
  rmSync(report, { force: true });
  console.log('\n== vitest');
  spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
    if (r.numPendingTests + r.numTodoTests > 0) {
      failed += r.numPendingTests + r.numTodoTests;
      failures.push(`vitest: ${r.numPendingTests + r.numTodoTests} skipped tests (skips are not allowed)`);
    }
    if (!r.success) failures.push('vitest');
  } else {
    failed++;
    failures.push('vitest (no report)');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
