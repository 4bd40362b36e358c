/**
 * Who pays for a Claude Code session, as its status line can tell (issue 15, item 1): the profile in
 * use and its billing, corrected by what the session's own environment says (Claude Code hands its
 * environment, settings `env` included, to the status line). Pure; no schema library (hot path).
 */
import * as path from 'node:path';
import { billingOf, isProfileKind, PROVIDER_LABEL } from '../../../common/providers';
import { markerId } from '../accounts/profile-marker';

/** A profile as read with plain JSON.parse: every field unchecked. */
export interface RawProfile {
  readonly id?: unknown;
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly email?: unknown;
  readonly storageDir?: unknown;
}

export interface WhoPays {
  readonly name?: string;
  readonly payer: string;
  readonly warning?: string;
}

/** The payer words for a profile kind, from the registry (no schema library: hot path). */
export function payerText(kind: string): string {
  if (!isProfileKind(kind)) return kind;
  const b = billingOf({ kind });
  if (b === 'subscription') return 'subscription';
  if (b === 'per-token') return 'API key (billed per token)';
  if (b === 'none') return 'not used by Claude Code';
  // A cloud (Bedrock, Vertex, …) or a gateway: whoever runs it bills, not necessarily a cloud.
  return `billed through ${PROVIDER_LABEL[kind]}`;
}

const providerName = (kind: string): string => (isProfileKind(kind) ? PROVIDER_LABEL[kind] : kind);

const isSubscription = (kind: string | undefined): boolean =>
  isProfileKind(kind) && billingOf({ kind }) === 'subscription';

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v !== 'false';
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Claude Code's provider switches (claude-code-auth.md) and the kind each one means. */
export const CLOUD_ENV: readonly (readonly [string, string])[] = [
  ['CLAUDE_CODE_USE_BEDROCK', 'bedrock'],
  ['CLAUDE_CODE_USE_VERTEX', 'vertex'],
  ['CLAUDE_CODE_USE_FOUNDRY', 'foundry'],
  ['CLAUDE_CODE_USE_ANTHROPIC_AWS', 'claude-platform-aws'],
];

function cloudFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return CLOUD_ENV.find(([v]) => truthy(env[v]))?.[1];
}

/** The warning of a session whose folder's pin names a profile that is gone (removed since it started). */
export const GONE_PIN_WARNING = 'this folder is pinned to a profile that no longer exists';

/**
 * The profile this session runs on: the one its folder's pin names (the marker, profile-marker.ts),
 * else the account its login folder names, else the active one.
 */
export function sessionProfile(
  profiles: readonly RawProfile[],
  activeId: string | undefined,
  env: NodeJS.ProcessEnv,
): RawProfile | undefined {
  const pinned = markerId(env);
  const pin = pinned === undefined ? undefined : profiles.find((p) => p.id === pinned);
  if (pin) return pin;
  const storage = env.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  if (storage) {
    const want = path.resolve(storage);
    const acct = profiles.find(
      (p) => isSubscription(str(p.kind)) && typeof p.storageDir === 'string' && path.resolve(p.storageDir) === want,
    );
    if (acct) return acct;
  }
  return profiles.find((p) => p.id === activeId);
}

function label(p: RawProfile | undefined): string | undefined {
  const name = str(p?.name);
  const email = str(p?.email);
  if (name && email && name !== email) return `${name} <${email}>`;
  return name ?? email;
}

/**
 * `hasLimits`: the session's status input carried rate_limits, which only a subscription login gets.
 */
export function whoPays(
  profiles: readonly RawProfile[],
  activeId: string | undefined,
  env: NodeJS.ProcessEnv,
  hasLimits: boolean,
): WhoPays {
  const w = whoPaysFor(profiles, activeId, env, hasLimits);
  const pinned = markerId(env);
  if (pinned === undefined || profiles.some((p) => p.id === pinned)) return w;
  return { ...w, warning: w.warning ? `${GONE_PIN_WARNING}; ${w.warning}` : GONE_PIN_WARNING };
}

function whoPaysFor(
  profiles: readonly RawProfile[],
  activeId: string | undefined,
  env: NodeJS.ProcessEnv,
  hasLimits: boolean,
): WhoPays {
  const p = sessionProfile(profiles, activeId, env);
  const name = label(p);
  const kind = str(p?.kind);
  const cloud = cloudFromEnv(env);
  if (cloud) {
    return {
      ...(name && kind === cloud ? { name } : {}),
      payer: payerText(cloud),
      ...(kind && kind !== cloud ? { warning: `this session uses ${providerName(cloud)}, not "${name ?? kind}"` } : {}),
    };
  }
  if (hasLimits) {
    return {
      ...(name && isSubscription(kind) ? { name } : {}),
      payer: 'subscription',
      ...(kind && !isSubscription(kind) ? { warning: `this session uses a subscription, not "${name ?? kind}"` } : {}),
    };
  }
  const exported = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'].find((v) => str(env[v]));
  if (exported && (kind === undefined || isSubscription(kind))) {
    return {
      ...(name ? { name } : {}),
      payer: kind ? 'subscription' : 'no profile',
      warning: `${exported} is set: it may bill per token`,
    };
  }
  return { ...(name ? { name } : {}), payer: kind ? payerText(kind) : 'no profile' };
}
