import { z } from 'zod';
import { AppError } from '../../../common/errors';
import { escapeForTerminal } from '../../../common/terminal-text';
import type { Profile } from '../../../common/profile';
import type { ProfileKind } from '../../../common/profile-kinds';
import { isShareable as shareableKind, PROVIDER_LABEL, shareableNames } from '../../../common/providers';
import { activationPlan } from '../claude-settings/activation-plan';
import type { NewProfile } from '../profile-service';
import { CORE_PROVIDERS, coreOf, type BundleSpec } from '../providers';
import { BUNDLE_PROFILE_SCHEMAS } from '../providers/bundle-schemas';

export const BUNDLE_FORMAT = 'claude-auth-tray-bundle';
export const BUNDLE_VERSION = 1;

/** The kinds a bundle can carry (shareable in the registry), and their bundle specs. */
type ShareableKind = {
  [K in ProfileKind]: (typeof CORE_PROVIDERS)[K] extends { bundle: object } ? K : never;
}[ProfileKind];
export type Shareable = Extract<Profile, { kind: ShareableKind }>;
type BundleProfile = Omit<Shareable, 'id' | 'createdAt' | 'allowPlaintextSecret'>;

function bundleSpecOf(kind: ProfileKind): BundleSpec<ProfileKind> {
  const spec = coreOf(kind).bundle;
  if (!spec) throw new Error(`no bundle for ${kind}`);
  return spec;
}

/** Each provider's bundled profile (main/core/providers/<kind>.ts), in registry order. */
const bundleSchemas = Object.values(CORE_PROVIDERS).flatMap((c) => {
  const schema = 'bundle' in c ? BUNDLE_PROFILE_SCHEMAS[c.kind] : undefined;
  if ('bundle' in c && !schema) throw new Error(`no bundle schema for ${c.kind}`);
  return schema ? [schema] : [];
});
const bundleProfile = z.union(
  bundleSchemas as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
) as unknown as z.ZodType<BundleProfile>;

const managedSettingsSchema = z
  .object({
    env: z.record(z.string(), z.string()),
    awsAuthRefresh: z.string().optional(),
    awsCredentialExport: z.string().optional(),
    gcpAuthRefresh: z.string().optional(),
  })
  .strict();
export type ManagedSettings = z.infer<typeof managedSettingsSchema>;

const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.number().int(),
    createdAt: z.string(),
    profile: bundleProfile,
    /** The fragment an admin can deploy through MDM as managed-settings.json. */
    managedSettings: managedSettingsSchema,
    /** What each user runs to get cloud credentials. */
    steps: z.array(z.string()),
  })
  .strict();
export type Bundle = z.infer<typeof bundleSchema>;

function isShareable(p: Profile): p is Shareable {
  return shareableKind(p) && coreOf(p.kind).bundle !== undefined;
}

/** What each user does to get cloud credentials for this profile. */
export function stepsFor(p: Shareable): string[] {
  const last = [`claude-auth-tray bundle import <this file>`, `claude-auth-tray use "${p.name}"`];
  return bundleSpecOf(p.kind).steps(p, last);
}

/** A shareable bundle of a cloud provider's profile (Bedrock, Vertex, …): settings, managed-settings fragment, steps. Never a secret. */
export function exportBundle(p: Profile, now = new Date()): Bundle {
  if (!isShareable(p)) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `"${p.name}" is ${/^[aeiou]/i.test(PROVIDER_LABEL[p.kind]) ? 'an' : 'a'} ${PROVIDER_LABEL[p.kind]} profile; only ${shareableNames('and')} setups can be shared.`,
      nextStep: 'Share each person’s own API key through the Console instead.',
    });
  }
  const {
    id: _id,
    createdAt: _c,
    allowPlaintextSecret: _a,
    ...profile
  } = p as Shareable & { allowPlaintextSecret?: boolean };
  return bundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: now.toISOString(),
    profile,
    managedSettings: managedSettingsOf(p),
    steps: stepsFor(p),
  });
}

/**
 * The managed-settings.json fragment for a profile: what `use` writes, minus every secret entry (an
 * API-key profile's plan is computed with a placeholder secret, which is then left out).
 */
export function managedSettingsOf(p: Shareable): ManagedSettings {
  const plan = activationPlan({
    profile: { ...p, ...('authMode' in p && p.authMode === 'api-key' ? { allowPlaintextSecret: true } : {}) },
    helperCommand: '',
    plaintextSecret: 'placeholder',
  }).filter((e) => !e.secret);
  const env: Record<string, string> = {};
  const extra: { awsAuthRefresh?: string; awsCredentialExport?: string; gcpAuthRefresh?: string } = {};
  for (const e of plan) {
    if (e.path[0] === 'env' && e.path.length === 2) env[e.path[1]] = e.value;
    else if (e.path[0] === 'awsAuthRefresh' || e.path[0] === 'awsCredentialExport' || e.path[0] === 'gcpAuthRefresh')
      extra[e.path[0]] = e.value;
  }
  return { env, ...extra };
}

/** The profile a bundle will store (before a rename): its fields plus a stand-in id. */
export function storedProfileOf(b: Bundle, name?: string): Shareable {
  return { ...b.profile, ...(name ? { name } : {}), id: 'bundle', createdAt: b.createdAt } as Shareable;
}

/** Parses a bundle file; unknown fields, another format or version are refused with a clear error. */
export function parseBundle(text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError({
      kind: 'bundle-invalid',
      message: 'The bundle is not valid JSON.',
      nextStep: 'Ask for the file again; it may have been cut or edited.',
    });
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head?.format !== BUNDLE_FORMAT)
    throw new AppError({
      kind: 'bundle-invalid',
      message: 'This file is not a Claude Auth Tray bundle.',
      nextStep: {
        cli: 'Export one with `claude-auth-tray bundle export <profile>`.',
        window: 'Export one with "Export bundle" on the Team screen.',
      },
    });
  if (head.version !== BUNDLE_VERSION) {
    throw new AppError({
      kind: 'bundle-invalid',
      message: `This bundle has format version ${String(head.version)}; this app reads version ${BUNDLE_VERSION}.`,
      nextStep: 'Update Claude Auth Tray, or ask for a bundle exported by the same version.',
    });
  }
  const r = bundleSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    const where = i?.path.join('.') || '(root)';
    const unknown =
      i?.code === 'unrecognized_keys'
        ? ` unknown field(s) ${(i as { keys?: string[] }).keys?.join(', ')}`
        : ` ${i?.message ?? 'invalid'}`;
    throw new AppError({
      kind: 'bundle-invalid',
      message: `The bundle is not valid at ${where}:${unknown}.`,
      nextStep: 'Nothing was imported. Ask for a fresh export.',
    });
  }
  checkManagedSettings(r.data);
  return r.data;
}

/**
 * A bundle's managedSettings must say what its profile will write (issue 12, item 9): a fragment that
 * shows a harmless resource while the profile points Claude Code at another host is refused.
 */
function checkManagedSettings(b: Bundle): void {
  const flat = (m: ManagedSettings): Map<string, string> => {
    const { env, ...rest } = m;
    return new Map([
      ...Object.entries(env).map(([k, v]) => [`env.${k}`, v] as const),
      ...Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ]);
  };
  const expected = flat(managedSettingsOf(storedProfileOf(b)));
  const given = flat(b.managedSettings);
  const key = [...new Set([...expected.keys(), ...given.keys()])].find((k) => expected.get(k) !== given.get(k));
  if (key === undefined) return;
  const say = (v: string | undefined): string => (v === undefined ? 'nothing' : `${key} = ${escapeForTerminal(v)}`);
  throw new AppError({
    kind: 'bundle-invalid',
    message: `The bundle's managedSettings does not match its profile: the profile would write ${say(expected.get(key))}, the fragment shows ${say(given.get(key))}.`,
    nextStep: 'Nothing was imported. The file was changed after export; ask whoever sent it for a fresh export.',
  });
}

/** The command a bundle would have Claude Code (and this app) run on the user's computer, if any. */
export function commandOfBundle(b: Bundle): string | undefined {
  return coreOf(b.profile.kind).bundle?.command?.(b.profile as never);
}

/**
 * The new profile a bundle describes (optionally renamed), for ProfileService.add. A bundle that
 * carries a command is taken only with explicit consent: importing it means running it.
 */
export function bundleToProfile(b: Bundle, name?: string, opts: { allowCommand?: boolean } = {}): NewProfile {
  const command = commandOfBundle(b);
  if (command !== undefined && !opts.allowCommand)
    throw new AppError({
      kind: 'command-consent-required',
      message: `This bundle contains a command that Claude Code and this app will run on your computer: ${escapeForTerminal(command)}.`,
      nextStep: {
        cli: 'Import it only if you trust whoever sent it: `claude-auth-tray bundle import <file> --yes --allow-command`.',
        window: 'Import it only if you trust whoever sent it: tick “I trust this command”.',
      },
    });
  return { ...b.profile, ...(name ? { name } : {}) } as NewProfile;
}
