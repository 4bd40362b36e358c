/** The pieces of an activation plan: entries, env entries, a consented plain-text secret (issue 3). */
import { AppError, keyMissingStep } from '../../../common/errors';
import type { Profile } from '../../../common/profile';

/** A JSON path into settings.json, e.g. ['apiKeyHelper'] or ['env', 'AWS_REGION']. */
export type SettingsPath = readonly [string] | readonly ['env', string];

export interface PlanEntry {
  readonly path: SettingsPath;
  readonly value: string;
  /**
   * An object value (e.g. `statusLine`); `value` then holds its JSON text for display. Activation
   * plans never set it; the status line switch does (main/core/usage/status-line-plan.ts).
   */
  readonly object?: Readonly<Record<string, unknown>>;
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

export const env = (name: string, value: string, secret = false): PlanEntry => ({
  path: ['env', name],
  value,
  ...(secret ? { secret } : {}),
});

/** Model overrides: ANTHROPIC_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL. */
export const modelEntries = (m: { model?: string; haikuModel?: string } | undefined): PlanEntry[] => [
  ...(m?.model ? [env('ANTHROPIC_MODEL', m.model)] : []),
  ...(m?.haikuModel ? [env('ANTHROPIC_DEFAULT_HAIKU_MODEL', m.haikuModel)] : []),
];

export function consentedSecret(
  p: { name: string; allowPlaintextSecret?: boolean | undefined },
  name: string,
  secret: string | undefined,
): PlanEntry {
  if (!p.allowPlaintextSecret) {
    throw new AppError({
      kind: 'plaintext-consent-required',
      message: `Claude Code reads ${name} only from its environment, so activating "${p.name}" would write that key into settings.json in plain text.`,
      nextStep: {
        cli: 'Edit it with --allow-plaintext-secret to accept this, or use SSO / an AWS profile / the Azure login instead.',
        window: `Edit the profile and tick "Write this key into Claude Code's settings.json in plain text", or choose SSO, an AWS profile or the Azure login instead.`,
      },
    });
  }
  if (!secret) {
    throw new AppError({
      kind: 'secret-missing',
      message: `The key for "${p.name}" is not in the keychain.`,
      nextStep: keyMissingStep(p.name),
    });
  }
  return env(name, secret, true);
}

export function badProfile(message: string): AppError {
  return new AppError({ kind: 'invalid-argument', message });
}

/** AWS profile names are plain words in practice; quote anything else for /bin/sh. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
