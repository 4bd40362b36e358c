import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import { loginReadEnv } from './accounts/account-env';
import { bedrockChainState, bedrockSsoState } from './expiry/aws';
import { claudeLoginState, readClaudeLogin } from './expiry/claude-login';
import { vertexAdcState } from './expiry/gcloud-adc';
import { isFresh, readCachedKey } from './helper-cache';
import type { Env } from './paths';
import { resolveHelperTtl } from './ttl';
import type { SecretStore } from './vault';

/**
 * A profile's state from what is on this machine, without the network: the keychain, the helper
 * cache, and the credential files of Claude Code, AWS SSO and Google ADC. Used by `status` and as
 * the tray's starting point before the first check.
 */
export function offlineState(
  p: Profile,
  store: SecretStore,
  env: Env,
  now: number,
  platform: NodeJS.Platform = process.platform,
): AuthState {
  const base = { profileId: p.id, lastCheckedAt: now };
  switch (p.kind) {
    case 'anthropic-api-key':
      return keychainKeyState(p.id, store, now, 'key', 'API keys do not expire');
    case 'api-key-helper': {
      const c = readCachedKey(store, p.id);
      if (!c)
        return {
          ...base,
          status: 'unknown',
          detail: { kind: 'not-checked', message: 'the helper has not run yet' },
          next: 'refresh',
        };
      const ttl = resolveHelperTtl(p.ttlMs, env).ms;
      const fresh = isFresh(c, ttl, now);
      return {
        ...base,
        status: fresh ? 'ok' : 'expired',
        expiresAt: c.fetchedAt + ttl,
        detail: {
          kind: 'cached',
          message: fresh
            ? 'key from the helper, cached'
            : 'the cached key is older than its TTL; the next use runs the helper',
        },
        next: fresh ? 'none' : 'refresh',
        hint: maskSecret(c.key),
      };
    }
    case 'claude-ai':
      return claudeLoginState(p.id, readClaudeLogin(loginReadEnv(p, env), platform), now);
    case 'bedrock':
      if (p.authMode === 'sso' && p.awsProfile) return bedrockSsoState(p.id, p.awsProfile, env, now);
      if (p.authMode === 'credential-export')
        return {
          ...base,
          status: 'unknown',
          detail: {
            kind: 'not-checked',
            message:
              'the credential export command has not been run yet (the tray runs it, or `claude-auth-tray refresh`)',
          },
          next: 'refresh',
        };
      if (p.authMode === 'api-key')
        return keychainKeyState(p.id, store, now, 'Bedrock API key', 'written to settings.json with your consent');
      return bedrockChainState(p.id, p.awsProfile, env, now);
    case 'vertex':
      return vertexAdcState(p.id, env, now, platform);
    case 'anthropic-admin-key':
      return keychainKeyState(p.id, store, now, 'Admin key', 'team management only');
    case 'foundry':
      return {
        ...base,
        status: 'unknown',
        detail: {
          kind: 'no-expiry',
          message: p.authMode === 'azure' ? 'uses the Azure credential chain (az login)' : 'Foundry API key',
        },
        next: 'none',
      };
  }
}

/** A key the user handed over, kept in the keychain: ok with a masked hint, or missing. */
function keychainKeyState(profileId: string, store: SecretStore, now: number, what: string, note: string): AuthState {
  const key = store.get(profileId);
  const base = { profileId, lastCheckedAt: now };
  return key
    ? {
        ...base,
        status: 'ok',
        detail: { kind: 'no-expiry', message: `${what} in the keychain; ${note}` },
        next: 'none',
        hint: maskSecret(key),
      }
    : {
        ...base,
        status: 'error',
        detail: { kind: 'secret-missing', message: `the ${what} is missing from the keychain` },
        next: 'replace-key',
      };
}
