import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import { bedrockSsoState } from './expiry/aws-sso';
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
    case 'anthropic-api-key': {
      const key = store.get(p.id);
      return key
        ? {
            ...base,
            status: 'ok',
            detail: { kind: 'no-expiry', message: 'key in the keychain; API keys do not expire' },
            next: 'none',
            hint: maskSecret(key),
          }
        : {
            ...base,
            status: 'error',
            detail: { kind: 'secret-missing', message: 'the key is missing from the keychain' },
            next: 'replace-key',
          };
    }
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
      return claudeLoginState(p.id, readClaudeLogin(env, platform), now);
    case 'bedrock':
      if (p.authMode === 'sso' && p.awsProfile) return bedrockSsoState(p.id, p.awsProfile, env, now);
      if (p.authMode === 'api-key') {
        return store.get(p.id)
          ? {
              ...base,
              status: 'ok',
              detail: { kind: 'no-expiry', message: 'Bedrock API key in the keychain' },
              next: 'none',
            }
          : {
              ...base,
              status: 'error',
              detail: { kind: 'secret-missing', message: 'the Bedrock API key is missing from the keychain' },
              next: 'replace-key',
            };
      }
      return {
        ...base,
        status: 'unknown',
        detail: { kind: 'no-expiry', message: 'uses the AWS credential chain; its expiry is not visible here' },
        next: 'none',
      };
    case 'vertex':
      return vertexAdcState(p.id, env, now, platform);
    case 'anthropic-admin-key': {
      const key = store.get(p.id);
      return key
        ? {
            ...base,
            status: 'ok',
            detail: { kind: 'no-expiry', message: 'Admin key in the keychain (team management only)' },
            next: 'none',
            hint: maskSecret(key),
          }
        : {
            ...base,
            status: 'error',
            detail: { kind: 'secret-missing', message: 'the Admin key is missing from the keychain' },
            next: 'replace-key',
          };
    }
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
