/**
 * Issue 16: the helper's bundle and the two larger ones load with the V8 code cache the build made
 * (the helper's from a warm-up run against a stand-in bus, scripts/warm-bus.cjs: the build fails when
 * that run did not go through it). The cache must be one this Node accepts (else it only costs), and
 * a cache V8 rejects — another Node, a damaged file — or none at all must change nothing but the
 * speed. Runs the built CLI from a copy of dist/cli.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSource, WRAPPED } from '../../main/cli/code-cache';
import { ROOT } from '../support/cli';

const DIST = path.join(ROOT, 'dist', 'cli');
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-cc-'));
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

function run(dir: string, args: readonly string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'index.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: copy, CLAUDE_AUTH_TRAY_HOME: path.join(copy, 'app'), LANG: 'C.UTF-8' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const BUNDLES = ['api-key.js', 'statusline.js', 'use.js', 'use-switch.js', 'commands.js'];

describe('V8 code cache of the CLI bundles (issue 16)', () => {
  it('the build made a cache for api-key.js, use.js, use-switch.js and commands.js that this Node accepts', () => {
    for (const f of BUNDLES) {
      const file = path.join(DIST, f);
      const script = new vm.Script(bundleSource(fs.readFileSync(file, 'utf8')), {
        filename: file,
        cachedData: fs.readFileSync(`${file}.cache`),
      });
      expect(script.cachedDataRejected, f).toBe(false);
    }
  });

  it("use's two bundles are written wrapped as CommonJS wraps a module: compiled as they are, no second copy of the text", () => {
    // Joining the wrapper to the 117 KB switch made a second copy for V8 to flatten, and with it a
    // scavenge in every `use` (issue 16).
    for (const f of ['use.js', 'use-switch.js']) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text.startsWith(WRAPPED), f).toBe(true);
      expect(bundleSource(text), f).toBe(text);
    }
    for (const f of ['index.js', 'api-key.js', 'statusline.js', 'commands.js'])
      expect(fs.readFileSync(path.join(DIST, f), 'utf8').startsWith(WRAPPED), f).toBe(false);
  });

  it('nothing loads the wrapped bundles with a plain require (it would find a function expression and export nothing)', () => {
    for (const f of fs.readdirSync(DIST).filter((n) => n.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text, f).not.toMatch(/require\(\s*["'`]\.\/(use|use-switch)(\.js)?["'`]\s*\)/);
    }
  });

  it('a damaged cache or none changes nothing but the speed', () => {
    fs.cpSync(DIST, copy, { recursive: true });
    const args = [
      ['--help'],
      ['use', '--help'],
      ['list'],
      ['api-key', '--help'],
      ['api-key'],
      ['statusline'],
      ['use', 'x'],
    ];
    const withCache = args.map((a) => run(copy, a));
    expect(withCache.map((r) => r.code)).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(withCache[4]!.out).toContain('No profiles yet');
    for (const f of BUNDLES) fs.writeFileSync(path.join(copy, `${f}.cache`), 'not a code cache');
    expect(args.map((a) => run(copy, a))).toEqual(withCache);
    for (const f of BUNDLES) fs.rmSync(path.join(copy, `${f}.cache`));
    expect(args.map((a) => run(copy, a))).toEqual(withCache);
  });

  it("no bundle runs jsonc-parser's formatter set-up (≈1,200 strings) for the parser it imports", () => {
    // The build marks jsonc-parser side-effect free: its unused string-intern.js is left out (issue 16).
    for (const f of ['use-switch.js', 'commands.js', 'statusline.js']) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text, f).not.toMatch(/new Array\(\w+\)\.fill\(0\)\.map/);
    }
  });

  it("no bundle copies a built-in module's exports at start (the build turns namespace imports of built-ins into plain requires)", () => {
    for (const f of ['index.js', 'api-key.js', 'statusline.js', 'use.js', 'use-switch.js', 'commands.js']) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text, f).toMatch(/require\("node:fs"\)/);
      // esbuild's copy of a module's exports: a helper called with the target and require("node:…").
      expect(text, f).not.toMatch(/\(\w+,require\("node:[\w/]+"\)\)/);
    }
  });
});
