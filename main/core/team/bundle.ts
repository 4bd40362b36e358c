import { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { Profile } from '../../../common/profile';
import type { ProfileKind } from '../../../common/profile-kinds';
import { isShareable as shareableKind, PROVIDER_LABEL } from '../../../common/providers';
import { activationPlan } from '../claude-settings/activation-plan';
import type { NewProfile } from '../profile-service';
import { CORE_PROVIDERS, coreOf, type BundleSpec } from '../providers';

export const BUNDLE_FORMAT = 'claude-auth-tray-bundle';
export const BUNDLE_VERSION = 1;

/** The kinds a bundle can carry (shareable in the registry), and their bundle specs. */
type ShareableKind = {
  [K in ProfileKind]: (typeof CORE_PROVIDERS)[K] extends { bundle: object } ? K : never;
}[ProfileKind];
type Shareable = Extract<Profile, { kind: ShareableKind }>;
type BundleProfile = Omit<Shareable, 'id' | 'createdAt' | 'allowPlaintextSecret'>;

function bundleSpecOf(kind: ProfileKind): BundleSpec<ProfileKind> {
  const spec = coreOf(kind).bundle;
  if (!spec) throw new Error(`no bundle for ${kind}`);
  return spec;
}

const bundleSchemas = Object.values(CORE_PROVIDERS).flatMap((c) => ('bundle' in c ? [c.bundle.schema] : []));
const bundleProfile = z.union(
  bundleSchemas as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
) as unknown as z.ZodType<BundleProfile>;

const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.number().int(),
    createdAt: z.string(),
    profile: bundleProfile,
    /** The fragment an admin can deploy through MDM as managed-settings.json. */
    managedSettings: z
      .object({
        env: z.record(z.string(), z.string()),
        awsAuthRefresh: z.string().optional(),
        awsCredentialExport: z.string().optional(),
        gcpAuthRefresh: z.string().optional(),
      })
      .strict(),
    /** What each user runs to get cloud credentials. */
    steps: z.array(z.string()),
  })
  .strict();
export type Bundle = z.infer<typeof bundleSchema>;

function isShareable(p: Profile): p is Shareable {
  return shareableKind(p) && coreOf(p.kind).bundle !== undefined;
}

function stepsFor(p: Shareable): string[] {
  const last = [`claude-auth-tray bundle import <this file>`, `claude-auth-tray use "${p.name}"`];
  return bundleSpecOf(p.kind).steps(p, last);
}

/** A shareable bundle of a Bedrock / Vertex / Foundry profile: settings, managed-settings fragment, steps. Never a secret. */
export function exportBundle(p: Profile, now = new Date()): Bundle {
  if (!isShareable(p)) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `"${p.name}" is a ${PROVIDER_LABEL[p.kind]} profile; only Bedrock, Vertex and Foundry setups can be shared.`,
      nextStep: 'Share each person’s own API key through the Console instead.',
    });
  }
  const {
    id: _id,
    createdAt: _c,
    allowPlaintextSecret: _a,
    ...profile
  } = p as Shareable & { allowPlaintextSecret?: boolean };
  // The plan with a placeholder secret, minus every secret entry: the fragment holds no key.
  const plan = activationPlan({
    profile: {
      ...p,
      ...('authMode' in p && p.authMode === 'api-key' ? { allowPlaintextSecret: true } : {}),
    } as Profile,
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
  return bundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: now.toISOString(),
    profile,
    managedSettings: { env, ...extra },
    steps: stepsFor(p),
  });
}

/** Parses a bundle file; unknown fields, another format or version are refused with a clear error. */
export function parseBundle(text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError({
      kind: 'invalid-argument',
      message: 'The bundle is not valid JSON.',
      nextStep: 'Ask for the file again; it may have been cut or edited.',
    });
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head?.format !== BUNDLE_FORMAT)
    throw new AppError({
      kind: 'invalid-argument',
      message: 'This file is not a Claude Auth Tray bundle.',
      nextStep: 'Export one with `claude-auth-tray bundle export <profile>`.',
    });
  if (head.version !== BUNDLE_VERSION) {
    throw new AppError({
      kind: 'invalid-argument',
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
      kind: 'invalid-argument',
      message: `The bundle is not valid at ${where}:${unknown}.`,
      nextStep: 'Nothing was imported. Ask for a fresh export.',
    });
  }
  return r.data;
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
      message: `This bundle contains a command that Claude Code and this app will run on your computer: ${command}`,
      nextStep:
        'Import it only if you trust whoever sent it: `bundle import <file> --yes --allow-command`, or tick “I trust this command” in the window.',
    });
  return { ...b.profile, ...(name ? { name } : {}) } as NewProfile;
}

/** What importing will set, as lines for the user to review first. */
export function describeBundle(b: Bundle): string[] {
  const env = Object.entries(b.managedSettings.env).map(([k, v]) => `  env.${k} = ${v}`);
  const extra = [
    b.managedSettings.awsAuthRefresh && `  awsAuthRefresh = ${b.managedSettings.awsAuthRefresh}`,
    b.managedSettings.awsCredentialExport &&
      `  awsCredentialExport = ${b.managedSettings.awsCredentialExport}   (a command that Claude Code and this app run on your computer: import only if you trust whoever sent it)`,
    b.managedSettings.gcpAuthRefresh && `  gcpAuthRefresh = ${b.managedSettings.gcpAuthRefresh}`,
  ].filter((x): x is string => Boolean(x));
  return [
    `Profile "${b.profile.name}" (${PROVIDER_LABEL[b.profile.kind]}). When used, it sets in Claude Code's settings.json:`,
    ...env,
    ...extra,
    'Steps to get cloud credentials:',
    ...b.steps.map((s, i) => `  ${i + 1}. ${s}`),
  ];
}
