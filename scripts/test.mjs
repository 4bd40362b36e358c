#!/usr/bin/env node
// `npm test`: type-check, lint, build, then every suite. Ends with one line:
//   tests: N passed, M failed
// Static checks count as one test each; a suite that reports itself skipped is not counted as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSetup } from './setup-check.mjs';

requireSetup('npm test', ['esbuild', 'vite', 'vitest', 'typescript', 'eslint']);

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

// Vitest in two passes: unit and integration files two at a time, then the compatibility suite
// (the real Claude Code, which decides at start-up and was seen to decide otherwise on a CPU shared
// with another suite) one file at a time.
function vitest(name, args) {
  const report = path.join(root, `.vitest-report-${name}.json`);
  rmSync(report, { force: true });
  console.log(`\n== vitest (${name})`);
  spawnSync(bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
    if (r.numPassedTests + r.numFailedTests === 0) {
      failed++;
      failures.push(`vitest (${name}) ran no test`);
    }
    if (r.numPendingTests + r.numTodoTests > 0) {
      failed += r.numPendingTests + r.numTodoTests;
      failures.push(`vitest (${name}): ${r.numPendingTests + r.numTodoTests} skipped tests (skips are not allowed)`);
    }
    if (!r.success) failures.push(`vitest (${name})`);
  } else {
    failed++;
    failures.push(`vitest (${name}) (no report)`);
  }
}
if (built) {
  vitest('unit+integration', ['--exclude', 'test/compat/**']);
  vitest('compat', ['test/compat', '--no-file-parallelism']);
}

if (built) {
  // Browser suite: the real renderer in Debian Chromium against the real core (test/e2e-web).
  const report = path.join(root, 'test-results', 'playwright-report.json');
  rmSync(report, { force: true });
  console.log('\n== playwright (e2e-web)');
  const pw = spawnSync(bin('playwright'), ['test'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  // An error outside the tests (the global teardown's check of ~/.config/chromium) is in the exit code only.
  if (pw.status !== 0) {
    failed++;
    failures.push(`playwright exited with ${pw.status ?? pw.signal}`);
  }
  if (existsSync(report)) {
    const s = JSON.parse(readFileSync(report, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    if (s.skipped) {
      failed += s.skipped;
      failures.push(`playwright: ${s.skipped} skipped`);
    }
    if (s.unexpected + s.flaky) failures.push('playwright');
    if (s.expected + s.unexpected + s.flaky === 0) {
      failed++;
      failures.push('playwright ran no test');
    }
  } else {
    failed++;
    failures.push('playwright (no report)');
  }
}

// The `_electron` suite runs only where an Electron binary exists; it says so itself when it does
// not, and a skip counts as neither passed nor failed.
if (built) {
  console.log('\n== e2e-electron');
  const r = spawnSync(process.execPath, ['scripts/test-electron.mjs'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    failed++;
    failures.push('e2e-electron');
  } else if (!/skipped \(no Electron binary\)/.test(r.stdout)) passed++;
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
