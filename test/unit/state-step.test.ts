import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { cliStateStep } from '../../main/core/state-step';

const base = { id: 'w-1', createdAt: '2026-01-01T00:00:00.000Z' };
const notSignedIn: AuthState = {
  profileId: 'w-1',
  status: 'expired',
  lastCheckedAt: 0,
  detail: { kind: 'not-logged-in', message: 'Claude Code is not logged in to Claude.ai' },
  next: 'sign-in',
};

describe('cliStateStep: the command a terminal shows after a state', () => {
  it("a Claude.ai account of its own folder signs in with that folder (not the default account's login)", () => {
    const p = { ...base, kind: 'claude-ai', name: 'Work', storageDir: "/home/u/it's/accounts/w-1" } as Profile;
    expect(cliStateStep(p, notSignedIn)).toBe(
      "Sign in: `CLAUDE_CONFIG_DIR='/home/u/it'\\''s/accounts/w-1' CLAUDE_SECURESTORAGE_CONFIG_DIR='/home/u/it'\\''s/accounts/w-1' claude auth login`.",
    );
    const def = { ...base, kind: 'claude-ai', name: 'Me' } as Profile;
    expect(cliStateStep(def, notSignedIn)).toBe('Sign in: `claude auth login`.');
  });

  it('Bedrock SSO: its aws sso login; an ok state: nothing', () => {
    const p = {
      ...base,
      kind: 'bedrock',
      name: 'B',
      region: 'us-east-1',
      authMode: 'sso',
      awsProfile: 'prod',
    } as Profile;
    expect(cliStateStep(p, notSignedIn)).toBe('Sign in: `aws sso login --profile prod`.');
    expect(
      cliStateStep(p, { ...notSignedIn, status: 'ok', next: 'none', detail: { kind: 'valid', message: 'ok' } }),
    ).toBe(undefined);
  });
});
