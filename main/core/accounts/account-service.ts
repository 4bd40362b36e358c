import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../common/errors';
import { claudeAccount } from '../../../common/providers/accounts';
import type { Profile } from '../../../common/profile';
import { findProfile } from '../activate';
import type { Env } from '../paths';
import type { ProfileService, RemoveResult } from '../profile-service';
import { accountsRoot, isDefaultAccount, newAccountDir, type ClaudeAiProfile } from './account-env';
import { accountIdentity, logoutAccount, type AccountIdentity, type ClaudeRun } from './claude-account-cli';

/** Runs Claude Code's own login for a new account (the CLI: in the user's terminal). */
export type LoginRunner = (p: ClaudeAiProfile) => Promise<ClaudeRun>;

function identityFields(i: AccountIdentity | undefined): Partial<ClaudeAiProfile> {
  return {
    ...(i?.email ? { email: i.email } : {}),
    ...(i?.organization ? { organization: i.organization } : {}),
    ...(i?.subscriptionType ? { subscriptionType: i.subscriptionType } : {}),
  };
}

function asAccount(p: Profile): ClaudeAiProfile {
  const a = claudeAccount(p);
  if (!a) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `"${p.name}" is not a Claude.ai account.`,
      nextStep: {
        cli: 'Choose a claude-ai profile (see `claude-auth-tray list`).',
        window: 'Choose a Claude.ai account.',
      },
    });
  }
  return a;
}

/**
 * Claude.ai accounts (issue 14). The login always stays Claude Code's: this app creates an empty
 * folder, has `claude auth login` sign in there, and asks `claude auth status` who it is. It never
 * reads, copies, writes or refreshes a token.
 */
export class AccountService {
  constructor(
    private readonly svc: ProfileService,
    private readonly env: Env = process.env,
  ) {}

  /** A new account: an empty folder of ours, Claude Code's login into it, then its identity. */
  /**
   * `onChild`: each Claude Code process this runs for the new folder after the login (the identity
   * read), so that a caller stopped by a signal can stop it before removing the folder.
   */
  async addWithLogin(name: string, login: LoginRunner, onChild?: (c: ChildProcess) => void): Promise<ClaudeAiProfile> {
    this.assertNameFree(name);
    const dir = newAccountDir(`acct-${randomBytes(6).toString('hex')}`, this.env);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const draft: ClaudeAiProfile = { id: 'new', name, createdAt: '', kind: 'claude-ai', storageDir: dir };
    try {
      const r = await login(draft);
      const who = await accountIdentity(draft, this.env, onChild);
      if (r.code !== 0 || !who?.loggedIn) {
        throw new AppError({
          kind: 'claude-login-failed',
          message: `Claude Code did not finish signing in "${name}"${r.code === null ? '' : ` (claude auth login exited with ${r.code})`}.`,
          nextStep: 'Try again and finish the sign-in in the browser (or paste the code Claude Code asks for).',
        });
      }
      return asAccount(this.svc.add({ kind: 'claude-ai', name, storageDir: dir, ...identityFields(who) }));
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Adopts a login kept in another Claude Code config folder (a CLAUDE_CONFIG_DIR alias): nothing is copied. */
  async adopt(name: string, dir: string): Promise<ClaudeAiProfile> {
    this.assertNameFree(name);
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
      throw new AppError({
        kind: 'invalid-argument',
        message: `${abs} is not a folder.`,
        nextStep: 'Give the folder your alias sets as CLAUDE_CONFIG_DIR.',
      });
    }
    const draft: ClaudeAiProfile = {
      id: 'new',
      name,
      createdAt: '',
      kind: 'claude-ai',
      storageDir: abs,
      adopted: true,
    };
    const who = await accountIdentity(draft, this.env);
    if (!who?.loggedIn || who.authMethod !== 'claude.ai') {
      throw new AppError({
        kind: 'claude-login-failed',
        message: `Claude Code has no Claude.ai login in ${abs}.`,
        nextStep: {
          cli: `Sign in there first (CLAUDE_CONFIG_DIR='${abs}' claude auth login), or add a new account with --login.`,
          window: 'Sign in there first, or add a new account with "Sign in with Claude".',
        },
      });
    }
    const { id: _id, createdAt: _at, ...input } = draft;
    return asAccount(this.svc.add({ ...input, ...identityFields(who) }));
  }

  /** Asks Claude Code again who an account is and records it (email, organisation, plan). */
  async refreshIdentity(ref: string): Promise<{ profile: ClaudeAiProfile; identity: AccountIdentity | undefined }> {
    const p = asAccount(this.svc.profiles.find(ref));
    const who = await accountIdentity(p, this.env);
    if (!who?.loggedIn) return { profile: p, identity: who };
    const next: ClaudeAiProfile = { ...p, ...identityFields(who) };
    this.svc.profiles.update((f) => ({
      file: { ...f, profiles: f.profiles.map((x) => (x.id === p.id ? next : x)) },
      result: undefined,
    }));
    return { profile: next, identity: who };
  }

  /**
   * Removes an account: `claude auth logout` for it first (its refresh token must not linger), then
   * the profile, then our own folder. Only a folder this app created is signed out: the default
   * account's login and an adopted folder (a CLAUDE_CONFIG_DIR alias) are the user's and keep their
   * login (`keptOwnLogin`), so `CLAUDE_CONFIG_DIR=~/.claude-work claude` still works afterwards.
   */
  async remove(
    ref: string,
    opts: { keepLogin?: boolean } = {},
  ): Promise<{ result: RemoveResult; loggedOut: boolean; keptOwnLogin?: string }> {
    // By id, else by name (as `remove` resolves it); none is the plain removal's "not found".
    const p = claudeAccount(findProfile(this.svc.list(), ref));
    if (!p || isDefaultAccount(p)) return { result: this.svc.remove(ref), loggedOut: false };
    if (p.adopted) return { result: this.svc.remove(p.id), loggedOut: false, keptOwnLogin: p.storageDir! };
    let loggedOut = false;
    if (!opts.keepLogin) {
      const r = await logoutAccount(p, this.env);
      if (r.code !== 0) {
        throw new AppError({
          kind: 'claude-login-failed',
          message: `claude auth logout failed for "${p.name}", so the account was kept.`,
          nextStep: {
            cli: 'Try again, or remove it with --keep-login to keep its login in its folder.',
            window: 'Try again; the account stays until it is signed out.',
          },
        });
      }
      loggedOut = true;
    }
    const result = this.svc.remove(p.id);
    const root = accountsRoot(this.env);
    if (path.dirname(path.resolve(p.storageDir!)) === root && !opts.keepLogin) {
      fs.rmSync(p.storageDir!, { recursive: true, force: true });
    }
    return { result, loggedOut };
  }

  /** `claude auth logout` for an account of its own folder; the profile stays (Sign in brings it back). */
  async signOut(ref: string): Promise<void> {
    const p = asAccount(this.svc.profiles.find(ref));
    if (isDefaultAccount(p)) {
      throw new AppError({
        kind: 'invalid-argument',
        message: "The default account is Claude Code's own login, used whenever no account is chosen.",
        nextStep: 'Sign it out in Claude Code (/logout) if you mean to.',
      });
    }
    const r = await logoutAccount(p, this.env);
    if (r.code !== 0) {
      throw new AppError({
        kind: 'claude-login-failed',
        message: `claude auth logout failed for "${p.name}".`,
        nextStep: {
          cli: 'Try again; `claude-auth-tray status` shows its state.',
          window: 'Try again; the profile shows its state.',
        },
      });
    }
  }

  private assertNameFree(name: string): void {
    if (this.svc.list().profiles.some((p) => p.name === name)) {
      throw new AppError({
        kind: 'profile-exists',
        message: `A profile named "${name}" already exists.`,
        nextStep: 'Choose another name, or remove the old profile first.',
      });
    }
  }
}
