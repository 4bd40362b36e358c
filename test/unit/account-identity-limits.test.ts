/**
 * What `claude auth status` says about an account is outside text that this app records in
 * profiles.json (desktop audit). An organisation name longer than the profile schema allows (200)
 * was written as is; the next read of profiles.json then refused the whole file, and the tray, the
 * window and the CLI stopped with "cannot read its profiles". What is recorded must always load.
 */
import { describe, expect, it } from 'vitest';
import { claudeAiProfile } from '../../common/profile';
import { parseIdentity } from '../../main/core/accounts/claude-account-cli';
import { CLAUDE_WORK } from '../support/profile-fixtures';

describe('recorded account identity', () => {
  it('an over-long organisation, email or plan from claude auth status still makes a profile that loads', () => {
    const out = JSON.stringify({
      loggedIn: true,
      authMethod: 'claude.ai',
      email: `${'e'.repeat(400)}@corp.example`,
      orgName: `Org ${'o'.repeat(500)}`,
      subscriptionType: 'x'.repeat(100),
    });
    const id = parseIdentity(out)!;
    const { email, organization, subscriptionType } = id;
    const profile = { ...CLAUDE_WORK, email, organization, subscriptionType };
    expect(claudeAiProfile.safeParse(profile).success).toBe(true);
    expect(organization?.startsWith('Org ooo')).toBe(true);
    expect(organization?.endsWith('…')).toBe(true);
    // An email or plan that long is none: left out rather than cut into something that looks real.
    expect([email, subscriptionType]).toEqual([undefined, undefined]);
  });
});
