/**
 * First run (issue 17): the command before a build and `npm start` before setup each print one line
 * saying what to run, not a stack trace. Both run from a copy of the repository's files in a temp
 * folder that has no dist/ and no node_modules/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];

function bareCheckout(files: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-first-run-'));
  dirs.push(dir);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('first run', () => {
  it('the command before a build says to build, in one line, exit 1', () => {
    const dir = bareCheckout(['bin/claude-auth-tray.js']);
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'claude-auth-tray.js'), 'list'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not built yet\. Run `npm run setup`/);
    expect(r.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });

  it('npm start before setup says to run setup, in one line, exit 1', () => {
    const dir = bareCheckout(['scripts/start.mjs', 'scripts/electron-binary.mjs', 'scripts/build.mjs']);
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not set up yet: run `npm run setup` first/);
  });

  it.each([
    [
      'npm run build',
      'build.mjs',
      /not set up yet: run `npm run setup` first \(it installs the dependencies\), then `npm run build`\./,
    ],
    [
      'npm test',
      'test.mjs',
      /not set up yet: run `npm run setup` first \(it installs the dependencies\), then `npm test`\./,
    ],
  ])('%s before setup says to run setup, in one line, exit 1 (no module stack, no "0 passed")', (_, script, line) => {
    const dir = bareCheckout([`scripts/${script}`, 'scripts/setup-check.mjs', 'package.json']);
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', script)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(line);
    expect(r.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });
});
