import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { claudeAccount } from '../../../common/providers/accounts';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Profile } from '../../../common/profile';
import type { ClaudeAuthStatus } from '../claude-auth-status';
import { findClaude } from '../claude-auth-status';
import { readClaudeLogin } from '../expiry/claude-login';
import type { Env } from '../paths';
import { isDefaultAccount, loginReadEnv, STORAGE_VAR } from './account-env';
import { parseIdentity } from './claude-account-cli';

export interface AccountWarning {
  readonly kind: 'claude-code-mismatch';
  readonly message: string;
  readonly fix: string;
  readonly windowFix?: string;
}

const NOT_HONOURED: AccountWarning = {
  kind: 'claude-code-mismatch',
  message:
    'This Claude Code no longer follows CLAUDE_SECURESTORAGE_CONFIG_DIR from settings.json, so it uses its default login whichever account is active here.',
  fix: 'Switch to the default account, and report the Claude Code version to Claude Auth Tray; `claude auth login` keeps working as before.',
};

/**
 * Whether the installed Claude Code still reads its login from CLAUDE_SECURESTORAGE_CONFIG_DIR
 * given in settings (not in the public docs). Asks `claude auth status` with that variable pointing
 * at an empty folder through --settings: a Claude Code that honours it finds no login there. Only
 * conclusive when the default login exists (otherwise "not logged in" proves nothing): undefined.
 */
export function storageDirHonoured(env: Env): Promise<boolean | undefined> {
  const bin = findClaude(env);
  const base = loginReadEnv({ id: 'x', name: 'x', createdAt: '', kind: 'claude-ai' }, env);
  if (!bin || !readClaudeLogin(base).loggedIn) return Promise.resolve(undefined);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-auth-tray-probe-'));
  const settings = JSON.stringify({ env: { [STORAGE_VAR]: empty } });
  return new Promise((resolve) => {
    let out = '';
    const done = (v: boolean | undefined): void => {
      fs.rmSync(empty, { recursive: true, force: true });
      resolve(v);
    };
    const c = spawn(bin, ['--settings', settings, 'auth', 'status', '--json'], {
      env: base as NodeJS.ProcessEnv,
      cwd: empty,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    });
    c.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    c.on('error', () => done(undefined));
    c.on('close', () => {
      const s = parseIdentity(out);
      done(s === undefined ? undefined : !(s.loggedIn && s.authMethod === 'claude.ai'));
    });
  });
}

/**
 * What is wrong with the active Claude.ai account per `claude auth status` (run as the user runs
 * Claude Code). Its email is not compared: Claude Code reports the email of the shared
 * ~/.claude.json, the default account's, whichever login it uses (seen with 2.1.197).
 */
export async function accountWarnings(
  active: Profile | undefined,
  s: ClaudeAuthStatus | undefined,
  env: Env,
): Promise<AccountWarning[]> {
  const account = claudeAccount(active);
  if (!account || isDefaultAccount(account) || !s) return [];
  // An API key or a cloud provider that wins is compareAuth's warning.
  if (s.apiKeySource || (s.apiProvider && s.apiProvider !== 'firstParty')) return [];
  const mine = readClaudeLogin(loginReadEnv(account, env));
  if ((await storageDirHonoured(env)) === false) return [NOT_HONOURED];
  if (mine.loggedIn && s.loggedIn === false) {
    return [
      {
        kind: 'claude-code-mismatch',
        message: `Claude Code does not find the login of the active account "${account.name}", which is in ${account.storageDir}.`,
        fix: 'Check your shell for CLAUDE_CONFIG_DIR or CLAUDE_SECURESTORAGE_CONFIG_DIR and project settings for another account; `claude-auth-tray doctor` lists them.',
        windowFix:
          'Check your shell for CLAUDE_CONFIG_DIR or CLAUDE_SECURESTORAGE_CONFIG_DIR and project settings for another account; the Doctor lists them.',
      },
    ];
  }
  if (mine.subscriptionType && s.subscriptionType && mine.subscriptionType !== s.subscriptionType) {
    return [
      {
        kind: 'claude-code-mismatch',
        message: `Claude Code reports a ${s.subscriptionType} login, but the active account "${account.name}" is ${mine.subscriptionType}.`,
        fix: 'Check project settings (.claude/settings.local.json) and managed settings for CLAUDE_SECURESTORAGE_CONFIG_DIR, and your shell for CLAUDE_CONFIG_DIR.',
      },
    ];
  }
  return [];
}
