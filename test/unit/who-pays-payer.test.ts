/**
 * Issue 15, item 1: the payer words of the status line for every provider, from the registry — and
 * true for each: a gateway is not a cloud provider.
 */
import { describe, expect, it } from 'vitest';
import { PROFILE_KINDS } from '../../common/profile-kinds';
import { payerText, whoPays } from '../../main/core/usage/who-pays';

describe('payerText', () => {
  it('says who bills, for every kind', () => {
    const words = Object.fromEntries(PROFILE_KINDS.map((k) => [k, payerText(k)]));
    expect(words).toMatchObject({
      'claude-ai': 'subscription',
      'anthropic-api-key': 'API key (billed per token)',
      'api-key-helper': 'API key (billed per token)',
      bedrock: 'billed through Amazon Bedrock',
      vertex: 'billed through Google Vertex AI',
      gateway: 'billed through LLM gateway',
      'anthropic-admin-key': 'not used by Claude Code',
    });
    for (const w of Object.values(words)) expect(w).not.toMatch(/cloud provider/);
  });

  it('a session on Bedrock by its environment, while another profile is active, says so', () => {
    const w = whoPays([{ id: 'a', kind: 'claude-ai', name: 'Sub' }], 'a', { CLAUDE_CODE_USE_BEDROCK: '1' }, false);
    expect(w).toEqual({
      payer: 'billed through Amazon Bedrock',
      warning: 'this session uses Amazon Bedrock, not "Sub"',
    });
  });

  describe("a pinned folder's marker (CLAUDE_AUTH_TRAY_PROFILE)", () => {
    const profiles = [
      { id: 'sub-0001', kind: 'claude-ai', name: 'Sub', storageDir: '/acct/sub' },
      { id: 'paid-0002', kind: 'anthropic-api-key', name: 'Paid' },
    ];
    it('names the profile the session runs on, not the active one', () => {
      expect(whoPays(profiles, 'sub-0001', { CLAUDE_AUTH_TRAY_PROFILE: 'paid-0002' }, false)).toEqual({
        name: 'Paid',
        payer: 'API key (billed per token)',
      });
    });
    it('a marker naming no profile: the active one, with a warning (and any other warning after it)', () => {
      expect(whoPays(profiles, 'sub-0001', { CLAUDE_AUTH_TRAY_PROFILE: 'gone-0003' }, false)).toEqual({
        name: 'Sub',
        payer: 'subscription',
        warning: 'this folder is pinned to a profile that no longer exists',
      });
      expect(
        whoPays(profiles, 'sub-0001', { CLAUDE_AUTH_TRAY_PROFILE: 'gone-0003', ANTHROPIC_API_KEY: 'x' }, false).warning,
      ).toBe(
        'this folder is pinned to a profile that no longer exists; ANTHROPIC_API_KEY is set: it may bill per token',
      );
    });
    it('a marker that is no id counts for nothing', () => {
      expect(whoPays(profiles, 'sub-0001', { CLAUDE_AUTH_TRAY_PROFILE: 'Paid-0002' }, false)).toEqual({
        name: 'Sub',
        payer: 'subscription',
      });
    });
  });
});
