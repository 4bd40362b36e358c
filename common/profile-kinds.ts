/**
 * Profile kinds, without the schema library, so the renderer bundle stays small. What each kind is
 * (label, traits, fields) lives in the provider registry, common/providers/.
 */
/** Kinds of profile this app manages (issue 3). */
export const PROFILE_KINDS = [
  'anthropic-api-key',
  'api-key-helper',
  'claude-ai',
  'bedrock',
  'vertex',
  'foundry',
  'anthropic-admin-key',
] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export { isActivatable, PROVIDER_LABEL } from './providers';
