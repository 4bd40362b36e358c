import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { closest } from '../../common/did-you-mean';
import type { Profile } from '../../common/profile';
import { profileNotFound } from '../core/activate';
import { AccountService } from '../core/accounts/account-service';
import { claudeAccount } from '../../common/providers/accounts';
import { runClaudeFor } from '../core/accounts/claude-account-cli';
import { unpinProfile } from '../core/accounts/project-pins';
import type { ProfileService } from '../core/profile-service';
import { clean, err, out, UsageError, type Opts } from './output';

/** The shape of the ids this app makes (profile-store.ts newProfileId): `work-key-3f9a`. */
const ID_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/;

/**
 * One line naming an account: name, email, plan, organisation. All of it is outside text (a
 * hand-edited profiles.json, what `claude auth status` said): cleaned here, since out() keeps line
 * breaks (an organisation "…\r\nFAKE: ok" printed a line of its own).
 */
export function accountLabel(p: Profile): string {
  const a = claudeAccount(p);
  if (!a) return clean(p.name);
  const who = [a.email, a.subscriptionType, a.organization]
    .filter(Boolean)
    .map((x) => clean(x!))
    .join(', ');
  const where = a.storageDir ? '' : 'default login';
  const parts = [who, where].filter(Boolean).join('; ');
  return parts ? `${clean(p.name)} (${parts})` : clean(p.name);
}

/**
 * `add claude-ai --login` / `--from-config-dir DIR`. The login runs in this terminal: Claude Code
 * opens the browser, and when the browser cannot reach it (SSH, another machine) it asks for the
 * code right here — which a tray app could not offer without opening a terminal itself.
 */
export async function addAccountCommand(svc: ProfileService, name: string, v: Opts): Promise<Profile> {
  const accounts = new AccountService(svc);
  const dir = typeof v['from-config-dir'] === 'string' ? v['from-config-dir'] : undefined;
  if (v['from-config-dir'] !== undefined && !dir) throw new UsageError('option --from-config-dir needs a folder');
  if (dir && v.login) throw new UsageError('options --login and --from-config-dir exclude each other');
  const p = dir
    ? await accounts.adopt(name, dir)
    : await whileAdding(svc, (made, onChild) =>
        accounts.addWithLogin(
          name,
          (draft) => {
            made(draft.storageDir!);
            out(`Signing in with Claude Code (claude auth login); its login is kept in ${draft.storageDir}.`);
            // No terminal: nobody sees its code prompt. Not refused: the browser's callback signs in
            // all the same, and a program may write the code to stdin (test/compat/claude-accounts).
            if (!process.stdin.isTTY)
              err(
                "standard input is not a terminal: finish the sign-in in the browser Claude Code opens (if Claude.ai shows a code, write it to this command's standard input), or run this in a terminal, or add the account from the window.",
              );
            return runClaudeFor(draft, ['auth', 'login'], process.env, { stdio: 'inherit', onChild });
          },
          onChild,
        ),
      );
  out(`Added ${accountLabel(p)}.`);
  return p;
}

/**
 * Ctrl-C, a kill or a closed terminal while Claude Code signs in, or after it while its identity is
 * read (`claude auth status`): nothing was added, so Claude Code is stopped and the folder made for
 * the login goes too (it stayed, with whatever Claude Code had written, owned by no profile). Only
 * the folder this app made (`made`), and only while no profile owns it: an adopted folder
 * (--from-config-dir) never comes here. Exit 130 / 143 / 129, as the signal's own would be.
 */
async function whileAdding<T>(
  svc: ProfileService,
  run: (made: (dir: string) => void, onChild: (c: ChildProcess) => void) => Promise<T>,
): Promise<T> {
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    const done = (): never => {
      if (dir && !owned(svc, dir)) fs.rmSync(dir, { recursive: true, force: true });
      process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
    };
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) {
      done();
      return;
    }
    c.once('exit', done);
    c.kill('SIGTERM');
    setTimeout(() => {
      c.kill('SIGKILL');
      done();
    }, 2000).unref();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, stop);
  try {
    return await run(
      (d) => (dir = d),
      (c) => (child = c),
    );
  } finally {
    for (const s of signals) process.off(s, stop);
  }
}

/** Whether a profile owns this folder (profiles.json as it is now; unreadable: taken as owned, kept). */
function owned(svc: ProfileService, dir: string): boolean {
  try {
    return svc.list().profiles.some((p) => claudeAccount(p)?.storageDir === dir);
  } catch {
    return true;
  }
}

/** `remove`: an account is logged out by Claude Code first (unless --keep-login); its pins go too. */
export async function removeProfile(svc: ProfileService, ref: string, keepLogin: boolean): Promise<void> {
  const { result: r, loggedOut, keptOwnLogin } = await new AccountService(svc).remove(ref, { keepLogin });
  if (!r.profile) {
    if (r.deletedItem)
      out(`No profile named or with id "${clean(ref)}"; deleted the keychain item it had left behind.`);
    else {
      // "Already removed" only for what looks like one of our ids (a repeated `remove <id>` in a
      // script) and is no typo of a profile still there; a name that never was is not found (exit 1).
      const f = svc.list();
      const typo = closest(ref, [...f.profiles.map((x) => x.name), ...f.profiles.map((x) => x.id)]);
      if (!ID_SHAPE.test(ref) || typo !== undefined) throw profileNotFound(ref, f);
      out(`No profile with id "${clean(ref)}" and no keychain item: already removed.`);
    }
    return;
  }
  const pins = unpinProfile(r.profile.id, process.env);
  const account = claudeAccount(r.profile);
  if (keptOwnLogin) {
    const dir = clean(keptOwnLogin);
    out(
      `Removed ${clean(r.profile.name)}; kept the login in ${dir}: it is yours ` +
        `(\`CLAUDE_CONFIG_DIR='${dir}' claude auth logout\` signs it out).`,
    );
  } else if (account?.storageDir) {
    out(
      loggedOut
        ? `Signed out of ${clean(r.profile.name)} (claude auth logout) and removed it.`
        : `Removed ${clean(r.profile.name)}; its login was left in ${account.storageDir}.`,
    );
  } else out(`Removed ${clean(r.profile.name)}${r.deletedItem ? ' and its keychain item' : ''}.`);
  if (pins > 0) out(`Removed its pin from ${pins} project${pins === 1 ? '' : 's'}.`);
}
