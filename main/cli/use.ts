/**
 * `claude-auth-tray use <name|id> [--check]`, first stage (`use.js`): starts what waits on other
 * processes, then loads the switch (`use-switch.js`, with its code cache) while they work (issue 16).
 *
 * The switch's ≈4 ms of loading used to come first and the keychain search after it, a conversation
 * of two round trips on the session bus (the bus, then the Secret Service) during which this process
 * only waited. Now, for the plain form `use <ref>` with a profiles.json the lean path trusts, this
 * stage finds the profile, opens the bus connection and sends the search (written straight to the
 * connected socket; only where that cannot be done, after one turn of the event loop: openingWaits),
 * then loads the switch (the bus and the Secret Service answer while it loads) and only then looks
 * for `claude` on the PATH (the background `claude auth status` check is started when this stage
 * ends, and waits for this process to end before it looks at anything). The second stage decides
 * everything as before; it only finds the answer there already. Anything else goes straight to the
 * second stage, which hands other forms to the full command set.
 */
import * as path from 'node:path';
import { helperServes } from '../../common/providers/helper-serves';
import { deferBackgroundCheck, startDeferredCheck } from '../core/claude-check-start';
import { profilesPath } from '../core/paths';
import { findProfile } from '../core/profile-lookup';
import { readTrustedProfiles } from '../core/profiles-trusted';
import { openingWaits, secretServiceItemExists } from '../core/secret-service-read';
import { KEYCHAIN_SERVICE } from '../core/vault';
import { loadBundle } from './code-cache';
import type { EarlyStart } from './use-switch';

interface SwitchModule {
  run(argv: readonly string[], early?: EarlyStart): Promise<number>;
  endsAtOnce(): boolean;
}

let second: SwitchModule | undefined;

/** See use-switch.ts: whether the process may end as soon as run() is done. */
export function endsAtOnce(): boolean {
  return second?.endsAtOnce() ?? false;
}

/** What can start before the switch is loaded (exported for the build's code cache warm-up, scripts/code-cache-warm.cjs). */
export function start(argv: readonly string[]): EarlyStart | undefined {
  const ref = argv[1];
  if (argv.length !== 2 || ref === undefined || ref.startsWith('-') || ref === '') return undefined;
  const profiles = readTrustedProfiles(profilesPath());
  const target = profiles && findProfile(profiles, ref);
  if (!profiles || !target) return undefined;
  // Only the search the second stage asks for (`needsKey && !consentedPlaintext`: a key the helper
  // serves from the keychain, not one written into settings.json); it ignores any other.
  const search =
    process.platform === 'linux' &&
    helperServes(target.kind) === 'keychain-key' &&
    (target as { allowPlaintextSecret?: unknown }).allowPlaintextSecret !== true;
  return {
    profiles,
    id: target.id,
    ...(search ? { exists: secretServiceItemExists(KEYCHAIN_SERVICE, target.id) } : {}),
  };
}

export async function run(argv: readonly string[]): Promise<number> {
  // The search is on the socket when start() returns (secret-service-read.ts writes the opening
  // straight to the connected socket): the switch loads while the bus and the Secret Service answer.
  // Where it could not be written at once (node:net: another Node than 20, --pending-deprecation),
  // one turn of the event loop connects and sends it first, as before writeNow.
  const early = start(argv);
  if (early?.exists && openingWaits()) await new Promise((resolve) => setImmediate(resolve));
  // Claude Code's check is started last (claude-check-start.ts, deferBackgroundCheck: a fork before
  // the switch made the switch pay a page fault for every page it wrote), also after a switch that
  // failed (a verdict of the unchanged state); it waits for this process to end (claude-check --after).
  try {
    second = loadBundle(path.join(__dirname, 'use-switch.js')) as SwitchModule;
    // The PATH scan for `claude` after the load: the switch now loads faster than the bus answers the
    // search, so the scan fills that wait instead of delaying the load.
    if (early) deferBackgroundCheck(process.env);
    return await second.run(argv, early);
  } finally {
    if (early) {
      deferBackgroundCheck(process.env); // (a no-op unless the load failed)
      startDeferredCheck(path.join(__dirname, 'index.js'), process.env, process.cwd(), process.pid);
    }
  }
}
