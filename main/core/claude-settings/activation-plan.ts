import { AppError } from '../../../common/errors';
import type { Profile } from '../../../common/profile';
import { accountPlan } from '../accounts/account-plan';

/** A JSON path into settings.json, e.g. ['apiKeyHelper'] or ['env', 'AWS_REGION']. */
export type SettingsPath = readonly [string] | readonly ['env', string];

export interface PlanEntry {
  readonly path: SettingsPath;
  readonly value: string;
  /** A secret written only with the user's explicit consent; never recorded outside settings.json. */
  readonly secret?: boolean;
}

export interface PlanInput {
  readonly profile: Profile;
  /** The apiKeyHelper command for this profile (already quoted for the platform's shell). */
  readonly helperCommand: string;
  /** The plaintext secret for consented env-only credentials, when the profile has one. */
  readonly plaintextSecret?: string;
}

/** The variables that carry a consented plaintext secret (Claude Code reads them only from its env). */
export const PLAINTEXT_SECRET_ENV: readonly string[] = ['AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_FOUNDRY_API_KEY'];

const env = (name: string, value: string, secret = false): PlanEntry => ({
  path: ['env', name],
  value,
  ...(secret ? { secret } : {}),
});

/**
 * The keys this app owns for a profile (issue 3, "What activation writes"). Pure: no I/O.
 * Everything not listed here is the user's and is never touched.
 */
export function activationPlan(input: PlanInput): readonly PlanEntry[] {
  const p = input.profile;
  const models = (m: { model?: string; haikuModel?: string } | undefined): PlanEntry[] => [
    ...(m?.model ? [env('ANTHROPIC_MODEL', m.model)] : []),
    ...(m?.haikuModel ? [env('ANTHROPIC_DEFAULT_HAIKU_MODEL', m.haikuModel)] : []),
  ];
  switch (p.kind) {
    case 'anthropic-api-key':
      return [
        { path: ['apiKeyHelper'], value: input.helperCommand },
        ...(p.baseUrl ? [env('ANTHROPIC_BASE_URL', p.baseUrl)] : []),
      ];
    case 'api-key-helper':
      return [
        { path: ['apiKeyHelper'], value: input.helperCommand },
        ...(p.baseUrl ? [env('ANTHROPIC_BASE_URL', p.baseUrl)] : []),
        // Claude Code caches the helper's key for its own TTL; keep it equal to ours, so a repeated
        // request from one Claude Code process within the TTL reliably means "that key got a 401".
        ...(p.ttlMs ? [env('CLAUDE_CODE_API_KEY_HELPER_TTL_MS', String(p.ttlMs))] : []),
      ];
    case 'claude-ai':
      return accountPlan(p);
    case 'bedrock': {
      const out: PlanEntry[] = [env('CLAUDE_CODE_USE_BEDROCK', '1'), env('AWS_REGION', p.region)];
      if (p.awsProfile) out.push(env('AWS_PROFILE', p.awsProfile));
      if (p.authMode === 'sso') {
        if (!p.awsProfile) throw badProfile('An SSO Bedrock profile needs an AWS profile name (--aws-profile).');
        out.push({ path: ['awsAuthRefresh'], value: `aws sso login --profile ${shellWord(p.awsProfile)}` });
      }
      if (p.authMode === 'api-key') out.push(consentedSecret(p, 'AWS_BEARER_TOKEN_BEDROCK', input.plaintextSecret));
      if (p.authMode === 'credential-export') {
        if (!p.credentialExport) throw badProfile('A credential-export Bedrock profile needs its command.');
        out.push({ path: ['awsCredentialExport'], value: p.credentialExport });
      }
      return [...out, ...models(p.models)];
    }
    case 'vertex':
      return [
        env('CLAUDE_CODE_USE_VERTEX', '1'),
        env('CLOUD_ML_REGION', p.region),
        env('ANTHROPIC_VERTEX_PROJECT_ID', p.projectId),
        { path: ['gcpAuthRefresh'], value: 'gcloud auth application-default login' },
        ...models(p.models),
      ];
    case 'anthropic-admin-key':
      throw new AppError({
        kind: 'invalid-argument',
        message: `"${p.name}" is an Admin key: it manages your organisation and is never given to Claude Code.`,
        nextStep: 'Use it with `claude-auth-tray team …`; choose an API-key or provider profile for Claude Code.',
      });
    case 'foundry': {
      const out: PlanEntry[] = [env('CLAUDE_CODE_USE_FOUNDRY', '1')];
      if (p.resource) out.push(env('ANTHROPIC_FOUNDRY_RESOURCE', p.resource));
      if (p.baseUrl) out.push(env('ANTHROPIC_FOUNDRY_BASE_URL', p.baseUrl));
      if (p.authMode === 'api-key') out.push(consentedSecret(p, 'ANTHROPIC_FOUNDRY_API_KEY', input.plaintextSecret));
      return [...out, ...models(p.models)];
    }
  }
}

function consentedSecret(
  p: { name: string; allowPlaintextSecret?: boolean | undefined },
  name: string,
  secret: string | undefined,
): PlanEntry {
  if (!p.allowPlaintextSecret) {
    throw new AppError({
      kind: 'plaintext-consent-required',
      message: `Claude Code reads ${name} only from its environment, so activating "${p.name}" would write that key into settings.json in plain text.`,
      nextStep:
        'Re-add the profile with --allow-plaintext-secret to accept this, or use SSO / an AWS profile / the Azure login instead.',
    });
  }
  if (!secret) {
    throw new AppError({
      kind: 'secret-missing',
      message: `The key for "${p.name}" is not in the keychain.`,
      nextStep: 'Remove the profile and add it again with --key-stdin.',
    });
  }
  return env(name, secret, true);
}

function badProfile(message: string): AppError {
  return new AppError({ kind: 'invalid-argument', message });
}

/** AWS profile names are plain words in practice; quote anything else for /bin/sh. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
