import * as path from 'node:path';
import { AppError } from '../../../common/errors';
import type { ProfileView, SignInResult, Snapshot } from '../../../common/ipc-contract';
import type { Profile } from '../../../common/profile';
import { PROVIDER_LABEL } from '../../../common/profile';
import { claudeAccount } from '../../../common/providers/accounts';
import type { Handlers } from '../app-api/context';
import type { Env } from '../paths';
import type { ProfileService } from '../profile-service';
import { isDefaultAccount } from './account-env';
import type { AccountLogins } from './account-login';
import { AccountService } from './account-service';
import { billingChange } from './billing-change';
import { profileForFolder } from './folder-profile';
import { listPins, pinProject, unpinProject } from './project-pins';

export type AccountChannels =
  | 'signin:start'
  | 'accounts:add'
  | 'accounts:sign-out'
  | 'accounts:login-code'
  | 'accounts:login-cancel'
  | 'pins:remove'
  | 'pins:add';

/** Picks a folder in a native dialog (Electron's dialog.showOpenDialog; tests: a twin). */
export type ChooseFolder = (title: string) => Promise<string | undefined>;

export interface AccountHandlerDeps {
  readonly svc: ProfileService;
  readonly env: Env;
  readonly logins: AccountLogins;
  readonly chooseFolder?: ChooseFolder | undefined;
  readonly reload: () => void;
  readonly publish: () => void;
  /** The current snapshot (AppApi: the one the tray and the window get too). */
  readonly snapshot: () => Promise<Snapshot>;
  readonly view: (p: Profile) => ProfileView;
}

/**
 * The window's sign-in to an existing account: Claude Code's login for its folder; when it ends,
 * `claude auth status` is asked who it is now (the user may have picked another Claude.ai account
 * in the browser, or the plan changed) and the profile records it. Undefined for a profile that is
 * not an account with a folder of its own (the generic sign-in handles it).
 */
export async function accountSignIn(d: AccountHandlerDeps, id: string): Promise<SignInResult | undefined> {
  const p = claudeAccount(d.svc.profiles.find(id));
  if (!p || isDefaultAccount(p)) return undefined;
  const { started, done } = d.logins.start(p, p.id);
  void done.then(async (r) => {
    if (r.code === 0) {
      try {
        await new AccountService(d.svc, d.env).refreshIdentity(p.id);
      } catch {
        // Removed meanwhile, or Claude Code did not answer: the next sign-in asks again.
      }
    }
    d.reload();
    d.publish();
  });
  await started;
  return {
    started: true,
    command: 'claude auth login',
    codeInWindow: true,
    message:
      'Claude Code opened Claude.ai in your browser. Finish the sign-in there; if Claude.ai shows a code, paste it here.',
  };
}

/** The account channels; `signIn` is the generic sign-in that every other profile keeps. */
export function accountHandlers(
  d: AccountHandlerDeps,
  signIn: Handlers['signin:start'],
): Pick<Handlers, AccountChannels> {
  return {
    'signin:start': async (target) =>
      (typeof target === 'string' ? await accountSignIn(d, target) : undefined) ?? signIn(target),
    'accounts:add': async ({ name }) => {
      // The window has no terminal: Claude Code's browser flow, with its code prompt answered from the
      // window (accounts:login-code); the call ends when that login ends, at most after 10 minutes.
      const p = await new AccountService(d.svc, d.env).addWithLogin(name, (draft) => {
        const { done } = d.logins.start(draft, `new:${name}`);
        return done;
      });
      d.reload();
      return d.view(p);
    },
    'accounts:sign-out': async (id) => {
      await new AccountService(d.svc, d.env).signOut(id);
      d.reload();
      return d.snapshot();
    },
    'accounts:login-code': async ({ code }) => ({ sent: d.logins.sendCode(code) }),
    'accounts:login-cancel': async () => {
      d.logins.cancel();
      return d.snapshot();
    },
    'pins:remove': async (dir) => {
      // Only a folder this app pinned: never a settings file the window names.
      if (!listPins(d.env).some((p) => p.dir === dir))
        throw new AppError({ kind: 'invalid-argument', message: 'That folder is not pinned.' });
      unpinProject(dir, d.env);
      return d.snapshot();
    },
    'pins:add': async ({ profileId }) => {
      const profile = d.svc.profiles.find(profileId);
      if (!d.chooseFolder)
        throw new AppError({
          kind: 'invalid-argument',
          message: 'This window cannot choose a folder.',
          nextStep: {
            cli: `Run \`claude-auth-tray use "${profile.name}" --project <folder>\` instead.`,
            window: 'Pin it from the desktop app, which can choose a folder.',
          },
        });
      // The folder comes from the main process's own dialog, never from the renderer.
      const dir = await d.chooseFolder(`Pin "${profile.name}" to a project folder`);
      if (!dir) return { cancelled: true, snapshot: await d.snapshot() };
      const f = d.svc.list();
      const before = profileForFolder(dir, f.activeProfileId, d.env, f.profiles);
      const r = pinProject(d.svc, profileId, dir, d.env); // the same core as `use --project`, same refusals
      const money = billingChange(
        f.profiles.find((p) => p.id === before.profileId),
        r.profile,
      );
      const message = [
        `Pinned ${dir} to ${r.profile.name} (${PROVIDER_LABEL[r.profile.kind]}) in ${r.apply.file}.`,
        'New Claude Code sessions started in this folder use it (not in its subfolders: Claude Code reads the .claude folder of the folder it starts in only).',
        ...(money ? [money] : []),
      ].join(' ');
      return { cancelled: false, dir: path.resolve(dir), message, snapshot: await d.snapshot() };
    },
  };
}
