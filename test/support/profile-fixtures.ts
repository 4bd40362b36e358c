/** Sample profiles and states shared by unit and component tests (no Node APIs: the web tests use it too). */
import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';

const at = '2026-01-01T00:00:00.000Z';

export const KEY: Profile = { id: 'work-1', name: 'Work key', createdAt: at, kind: 'anthropic-api-key' };
export const BED: Profile = {
  id: 'bed-1',
  name: 'Bedrock prod',
  createdAt: at,
  kind: 'bedrock',
  region: 'us-west-2',
  awsProfile: 'prod',
  authMode: 'sso',
};
export const HELPER: Profile = { id: 'vault-1', name: 'Vault', createdAt: at, kind: 'api-key-helper', command: 'x' };
/** Two Claude.ai accounts in folders of the app, as the account screens show them. */
export const CLAUDE_WORK: Extract<Profile, { kind: 'claude-ai' }> = {
  id: 'work-1',
  name: 'Work',
  createdAt: at,
  kind: 'claude-ai',
  storageDir: '/data/accounts/acct-1',
  email: 'me@corp.example',
  subscriptionType: 'team',
  organization: 'Corp',
};
export const CLAUDE_HOME: Extract<Profile, { kind: 'claude-ai' }> = {
  ...CLAUDE_WORK,
  id: 'home-1',
  name: 'Home',
  storageDir: '/data/accounts/acct-2',
  email: 'me@home.example',
  subscriptionType: 'max',
};
export const ADMIN: Profile = { id: 'admin-1', name: 'Admin', createdAt: at, kind: 'anthropic-admin-key' };

/** A state: ok and valid unless overridden. */
export function authState(id: string, over: Partial<AuthState> = {}, now = Date.now()): AuthState {
  return {
    profileId: id,
    status: 'ok',
    lastCheckedAt: now,
    detail: { kind: 'valid', message: 'The key works.' },
    next: 'none',
    ...over,
  };
}
