import type * as ChildProcessModule from 'node:child_process';
import * as path from 'node:path';
import type { AuthState } from '../../../common/auth-state';
import { readFileIfExists } from '../atomic-write';
import { claudeConfigDir, type Env } from '../paths';
import { sha256Hex } from '../sha256';
import { notSignedIn, stateFromExpiry } from './expiry-state';
import { nodeOs } from '../lazy-os';

/**
 * Claude Code's own stored login, read only (claude-code-auth.md: another program that refreshes or
 * writes this token logs the user out). The shape is unofficial: anything unexpected reads as
 * "not logged in" rather than an error.
 */
export interface ClaudeLogin {
  readonly loggedIn: boolean;
  readonly source: 'file' | 'keychain' | 'none';
  readonly subscriptionType?: string;
  readonly expiresAt?: number;
  readonly renewable: boolean;
  /**
   * Claude Code blanked the login after its refresh was refused (invalid_grant): empty access and
   * refresh tokens, expiresAt 0 (claude-code-auth.md, verified with 2.1.197).
   */
  readonly revoked?: boolean;
}

/**
 * The folder Claude Code keeps its login in, as Claude Code 2.1.197 decides it:
 * CLAUDE_SECURESTORAGE_CONFIG_DIR when set ("" means ~/.claude), else the config folder.
 */
export function loginStorageDir(env: Env = process.env): string {
  const s = env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  if (s !== undefined)
    return s ? path.resolve(s) : path.join(env.HOME || env.USERPROFILE || nodeOs().homedir(), '.claude');
  return claudeConfigDir(env);
}

export function credentialsFile(env: Env = process.env): string {
  return path.join(loginStorageDir(env), '.credentials.json');
}

/**
 * macOS Keychain service name (unofficial, read from 2.1.197): `Claude Code-credentials`, with
 * `-<first 8 hex of sha256(folder)>` when CLAUDE_SECURESTORAGE_CONFIG_DIR is a non-empty folder, or,
 * when that variable is unset, when CLAUDE_CONFIG_DIR is set.
 */
export function macKeychainService(env: Env = process.env): string {
  const s = env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  const dir = s !== undefined ? s : env.CLAUDE_CONFIG_DIR;
  return dir ? `Claude Code-credentials-${sha256Hex(dir.normalize('NFC')).slice(0, 8)}` : 'Claude Code-credentials';
}

export function parseClaudeCredentials(text: string | undefined, source: 'file' | 'keychain'): ClaudeLogin {
  if (!text) return { loggedIn: false, source: 'none', renewable: false };
  try {
    const o = (JSON.parse(text) as { claudeAiOauth?: Record<string, unknown> }).claudeAiOauth;
    if (!o || typeof o.accessToken !== 'string') return { loggedIn: false, source: 'none', renewable: false };
    if (o.accessToken === '' && !o.refreshToken) return { loggedIn: false, source, renewable: false, revoked: true };
    return {
      loggedIn: true,
      source,
      renewable: typeof o.refreshToken === 'string' && o.refreshToken.length > 0,
      ...(typeof o.subscriptionType === 'string' ? { subscriptionType: o.subscriptionType } : {}),
      ...(typeof o.expiresAt === 'number' ? { expiresAt: o.expiresAt } : {}),
    };
  } catch {
    return { loggedIn: false, source: 'none', renewable: false };
  }
}

export function readClaudeLogin(env: Env = process.env, platform: NodeJS.Platform = process.platform): ClaudeLogin {
  if (platform === 'darwin') {
    // Loaded when it runs: the lean `use` bundle holds this module, and child_process costs ≈2 ms (issue 16).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require('node:child_process') as typeof ChildProcessModule;
    const r = spawnSync(
      'security',
      ['find-generic-password', '-s', macKeychainService(env), '-a', nodeOs().userInfo().username, '-w'],
      {
        encoding: 'utf8',
        timeout: 5000,
      },
    );
    if (r.status === 0) return parseClaudeCredentials(r.stdout.trim(), 'keychain');
  }
  return parseClaudeCredentials(readFileIfExists(credentialsFile(env)), 'file');
}

/**
 * A renewable login (with a refresh token) is Claude Code's to keep fresh: no expiry is shown. One
 * without a refresh token ends at its access token's expiry.
 */
export function claudeLoginState(profileId: string, login: ClaudeLogin, now: number): AuthState {
  const plan = login.subscriptionType ? ` (${login.subscriptionType})` : '';
  if (login.revoked) {
    return {
      ...notSignedIn(profileId, now, 'Claude Code could not renew this login (its refresh token was refused)'),
      detail: { kind: 'revoked', message: 'Claude Code could not renew this login (its refresh token was refused)' },
    };
  }
  if (!login.loggedIn) {
    return notSignedIn(profileId, now, 'Claude Code is not logged in to Claude.ai');
  }
  if (login.renewable || login.expiresAt === undefined) {
    return {
      profileId,
      status: 'ok',
      lastCheckedAt: now,
      detail: { kind: 'logged-in', message: `logged in to Claude.ai${plan}; Claude Code renews the session` },
      next: 'none',
    };
  }
  return stateFromExpiry(
    profileId,
    login.expiresAt,
    now,
    { kind: 'session', message: `Claude.ai session${plan}` },
    { expiring: 'sign-in', expired: 'sign-in' },
  );
}
