import { z } from 'zod';
import { customHeadersProblem } from './providers/gateway';
import { hasControlChars } from './terminal-text';

export { PROFILE_KINDS, PROVIDER_LABEL, type ProfileKind } from './profile-kinds';

export const PROFILE_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const PROFILES_FORMAT_VERSION = 1;

const id = z.string().regex(PROFILE_ID_RE, 'lowercase letters, digits and dashes');
/** A name as stored: profiles.json may be hand-edited, so names read from it are sanitized when printed. */
const name = z.string().trim().min(1).max(80);
/**
 * The rule for a new or changed name, at every entry (CLI, window, bundle; issue 12, item 10):
 * no control characters, which could fake or erase lines where the name is printed.
 */
export const profileName = z
  .string()
  .refine((s) => !hasControlChars(s), {
    message: 'must not contain control characters (escape sequences, line breaks, NUL, BEL, DEL, bidi overrides)',
  })
  .trim()
  .min(1)
  .max(80);
const HTTP_URL = 'must be an http(s) URL, e.g. https://llm.example.com';
const httpUrl = z
  .string()
  .url(HTTP_URL)
  .refine((u) => /^https?:\/\//.test(u), HTTP_URL);
const region = z.string().regex(/^[a-z0-9-]{2,40}$/, 'a region name such as us-east-1');
const positiveMs = z
  .number()
  .int()
  .positive()
  .max(7 * 24 * 3600 * 1000);

const base = {
  id,
  name,
  createdAt: z.string(),
};

/** Model overrides written to the env block (ANTHROPIC_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL). */
const models = z
  .object({
    model: z.string().min(1).max(200).optional(),
    haikuModel: z.string().min(1).max(200).optional(),
  })
  .strict()
  .optional();

export const anthropicApiKeyProfile = z
  .object({ ...base, kind: z.literal('anthropic-api-key'), baseUrl: httpUrl.optional() })
  .strict();

export const apiKeyHelperProfile = z
  .object({
    ...base,
    kind: z.literal('api-key-helper'),
    command: z.string().min(1).max(4096),
    ttlMs: positiveMs.optional(),
    timeoutMs: positiveMs.optional(),
    baseUrl: httpUrl.optional(),
  })
  .strict();

/**
 * A Claude.ai account (issue 14). Without storageDir: Claude Code's own login (the "default"
 * account, `~/.claude` or CLAUDE_CONFIG_DIR). With it: the folder Claude Code keeps this account's
 * login in (CLAUDE_SECURESTORAGE_CONFIG_DIR); `adopted` when it is the user's folder (nothing of it
 * is ours to delete). email / organization / subscriptionType are what `claude auth status` said.
 */
export const claudeAiProfile = z
  .object({
    ...base,
    kind: z.literal('claude-ai'),
    storageDir: z
      .string()
      .min(2)
      .max(4096)
      .refine((d) => /^(\/|[A-Za-z]:[\\/])/.test(d), 'an absolute folder path')
      .optional(),
    adopted: z.boolean().optional(),
    email: z.string().max(320).optional(),
    organization: z.string().max(200).optional(),
    subscriptionType: z.string().max(40).optional(),
  })
  .strict();

export const bedrockProfile = z
  .object({
    ...base,
    kind: z.literal('bedrock'),
    region,
    awsProfile: z.string().min(1).max(128).optional(),
    /**
     * 'aws-profile' (default chain / AWS_PROFILE), 'sso' (adds awsAuthRefresh), 'api-key'
     * (AWS_BEARER_TOKEN_BEDROCK), 'credential-export' (awsCredentialExport = credentialExport).
     */
    authMode: z.enum(['aws-profile', 'sso', 'api-key', 'credential-export']),
    /** A command printing {"Credentials":{…,"Expiration"}}; Claude Code runs it (awsCredentialExport). */
    credentialExport: z.string().min(1).max(4096).optional(),
    /** Consent to write the Bedrock API key into settings.json (Claude Code reads it from env only). */
    allowPlaintextSecret: z.boolean().optional(),
    models,
  })
  .strict();

export const vertexProfile = z
  .object({
    ...base,
    kind: z.literal('vertex'),
    projectId: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{4,61}[a-z0-9]$/,
        'is not a Google Cloud project id: at least 6 lowercase letters, digits and hyphens, starting with a letter (e.g. my-project-123)',
      ),
    region: z.string().regex(/^(global|[a-z0-9-]{2,40})$/, 'a region such as us-east5 or global'),
    models,
  })
  .strict();

export const foundryProfileBase = z
  .object({
    ...base,
    kind: z.literal('foundry'),
    resource: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,64}$/)
      .optional(),
    baseUrl: httpUrl.optional(),
    /** 'azure' (Azure credential chain, az login) or 'api-key' (ANTHROPIC_FOUNDRY_API_KEY). */
    authMode: z.enum(['azure', 'api-key']),
    allowPlaintextSecret: z.boolean().optional(),
    models,
  })
  .strict();
export const oneFoundryEndpoint = (p: { resource?: string | undefined; baseUrl?: string | undefined }): boolean =>
  (p.resource === undefined) !== (p.baseUrl === undefined);
export const foundryProfile = foundryProfileBase.refine(oneFoundryEndpoint, {
  message: 'exactly one of resource or baseUrl',
});

/**
 * Claude Platform on AWS (claude-code-auth.md): Anthropic's API in an AWS account, signed with AWS
 * credentials (SigV4) and scoped to a workspace. Bedrock's AWS credential modes, without its API key.
 */
export const claudePlatformAwsProfile = z
  .object({
    ...base,
    kind: z.literal('claude-platform-aws'),
    workspaceId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a workspace id such as wrkspc_01…'),
    region,
    awsProfile: z.string().min(1).max(128).optional(),
    authMode: z.enum(['aws-profile', 'sso', 'credential-export']),
    credentialExport: z.string().min(1).max(4096).optional(),
    /** ANTHROPIC_AWS_BASE_URL: another endpoint (a gateway, or a fake in tests). */
    baseUrl: httpUrl.optional(),
    models,
  })
  .strict();

/**
 * An LLM gateway (LiteLLM, a company proxy, any Anthropic-compatible endpoint): ANTHROPIC_BASE_URL,
 * a token in the keychain served through apiKeyHelper (Claude Code sends it as both x-api-key and
 * Authorization: Bearer), and ANTHROPIC_CUSTOM_HEADERS without secrets ("Name: value" lines).
 */
export const gatewayProfile = z
  .object({
    ...base,
    kind: z.literal('gateway'),
    baseUrl: httpUrl,
    headers: z
      .string()
      .min(1)
      .max(8192)
      .refine((h) => customHeadersProblem(h) === undefined, {
        error: (iss) => customHeadersProblem(String(iss.input)) ?? 'invalid headers',
      })
      .optional(),
    models,
  })
  .strict();

/** An Admin API key (sk-ant-admin…): team management only, never given to Claude Code (issue 8). */
export const adminKeyProfile = z
  .object({ ...base, kind: z.literal('anthropic-admin-key'), baseUrl: httpUrl.optional() })
  .strict();

export const profileSchema = z.union([
  anthropicApiKeyProfile,
  apiKeyHelperProfile,
  claudeAiProfile,
  bedrockProfile,
  vertexProfile,
  foundryProfile,
  adminKeyProfile,
  claudePlatformAwsProfile,
  gatewayProfile,
]);
export type Profile = z.infer<typeof profileSchema>;

export const profilesFileSchema = z
  .object({
    version: z.literal(PROFILES_FORMAT_VERSION),
    activeProfileId: id.optional(),
    profiles: z.array(profileSchema),
  })
  .strict()
  .refine((f) => new Set(f.profiles.map((p) => p.id)).size === f.profiles.length, {
    message: 'duplicate profile id',
  });
export type ProfilesFile = z.infer<typeof profilesFileSchema>;
