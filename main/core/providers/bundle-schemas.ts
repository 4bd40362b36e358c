import type { z } from 'zod';
import {
  bedrockProfile,
  claudePlatformAwsProfile,
  foundryProfileBase,
  gatewayProfile,
  oneFoundryEndpoint,
  profileName,
  vertexProfile,
} from '../../../common/profile';
import type { ProfileKind } from '../../../common/profile-kinds';

/**
 * Each shareable kind's bundled profile: no id, no creation time, no consent (the importer gives
 * their own); a bundle's name is an entry like any other, so no control characters (issue 12, item
 * 10). Kept out of the registry's index (./index.ts): the providers are on the `use` path, whose bundle leaves the
 * schema library out (issue 16).
 */
export const BUNDLE_PROFILE_SCHEMAS: Partial<Record<ProfileKind, z.ZodType>> = {
  bedrock: bedrockProfile.omit({ id: true, createdAt: true, allowPlaintextSecret: true }).extend({ name: profileName }),
  vertex: vertexProfile.omit({ id: true, createdAt: true }).extend({ name: profileName }),
  foundry: foundryProfileBase
    .omit({ id: true, createdAt: true, allowPlaintextSecret: true })
    .extend({ name: profileName })
    .refine(oneFoundryEndpoint, { message: 'exactly one of resource or baseUrl' }),
  'claude-platform-aws': claudePlatformAwsProfile.omit({ id: true, createdAt: true }).extend({ name: profileName }),
  gateway: gatewayProfile.omit({ id: true, createdAt: true }).extend({ name: profileName }),
};
