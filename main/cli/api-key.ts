/**
 * `claude-auth-tray api-key [--profile <id>]`: what Claude Code runs as `apiKeyHelper`.
 * Prints exactly the key and a newline on stdout, or exits non-zero with one line on stderr.
 *
 * This is the hot path (every Claude Code start and every 401), so it loads no schema library and
 * reads profiles.json with plain JSON.parse; the full schema is enforced wherever the file is written.
 */
import * as fs from 'node:fs';
import { isAppError, keyMissingStep } from '../../common/errors';
import { helperServes } from '../../common/providers/helper-serves';
import { appDataDir, profilesPath } from '../core/paths';
import { SecretServiceSession } from '../core/secret-service-session';
import { KEYCHAIN_SERVICE, KeyringSecretStore } from '../core/vault';
import { isValidKeyToken } from '../core/secret-text';
import { writeDirect } from './direct-write';

interface RawProfile {
  id?: unknown;
  kind?: unknown;
  name?: unknown;
  command?: unknown;
  ttlMs?: unknown;
  timeoutMs?: unknown;
}

function fail(message: string, code = 1): number {
  writeDirect(2, `claude-auth-tray: ${message}\n`);
  return code;
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = argv.slice(1);
  let profileId: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--profile' && args[i + 1] !== undefined) profileId = args[++i];
    else if (a?.startsWith('--profile=')) profileId = a.slice('--profile='.length);
    else if (a === '--help' || a === '-h') {
      writeDirect(
        1,
        'Usage: claude-auth-tray api-key [--profile <id>]\n\nPrints the key of the profile (default: the active one) and a newline; nothing else.\nClaude Code runs this as its apiKeyHelper.\n\nExit codes: 0 key printed; 1 no key (reason on stderr); 2 bad usage; 3 keychain unavailable or locked\n(a helper profile: its key is then still printed, with a note on stderr that it is not cached).\n',
      );
      return 0;
    } else return fail(`unknown option for api-key: ${a ?? ''}`, 2);
  }

  let file: { activeProfileId?: unknown; profiles?: unknown };
  try {
    file = JSON.parse(fs.readFileSync(profilesPath(), 'utf8')) as typeof file;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return fail('No profiles yet. Add one with `claude-auth-tray add`.');
    return fail(`cannot read ${profilesPath()}. Run \`claude-auth-tray list\` for details.`);
  }
  const id = profileId ?? (typeof file.activeProfileId === 'string' ? file.activeProfileId : undefined);
  if (!id) return fail('No active profile. Choose one with `claude-auth-tray use <name>`.');
  const profiles = Array.isArray(file.profiles) ? (file.profiles as RawProfile[]) : [];
  const p = profiles.find((x) => x.id === id);
  if (!p)
    return fail(
      `No profile with id "${id}". Run \`claude-auth-tray list\`, then \`claude-auth-tray use <name>\` again.`,
    );

  // One Secret Service connection for the whole process (a helper's cold path reads twice and writes).
  const session = new SecretServiceSession();
  try {
    return await serve(id, p, new KeyringSecretStore(KEYCHAIN_SERVICE, process.platform, session), session);
  } finally {
    session.close(); // an open socket would keep the process alive
  }
}

function cacheOffNote(kind: string): string {
  return kind === 'keychain-locked'
    ? 'the key cache is off: the keyring is locked. Unlock it to cache the key between runs.'
    : 'the key cache is off: no keyring (Secret Service) is available. Start one to cache the key between runs.';
}

async function serve(
  id: string,
  p: RawProfile,
  store: KeyringSecretStore,
  session: SecretServiceSession,
): Promise<number> {
  // What this helper serves for the profile's kind (raw JSON: the kind may be anything).
  const serves = helperServes(p.kind);
  try {
    if (serves === 'keychain-key') {
      const key = await store.getQuick(id);
      if (!key || !isValidKeyToken(key)) {
        return fail(
          `The key of profile "${String(p.name)}" is not in the keychain. ${keyMissingStep(String(p.name)).cli}`,
        );
      }
      writeDirect(1, `${key}\n`);
      return 0;
    }
    if (serves === 'helper-key' && typeof p.command === 'string') {
      // Its cached key is read like an API key; a refresh reads it again under the lock and writes
      // the new one, all without the native module when the Secret Service answers plainly. The search
      // for its item starts first (its connection is the longest wait of the run), its secret is asked
      // for only when read: a refresh the stamp says is due asks for it only while its command runs,
      // under the refresh's lock, and writes a changed key to the item that search found (the same key
      // again only goes into the stamp; issue 16, secret-service-session.ts, helper-stamp.ts).
      if (process.platform === 'linux') void session.find(KEYCHAIN_SERVICE, id);
      // Loaded only for helper profiles: the TTL, cache and runner modules.
      const { serveHelperKey } = await import('./api-key-helper');
      const keychain = {
        get: (account: string): Promise<string | undefined> => store.getQuick(account),
        set: (account: string, secret: string): Promise<void> => store.setQuick(account, secret),
      };
      const served = await serveHelperKey(keychain, appDataDir(), {
        id,
        command: p.command,
        ttlMs: typeof p.ttlMs === 'number' ? p.ttlMs : undefined,
        timeoutMs: typeof p.timeoutMs === 'number' ? p.timeoutMs : undefined,
      });
      writeDirect(1, `${served.key}\n`);
      // The user's command needs no keychain of ours: its key is served, only not cached (one line,
      // no secret; Claude Code takes stdout and the exit code).
      if (served.cacheOff) writeDirect(2, `claude-auth-tray: ${cacheOffNote(served.cacheOff.kind)}\n`);
      return 0;
    }
    return fail(
      `Profile "${String(p.name)}" has no API key; Claude Code should not run the helper for it. Run \`claude-auth-tray use ${id}\` again.`,
    );
  } catch (e) {
    if (isAppError(e)) return fail(e.toLine(), e.kind.startsWith('keychain-') ? 3 : 1);
    return fail(`Could not get the key (${String((e as Error)?.message ?? e).split('\n')[0]}).`);
  }
}
