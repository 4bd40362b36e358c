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
] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const PROVIDER_LABEL: Readonly<Record<ProfileKind, string>> = {
  'anthropic-api-key': 'Anthropic API key',
  'api-key-helper': 'API key helper',
  'claude-ai': 'Claude.ai subscription',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
  foundry: 'Microsoft Foundry',
};
