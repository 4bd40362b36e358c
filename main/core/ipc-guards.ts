/**
 * Defence in depth behind the IPC contract (issue 12, item 11). The window's renderer is sandboxed,
 * but if it were ever compromised it could call any channel with any argument the schemas allow.
 * What it must not get by that: a stored key sent to an address of its choice, or a command of its
 * choice run. The rules, and why they keep the window's own flows working:
 *
 * - A key the renderer sends (a draft the user pasted) may go to any base URL: the renderer already
 *   knows that key, so sending it somewhere tells an attacker nothing new.
 * - A stored key (named by profileId) goes only where its profile sends it anyway: the saved base URL
 *   (Admin keys: the Admin API base team commands use), else the app's Anthropic API base. Only
 *   Anthropic keys are checked; a Bedrock or Foundry key is never sent as `x-api-key`.
 * - The saved address of a stored key moves only together with the key (`profiles:update` with
 *   `secret`), or "update the base URL, then check" would undo the rule above.
 * - `helper:run` takes a profile id and runs that profile's saved command. A "confirm this command"
 *   flag would not help: a compromised renderer can fake any confirmation. A saved command is one the
 *   user typed and saved; the Add screen's "Save and run" saves the draft first.
 * - Saving a command (or moving a key helper's base URL) over IPC waits for the user's answer in a
 *   native dialog the main process owns: command-confirm.ts.
 */
import { AppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { needsSecret, providerOf } from '../../common/providers';
import { readCachedKey } from './helper-cache';
import type { Env } from './paths';
import { coreOf } from './providers';
import type { SecretStore } from './vault';

const normal = (u: string | undefined): string | undefined => u?.trim().replace(/\/+$/, '') || undefined;

/** Where a profile's stored key is sent (undefined: the default endpoint). */
function destination(p: Profile): string | undefined {
  const own = coreOf(p.kind).keyDestination;
  if (own) return own(p);
  return 'baseUrl' in p ? normal(p.baseUrl) : undefined;
}

/** The key of a stored profile and the one base URL it may be checked at. */
export function storedKeyCheck(
  p: Profile,
  requestedBase: string | undefined,
  store: SecretStore,
  env: Env,
  apiBaseUrl: string | undefined,
): { key: string | undefined; baseUrl: string | undefined } {
  const { traits } = providerOf(p.kind);
  if (!traits.anthropicBaseUrl)
    throw new AppError({
      kind: 'invalid-argument',
      message: 'Only Anthropic API and Admin keys can be checked here.',
      nextStep: 'Use the provider’s own console to check this key.',
    });
  const own = normal((p as { baseUrl?: string }).baseUrl);
  const saved = own ?? (traits.adminKey ? normal(env.CLAUDE_AUTH_TRAY_ADMIN_API_URL) : undefined) ?? normal(apiBaseUrl);
  const asked = normal(requestedBase);
  if (asked !== undefined && asked !== own && asked !== saved)
    throw new AppError({
      kind: 'invalid-argument',
      message: 'A saved key is checked only at the base URL its profile was saved with.',
      nextStep: 'Paste the key again to check it at another address, or save the new base URL with the key first.',
    });
  // A helper profile's keychain item is its cache envelope; every other kind holds the key itself.
  const key = traits.keyInCache ? readCachedKey(store, p.id)?.key : store.get(p.id);
  return { key, baseUrl: saved };
}

/** `profiles:update` may move a stored key's address only when the key comes with it. */
export function assertKeyStaysHome(old: Profile, next: Profile, secretGiven: boolean): void {
  if (secretGiven || !needsSecret(old)) return;
  const to = destination(next);
  if (to === undefined || to === destination(old)) return; // unchanged, or back to the default endpoint
  throw new AppError({
    kind: 'invalid-argument',
    message: `The saved key of "${old.name}" goes only to the address it was saved with.`,
    nextStep: 'Paste the key again together with the new base URL.',
  });
}

/** The saved command of a helper profile, for `helper:run`. */
export function storedHelper(p: Profile): { command: string; timeoutMs?: number } {
  if (providerOf(p.kind).traits.helperServes !== 'helper-key')
    throw new AppError({
      kind: 'invalid-argument',
      message: `"${p.name}" is not a key-helper profile.`,
      nextStep: 'Run the helper of a key-helper profile.',
    });
  const h = p as Extract<Profile, { kind: 'api-key-helper' }>;
  return { command: h.command, ...(h.timeoutMs ? { timeoutMs: h.timeoutMs } : {}) };
}
