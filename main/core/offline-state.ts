import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import type { Env } from './paths';
import { offlineStateOf } from './providers';
import type { SecretStore } from './vault';

/**
 * A profile's state from what is on this machine, without the network: the keychain, the helper
 * cache, and the credential files of Claude Code, AWS SSO and Google ADC. Used by `status` and as
 * the tray's starting point before the first check. Per provider: main/core/providers/<kind>.ts.
 */
export function offlineState(
  p: Profile,
  store: SecretStore,
  env: Env,
  now: number,
  platform: NodeJS.Platform = process.platform,
  /** The settings file's helper TTL, when the caller reads it once for many profiles. */
  settingsTtl?: () => unknown,
): AuthState {
  return offlineStateOf(p, { store, env, now, platform, ...(settingsTtl ? { settingsTtl } : {}) });
}
