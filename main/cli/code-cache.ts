/**
 * Loads a CLI bundle with the V8 code cache that `npm run build` made for it (`<bundle>.cache`,
 * scripts/build.mjs), issue 16: compiling the full command set (650 KB, mostly the schema library)
 * and running its module set-up cost more than Node's own start; from the cache V8 skips the parse
 * and the lazy compiles of that set-up. Node 22's `module.enableCompileCache` does this for every
 * module, but the CLI supports Node 20.
 *
 * A cache made by another Node (or V8 flags) is rejected by V8 itself, which then compiles as usual:
 * never wrong, only not faster. No cache file: a plain require.
 */
import * as fs from 'node:fs';
import type * as NodeModule from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

type Loader = typeof NodeModule.Module & {
  _cache: Record<string, unknown>;
  _nodeModulePaths(dir: string): string[];
};

let loader: Loader | undefined;

/**
 * Node's CommonJS Module class: this module's own constructor (the dispatcher is loaded as CommonJS,
 * the bundles by loadBundle as its instances). node:module itself, which only re-exports it, cost a
 * CLI started from a file ≈0.2 ms to load (issue 16: every `use`, helper and status line start).
 */
function cjs(): Loader {
  if (loader) return loader;
  const own = typeof module === 'object' ? (module.constructor as unknown as Partial<Loader>) : undefined;
  loader =
    own &&
    typeof own.wrap === 'function' &&
    typeof own.createRequire === 'function' &&
    typeof own._nodeModulePaths === 'function' &&
    typeof own._cache === 'object'
      ? (own as Loader)
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        ((require('node:module') as typeof NodeModule).Module as Loader);
  return loader;
}

/**
 * The start of a bundle the build wrote already wrapped as CommonJS wraps a module (Node's
 * Module.wrap; `use`'s two bundles, see scripts/build.mjs): its text is compiled as it is. Joining
 * the wrapper to a bundle's text makes a second copy of it for V8 to flatten: for the 117 KB switch
 * that was what filled the young generation, and a scavenge ran in every `use` (issue 16).
 */
export const WRAPPED = '(function (exports, require, module, __filename, __dirname) { ';

/** The text V8 compiles for a bundle (its cache is made from the same text). */
export function bundleSource(text: string): string {
  return text.startsWith(WRAPPED) ? text : cjs().wrap(text);
}

export function loadBundle(file: string): unknown {
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(`${file}.cache`);
  } catch {
    // No cache: a plain require, except for a bundle written wrapped (a require would find a
    // function expression in it and export nothing): compiled below without a cache.
  }
  const M = cjs();
  const cached = M._cache[file] as { exports: unknown } | undefined;
  if (cached) return cached.exports;
  const text = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!cachedData && !text.startsWith(WRAPPED)) return require(file);
  // The wrapper CommonJS gives every module; the build wraps the same way, or V8 rejects the cache.
  const script = new vm.Script(bundleSource(text), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const m = new M(file, module);
  m.filename = file;
  m.paths = M._nodeModulePaths(path.dirname(file));
  M._cache[file] = m; // a later require of the same file gets this module
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  fn.call(m.exports, m.exports, M.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  return m.exports;
}
