import { isAppError, keyMissingStep } from '../../common/errors';
import type { DoctorFinding } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { needsSecret } from '../../common/providers';
import type { SecretStore } from './vault';

/**
 * Doctor's keychain check: items of this app's service that no profile owns (left by a `remove`
 * that failed half-way in older versions, issue 12 item 7). Lists accounts only, never a secret.
 * An unreadable keychain is a finding too, with its next step.
 */
export function keychainFindings(store: SecretStore, profiles: readonly Profile[]): DoctorFinding[] {
  let accounts: string[];
  try {
    accounts = store.accounts();
  } catch (e) {
    if (!isAppError(e)) throw e;
    return [
      {
        kind: 'keychain-unreadable',
        severity: 'error',
        message: e.message,
        fix: e.nextStep ?? 'Unlock or start your keyring, then run the doctor again.',
      },
    ];
  }
  const owned = new Set(profiles.map((p) => p.id));
  const held = new Set(accounts);
  // A profile whose key was deleted behind the app (`secret-tool clear`, a keychain app): it cannot work.
  const missing: DoctorFinding[] = profiles
    .filter((p) => needsSecret(p) && !held.has(p.id) && absent(store, p.id))
    .map((p) => {
      const step = keyMissingStep(p.name);
      return {
        kind: 'keychain-key-missing',
        severity: 'error',
        message: `The key of profile "${p.name}" is missing from the keychain.`,
        fix: step.cli,
        windowFix: step.window,
      };
    });
  return missing.concat(
    accounts
      .filter((a) => !owned.has(a))
      .map((account) => ({
        kind: 'keychain-orphan',
        severity: 'warning',
        account,
        message: `The keychain holds an item of Claude Auth Tray (account "${account}") that no profile owns.`,
        fix: `Delete it with \`claude-auth-tray doctor --fix\` (or \`claude-auth-tray remove ${account}\`). If another Claude Auth Tray folder (CLAUDE_AUTH_TRAY_HOME) has a profile with this id, it belongs there: leave it.`,
        windowFix: `Delete the item of service "claude-auth-tray", account "${account}", with your keychain app (Keychain Access, Seahorse, Credential Manager). If another Claude Auth Tray folder (CLAUDE_AUTH_TRAY_HOME) has a profile with this id, it belongs there: leave it.`,
      })),
  );
}

/** Not in the keychain, asked once more by itself (a listing that missed an item must not say "missing"). */
function absent(store: SecretStore, account: string): boolean {
  try {
    return store.get(account) === undefined;
  } catch {
    return false; // unreadable: the listing's own finding says so
  }
}

/** Deletes every item that no profile owns; one line per item. Keychain errors propagate. */
export function deleteOrphans(store: SecretStore, profiles: readonly Profile[]): string[] {
  const owned = new Set(profiles.map((p) => p.id));
  return store
    .accounts()
    .filter((a) => !owned.has(a))
    .map((account) => {
      store.delete(account);
      return `Deleted the keychain item "${account}" (no profile owned it).`;
    });
}
