/** Pieces several providers share: model overrides, optional fields, the plain-text consent. */
import { AppError } from '../errors';
import type { FieldDescriptor, FlatInput, ModeOf } from './types';

/** The field only when it has a value (an empty string is no value). */
export const opt = <T>(k: string, v: T | undefined): Record<string, T> =>
  v === undefined || v === '' ? {} : { [k]: v };

/** Model overrides (ANTHROPIC_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL) from flat input. */
export function modelsOf(i: FlatInput): { models?: { model?: string; haikuModel?: string } } {
  return i.model || i.haikuModel
    ? { models: { ...(i.model ? { model: i.model } : {}), ...(i.haikuModel ? { haikuModel: i.haikuModel } : {}) } }
    : {};
}

export const MODEL_FIELD: FieldDescriptor = { key: 'model', flag: 'model', type: 'text', label: 'Model (optional)' };
export const HAIKU_MODEL_FIELD: FieldDescriptor = {
  key: 'haikuModel',
  flag: 'haiku-model',
  type: 'text',
  label: 'Small/fast model (optional)',
};

export const never = (): boolean => false;
export const always = (): boolean => true;
/** True for exactly these auth modes. */
export const inModes =
  (...modes: readonly string[]) =>
  (p: ModeOf): boolean =>
    p.authMode !== undefined && modes.includes(p.authMode);

/** The refusal to write an env-only key in plain text without --allow-plaintext-secret. */
export function plaintextConsent(variable: string): AppError {
  return new AppError({
    kind: 'plaintext-consent-required',
    message: `Claude Code reads ${variable} only from its environment, so this profile's key would be written to settings.json in plain text.`,
    nextStep: {
      cli: 'Add --allow-plaintext-secret to accept that, or use SSO / an AWS profile / the Azure login instead.',
      window: `Tick "Write this key into Claude Code's settings.json in plain text" to accept that, or choose SSO, an AWS profile or the Azure login instead.`,
    },
  });
}
