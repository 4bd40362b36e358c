import type * as Os from 'node:os';

/**
 * node:os, loaded on first use. The modules on the hot paths (`use`, the helper) need it only where
 * HOME is not set (its home folder) or on macOS (the user name): loading it at a bundle's start cost
 * every `use` ≈0.15 ms (issue 16). Like lazy-crypto.ts.
 */
export function nodeOs(): typeof Os {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:os') as typeof Os;
}
