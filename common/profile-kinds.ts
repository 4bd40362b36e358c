/**
 * Profile kinds and their labels, without the schema library, so the renderer bundle stays small.
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

export const PROVIDER_LABEL: Readonly<Record<ProfileKind, string>> = {
  'anthropic-api-key': 'Anthropic API key',
  'api-key-helper': 'API key helper',
  'claude-ai': 'Claude.ai subscription',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
  foundry: 'Microsoft Foundry',
  'anthropic-admin-key': 'Anthropic Admin key (team management)',
};

/** Kinds Claude Code can be switched to (an Admin key only manages the team). */
export function isActivatable(kind: ProfileKind): boolean {
  return kind !== 'anthropic-admin-key';
}
