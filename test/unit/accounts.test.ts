import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountCommandEnv, loginReadEnv } from '../../main/core/accounts/account-env';
import { accountPlan, overridingPlan, planToSettings } from '../../main/core/accounts/account-plan';
import { parseIdentity } from '../../main/core/accounts/claude-account-cli';
import { activationPlan } from '../../main/core/claude-settings/activation-plan';
import { credentialsFile, macKeychainService } from '../../main/core/expiry/claude-login';

const base = { id: 'a', name: 'A', createdAt: '2026-01-01T00:00:00Z', kind: 'claude-ai' as const };
const work = { ...base, storageDir: '/data/accounts/acct-1' };

describe('Claude.ai account plans', () => {
  it('an account writes its storage folder; the default account writes nothing (its key is removed)', () => {
    expect(accountPlan(work)).toEqual([{ path: ['env', 'CLAUDE_SECURESTORAGE_CONFIG_DIR'], value: work.storageDir }]);
    expect(activationPlan({ profile: work, helperCommand: 'x' })).toEqual(accountPlan(work));
    expect(accountPlan(base)).toEqual([]);
  });

  it('a plan above the user settings cancels what another profile may have written there', () => {
    const s = planToSettings(overridingPlan(accountPlan(base), base, { CLAUDE_CONFIG_DIR: '/c' }));
    expect(s).toEqual({
      apiKeyHelper: '',
      env: {
        CLAUDE_CODE_USE_BEDROCK: '',
        CLAUDE_CODE_USE_VERTEX: '',
        CLAUDE_CODE_USE_FOUNDRY: '',
        CLAUDE_SECURESTORAGE_CONFIG_DIR: '/c',
      },
    });
    // Without CLAUDE_CONFIG_DIR the default login is "" (Claude Code: ~/.claude, Keychain item without suffix).
    expect(planToSettings(overridingPlan([], base, {})).env).toMatchObject({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '' });
    const key = overridingPlan([{ path: ['apiKeyHelper'], value: 'helper' }], { kind: 'anthropic-api-key' }, {});
    expect(planToSettings(key)).toEqual({
      apiKeyHelper: 'helper',
      env: { CLAUDE_CODE_USE_BEDROCK: '', CLAUDE_CODE_USE_VERTEX: '', CLAUDE_CODE_USE_FOUNDRY: '' },
    });
  });
});

describe('where a login is read, as Claude Code 2.1.197 decides it', () => {
  it('CLAUDE_SECURESTORAGE_CONFIG_DIR, "" = ~/.claude, else the config folder', () => {
    expect(credentialsFile({ HOME: '/h', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/s' })).toBe('/s/.credentials.json');
    expect(credentialsFile({ HOME: '/h', CLAUDE_SECURESTORAGE_CONFIG_DIR: '', CLAUDE_CONFIG_DIR: '/c' })).toBe(
      path.join('/h', '.claude', '.credentials.json'),
    );
    expect(credentialsFile({ HOME: '/h', CLAUDE_CONFIG_DIR: '/c' })).toBe('/c/.credentials.json');
    expect(credentialsFile(loginReadEnv(work, { HOME: '/h' }))).toBe('/data/accounts/acct-1/.credentials.json');
    expect(credentialsFile(loginReadEnv(base, { HOME: '/h', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/x' }))).toBe(
      '/h/.claude/.credentials.json',
    );
  });

  it('macOS Keychain item: suffix from the storage folder, none for "" or no variables', () => {
    const h = (d: string): string => createHash('sha256').update(d).digest('hex').slice(0, 8);
    expect(macKeychainService({})).toBe('Claude Code-credentials');
    expect(macKeychainService({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '', CLAUDE_CONFIG_DIR: '/c' })).toBe(
      'Claude Code-credentials',
    );
    expect(macKeychainService({ CLAUDE_CONFIG_DIR: '/c' })).toBe(`Claude Code-credentials-${h('/c')}`);
    expect(macKeychainService({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '/s', CLAUDE_CONFIG_DIR: '/c' })).toBe(
      `Claude Code-credentials-${h('/s')}`,
    );
  });

  it("`claude auth` runs for an account in the account's own folder (storage and config)", () => {
    expect(accountCommandEnv(work, { HOME: '/h', CLAUDE_CONFIG_DIR: '/c' })).toMatchObject({
      CLAUDE_SECURESTORAGE_CONFIG_DIR: work.storageDir,
      CLAUDE_CONFIG_DIR: work.storageDir,
    });
    expect(accountCommandEnv(base, { CLAUDE_CONFIG_DIR: '/c', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/x' })).toEqual({
      CLAUDE_CONFIG_DIR: '/c',
    });
  });
});

describe('claude auth status identity', () => {
  it('reads email, organisation and plan; nulls and garbage are absent', () => {
    expect(
      parseIdentity(
        '{"loggedIn":true,"authMethod":"claude.ai","email":"a@b.c","orgId":"o","orgName":"Org","subscriptionType":"max"}',
      ),
    ).toEqual({
      loggedIn: true,
      authMethod: 'claude.ai',
      email: 'a@b.c',
      organization: 'Org',
      subscriptionType: 'max',
    });
    expect(parseIdentity('{"loggedIn":true,"authMethod":"claude.ai","email":null,"orgName":null}')).toEqual({
      loggedIn: true,
      authMethod: 'claude.ai',
    });
    expect(parseIdentity('not json')).toBeUndefined();
    expect(parseIdentity('{"loggedIn":false,"authMethod":"none"}')).toEqual({ loggedIn: false, authMethod: 'none' });
  });
});
