/**
 * The provider registry, core side (issue 13): per kind, what activation writes, the offline state,
 * how the monitor follows it, the files to watch, the sign-in command, what `claude auth status`
 * should report and the bundle steps. Typed so the compiler demands an entry for every kind.
 * The common side (label, traits, fields) is common/providers/.
 */
import type { AuthState } from '../../../common/auth-state';
import type { Profile } from '../../../common/profile';
import type { ProfileKind } from '../../../common/profile-kinds';
import type { Env } from '../paths';
import { anthropicAdminKeyCore } from './anthropic-admin-key';
import { anthropicApiKeyCore } from './anthropic-api-key';
import { apiKeyHelperCore } from './api-key-helper';
import { bedrockCore } from './bedrock';
import { claudeAiCore } from './claude-ai';
import { claudePlatformAwsCore } from './claude-platform-aws';
import { foundryCore } from './foundry';
import { gatewayCore } from './gateway';
import type { CoreProvider, Monitoring, StateContext } from './types';
import { vertexCore } from './vertex';

export type { BundleSpec, CheckContext, CoreProvider, LiveCheck, Monitoring, SignInCommand } from './types';

export const CORE_PROVIDERS = {
  'anthropic-api-key': anthropicApiKeyCore,
  'api-key-helper': apiKeyHelperCore,
  'claude-ai': claudeAiCore,
  bedrock: bedrockCore,
  vertex: vertexCore,
  foundry: foundryCore,
  'claude-platform-aws': claudePlatformAwsCore,
  gateway: gatewayCore,
  'anthropic-admin-key': anthropicAdminKeyCore,
} as const satisfies { readonly [K in ProfileKind]: CoreProvider<K> };

/**
 * A kind's core provider, seen through the common interface. Safe as long as it is called with a
 * profile of that kind, which every caller does by passing `p.kind` of the same `p`.
 */
export function coreOf(kind: ProfileKind): CoreProvider<ProfileKind> {
  return CORE_PROVIDERS[kind] as unknown as CoreProvider<ProfileKind>;
}

/**
 * A profile's state from what is on this machine, without the network: the keychain, the helper
 * cache, and the credential files of Claude Code, AWS SSO and Google ADC. Used by `status` and as
 * the tray's starting point before the first check.
 */
export function offlineStateOf(p: Profile, ctx: StateContext): AuthState {
  return coreOf(p.kind).offlineState(p, ctx);
}

export function monitoringOf(p: Profile, env: Env): Monitoring {
  return coreOf(p.kind).monitoring(p, env);
}
