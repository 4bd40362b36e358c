import { loginReadEnv } from '../accounts/account-env';
import { accountPlan } from '../accounts/account-plan';
import { claudeLoginState, credentialsFile, readClaudeLogin } from '../expiry/claude-login';
import { viaClaudeLogin } from './claude-code-check';
import type { CoreProvider } from './types';

/**
 * A Claude.ai account (issue 14), its login always Claude Code's, read only: the default account is
 * Claude Code's own login (removing this app's keys lets Claude Code use it); any other account's
 * login is in its own folder, selected by CLAUDE_SECURESTORAGE_CONFIG_DIR (main/core/accounts/).
 */
export const claudeAiCore = {
  kind: 'claude-ai',
  activation: (p) => accountPlan(p),
  offlineState: (p, ctx) => claudeLoginState(p.id, readClaudeLogin(loginReadEnv(p, ctx.env), ctx.platform), ctx.now),
  monitoring: () => ({ how: 'files' }),
  watchedFiles: (p, env) => [credentialsFile(loginReadEnv(p, env))],
  signIn: () => ({ bin: 'claude', args: ['auth', 'login'] }),
  // An account of its own folder signs in with that folder as Claude Code's config folder (as
  // accountCommandEnv runs it: its email goes there, not into the default account's ~/.claude.json).
  // Both variables, as accountCommandEnv sets them (a shell that exports the storage one would
  // otherwise send the login elsewhere).
  signInLine: (p) => {
    if (!p.storageDir) return undefined;
    const q = `'${p.storageDir.replace(/'/g, `'\\''`)}'`;
    return `CLAUDE_CONFIG_DIR=${q} CLAUDE_SECURESTORAGE_CONFIG_DIR=${q} claude auth login`;
  },
  loginDraft: (_d, base) => ({ ...base, kind: 'claude-ai' }),
  claudeCode: viaClaudeLogin,
  // Claude Code's stored login can live where this app cannot read it (another keychain item, a
  // future format): when `claude auth status` says it is signed in to Claude.ai, believe it.
  withClaudeStatus: (s, c) => {
    if (s.detail.kind !== 'not-logged-in' || !c.loggedIn || c.authMethod !== 'claude.ai') return s;
    const plan = c.subscriptionType ? ` (${c.subscriptionType})` : '';
    return {
      ...s,
      status: 'ok',
      next: 'none',
      detail: { kind: 'logged-in', message: `signed in to Claude.ai${plan}, per \`claude auth status\`` },
    };
  },
} as const satisfies CoreProvider<'claude-ai'>;
