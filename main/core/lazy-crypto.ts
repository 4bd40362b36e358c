import type * as Crypto from 'node:crypto';

/**
 * node:crypto, loaded on first use. Modules on the `use` path (its lean bundle, issue 16) import
 * this instead of node:crypto: a bundle runs every import at start, and loading node:crypto costs
 * ≈2.5 ms there even when the switch never hashes with it.
 */
export function nodeCrypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof Crypto;
}
