/**
 * The provider registry, common side (issue 13): every profile kind's label, traits and fields in
 * one place, typed so the compiler demands an entry per kind. No zod here: the renderer imports it.
 * Core's side (activation, states, checks, sign-in, bundles) is main/core/providers/.
 * Add a kind: docs/architecture.md, "Adding a provider".
 */
import type { Profile } from '../profile';
import type { ProfileKind } from '../profile-kinds';
import { anthropicAdminKey } from './anthropic-admin-key';
import { anthropicApiKey } from './anthropic-api-key';
import { apiKeyHelper } from './api-key-helper';
import { bedrock } from './bedrock';
import { claudeAi } from './claude-ai';
import { claudePlatformAws } from './claude-platform-aws';
import { foundry } from './foundry';
import { gateway } from './gateway';
import type { EnvSecret, FlatInput, ModeOf, NewProfileOf, ProviderSpec } from './types';
import { vertex } from './vertex';

export type { CliOptions, EnvSecret, FieldDescriptor, FlatInput, FlatKey, FormSection, ProviderSpec } from './types';

export const PROVIDERS = {
  'anthropic-api-key': anthropicApiKey,
  'api-key-helper': apiKeyHelper,
  'claude-ai': claudeAi,
  bedrock,
  vertex,
  foundry,
  'claude-platform-aws': claudePlatformAws,
  gateway,
  'anthropic-admin-key': anthropicAdminKey,
} as const satisfies { readonly [K in ProfileKind]: ProviderSpec<K> };

/** A profile, a form or a flat input: its kind and, for some kinds, its auth mode. */
export type KindAndMode = ModeOf & { readonly kind: ProfileKind };

/** The provider of a kind, seen through the common interface. */
export function providerOf(kind: ProfileKind): ProviderSpec<ProfileKind> {
  return PROVIDERS[kind] as ProviderSpec<ProfileKind>;
}

/** Needs a key handed over when it is added (stored in the keychain under account = profile id). */
export function needsSecret(p: KindAndMode): boolean {
  return providerOf(p.kind).needsSecret(p);
}

/** Credentials from a command run again by itself: its expiry is no session to warn about. */
export function renewsItself(p: KindAndMode): boolean {
  return providerOf(p.kind).renewsItself(p);
}

/** Its expiry comes from a login the user renews by signing in (Claude.ai, AWS SSO, Google ADC, …). */
export function expiresAsSession(p: KindAndMode): boolean {
  return providerOf(p.kind).traits.session && !renewsItself(p);
}

/** The provider's own sign-in can be started for it. */
export function canSignIn(p: KindAndMode): boolean {
  return providerOf(p.kind).canSignIn(p);
}

/** A key that Claude Code reads only from its environment (written in plain text with consent). */
export function envSecretOf(p: KindAndMode): EnvSecret | undefined {
  return providerOf(p.kind).envSecret?.(p);
}

/** Every variable a provider can put a secret in (the doctor looks for them). */
export const ENV_SECRET_VARIABLES: readonly string[] = [
  ...new Set(
    Object.values(PROVIDERS).flatMap((s) =>
      ((s as ProviderSpec<ProfileKind>).authModes ?? []).flatMap((m) => {
        const e = (s as ProviderSpec<ProfileKind>).envSecret?.({ authMode: m.value });
        return e ? [e.variable] : [];
      }),
    ),
  ),
];

/** The Add screen shows the provider's own login on this computer (for the form's auth mode). */
export function showsLogin(p: KindAndMode): boolean {
  return providerOf(p.kind).loginPanel?.(p) ?? false;
}

/** Kinds whose login can be looked at before a profile exists (the IPC's login drafts). */
export const LOGIN_KINDS: readonly ProfileKind[] = Object.values(PROVIDERS)
  .map((s) => providerOf(s.kind))
  .filter((s) => s.loginPanel !== undefined)
  .map((s) => s.kind);

/** Kinds Claude Code can be switched to (an Admin key only manages the team). */
export function isActivatable(kind: ProfileKind): boolean {
  return providerOf(kind).traits.activatable;
}

/** A team bundle can share its setup. */
export function isShareable(p: { readonly kind: ProfileKind }): boolean {
  return providerOf(p.kind).traits.shareable;
}

/** The shareable providers' short names in running text: "Bedrock, Vertex or Foundry", "Bedrock/Vertex/Foundry". */
export function shareableNames(joiner: 'and' | 'or' | '/'): string {
  const names = Object.values(PROVIDERS)
    .map((s) => providerOf(s.kind))
    .filter((s) => s.traits.shareable)
    .map((s) => s.shortLabel ?? s.label);
  if (joiner === '/' || names.length < 2) return names.join('/');
  return `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`;
}

/** Who pays for Claude Code's use with this profile (issue 15); 'none' for an Admin key. */
export function billingOf(p: { readonly kind: ProfileKind }): 'subscription' | 'per-token' | 'cloud' | 'none' {
  const t = providerOf(p.kind).traits;
  return t.adminKey ? 'none' : (t.billing ?? 'cloud');
}

/** A known profile kind (profiles.json read raw, e.g. on a hot path, may hold anything). */
export function isProfileKind(kind: unknown): kind is ProfileKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, kind);
}

/** An Admin-key profile (team management, never given to Claude Code). */
export function isAdminKey(p: { readonly kind: ProfileKind }): boolean {
  return providerOf(p.kind).traits.adminKey === true;
}

export const PROVIDER_LABEL = Object.fromEntries(Object.entries(PROVIDERS).map(([k, s]) => [k, s.label])) as Readonly<
  Record<ProfileKind, string>
>;

/** Flat input (the window's form, the CLI's options) to a new profile of its kind: the one translator. */
export function fromFlat(i: FlatInput): NewProfileOf<ProfileKind> {
  return providerOf(i.kind).fromFlat(i);
}

/** A profile back to flat input (the window's form, an edit merged over the stored profile). */
export function toFlat(p: Profile): FlatInput {
  const { id: _id, createdAt: _c, ...rest } = p;
  const models = 'models' in rest ? rest.models : undefined;
  const flat: Record<string, unknown> = { ...rest };
  delete flat.models;
  if (models?.model) flat.model = models.model;
  if (models?.haikuModel) flat.haikuModel = models.haikuModel;
  return flat as FlatInput;
}
