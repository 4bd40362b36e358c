/**
 * `claude-auth-tray use <name|id> [--check]`, second stage (`use-switch.js`, loaded by use.ts after it
 * started the keychain search and the background check). Its own bundle without the schema library
 * (issue 16: loading the full command set alone cost 1.75x bare Node): profiles.json is trusted only
 * when its bytes are the ones the full schema accepted (core/profiles-trust); anything else — another
 * form of the command, a changed or unreadable profiles.json — is handed to the full command set,
 * which validates as always.
 */
import * as path from 'node:path';
import { AppError } from '../../common/errors';
import type { Profile, ProfilesFile } from '../../common/profile';
import { PROVIDER_LABEL } from '../../common/profile-kinds';
import { billingChange } from '../core/accounts/billing-change';
import { runningSessionNote } from '../core/accounts/running-sessions';
import {
  activateProfile,
  consentedPlaintext,
  findProfile,
  needsKey,
  readsSecret,
  type ActivationResult,
} from '../core/activate';
import { SettingsBridge } from '../core/claude-settings/settings-bridge';
import { startBackgroundCheck } from '../core/claude-check';
import { environmentFindings } from '../core/doctor';
import { profilesPath, userSettingsPath } from '../core/paths';
import { readTrustedProfiles, setActiveTrusted } from '../core/profiles-trust';
import { currentCliRuntime } from '../core/runtime';
import { statusLineEnabledRaw, statusLinePlan } from '../core/usage/status-line-lean';
import { FirstReadSecretStore, KeyringSecretStore, type SecretStore } from '../core/vault';
import { loadBundle } from './code-cache';
import { clean, EXIT, out, outDirect, reportError } from './output';
import { guardStdio } from './stdio-guard';

/**
 * What `use` prints after a switch from `prev` (the profile active before it): a billing change
 * (issue 14), the switch, what running Claude Code sessions do; then it asks Claude Code (in the
 * background unless `check`). `print` writes a line (the lean path: straight to the descriptor).
 */
export async function afterSwitch(
  r: ActivationResult,
  check: (profileId: string) => Promise<string[]> | undefined,
  prev: Profile | undefined,
  print: (line: string) => void = out,
): Promise<number> {
  const money = billingChange(prev, r.profile);
  if (money) print(clean(money));
  print(`Active: ${clean(r.profile.name.trim())} (${PROVIDER_LABEL[r.profile.kind]}).`);
  print(
    r.apply.changed
      ? `Updated ${clean(r.apply.file)}: ${r.keys.length ? r.keys.join(', ') : "removed this app's keys"}.`
      : `${r.apply.file} already up to date.`,
  );
  if (prev?.id !== r.profile.id) print(clean(runningSessionNote(prev, r.profile)));
  // Claude Code's answer takes ≈330 ms of its start-up: by default it is asked in the background and
  // its verdict reaches `status` and the tray; --check waits for it here.
  const waiting = check(r.profile.id);
  if (waiting) {
    const lines = await waiting;
    for (const line of lines) print(line);
    if (lines.length > 0) return EXIT.ok;
  } else if (startBackgroundCheck(path.join(__dirname, 'index.js'))) {
    print(
      'Checking with Claude Code (`claude auth status`) in the background: `claude-auth-tray status` shows its answer.',
    );
    return EXIT.ok;
  }
  for (const f of environmentFindings(process.env, r.profile)) print(`Warning: ${f.message} ${f.fix}`);
  return EXIT.ok;
}

class NotTrusted extends Error {}

let switched = false;
/**
 * Whether the process may end as soon as run() is done: after a switch by this bundle, which wrote
 * every line with direct writes, closed its bus socket and left the background check detached
 * (issue 16: Node's tear-down cost a switch ≈4 ms). Not after a hand-over to the full command set.
 */
export function endsAtOnce(): boolean {
  return switched;
}

function full(argv: readonly string[]): Promise<number> | number {
  guardStdio(); // the full command set writes through process.stdout and process.stderr
  // The full command set, next to this bundle (see scripts/build.mjs), with its code cache.
  return (
    loadBundle(path.join(__dirname, 'commands.js')) as { run(a: readonly string[]): Promise<number> | number }
  ).run(argv);
}

/** What `use`'s first stage (use.ts) read and started before this bundle was loaded. */
export interface EarlyStart {
  /** profiles.json as readTrustedProfiles returned it (setActiveTrusted checks it again under its lock). */
  readonly profiles: ProfilesFile;
  /** The profile id the search is about. */
  readonly id: string;
  /** The Secret Service search for that profile's key (secretServiceItemExists), under way. */
  readonly exists?: Promise<true | undefined>;
}

export async function run(argv: readonly string[], early?: EarlyStart): Promise<number> {
  // The plain form only: `use <ref>`. Options, help and usage errors are the full command's.
  const ref = argv[1];
  if (argv.length !== 2 || ref === undefined || ref.startsWith('-') || ref === '') return full(argv);
  const file = profilesPath();
  const profiles = early?.profiles ?? readTrustedProfiles(file);
  if (!profiles) return full(argv);
  const prev = profiles.profiles.find((p) => p.id === profiles.activeProfileId);
  let r: ActivationResult;
  try {
    const runtime = currentCliRuntime(__dirname);
    const bridge = new SettingsBridge(userSettingsPath());
    // The profile's key is asked for up front the quick way (no native module when the Secret
    // Service has a plain answer; issue 16): a key the helper serves only needs to be there, so only
    // a key written into settings.json (a consented plaintext one) is read.
    const vault = new KeyringSecretStore();
    const target = findProfile(profiles, ref);
    const present =
      target && needsKey(target) && !consentedPlaintext(target)
        ? await vault.hasQuick(target.id, early?.id === target.id ? early.exists : undefined)
        : undefined;
    const secrets: SecretStore =
      target && readsSecret(target) && present === undefined
        ? new FirstReadSecretStore(target.id, await vault.getQuick(target.id), vault)
        : vault;
    r = activateProfile(
      {
        secrets,
        ...(present !== undefined && target
          ? { hasSecret: (id: string) => (id === target.id ? present : vault.get(id) !== undefined) }
          : {}),
        runtime,
        bridge,
        load: () => profiles,
        setActive: (id) => {
          if (!setActiveTrusted(file, id)) throw new NotTrusted();
        },
        // The status line, when on, stays on across a terminal switch (issue 15), read without the schema.
        extraPlan: () => statusLinePlan(bridge, runtime, statusLineEnabledRaw(), path.dirname(file)),
      },
      ref,
    );
  } catch (e) {
    // profiles.json changed under us: the full command does it all again (applying a plan twice
    // writes nothing the second time).
    // …and names a profile that is not there (its message suggests the closest name).
    if (e instanceof NotTrusted || (e instanceof AppError && e.kind === 'profile-not-found')) return full(argv);
    guardStdio();
    return reportError(e);
  }
  const code = await afterSwitch(r, () => undefined, prev, outDirect);
  switched = true;
  return code;
}
