/**
 * Profile kinds, without the schema library, so the renderer bundle stays small. A kind is what
 * common/profile.ts's schema union says it is (the type only, no zod at run time); what each kind is
 * (label, traits, fields) lives in the provider registry, common/providers/, whose order this list
 * keeps (the Add screen's choices, `add --help`).
 */
import type { Profile } from './profile';
import { PROVIDERS } from './providers';

/** Kinds of profile this app manages (issue 3). */
export type ProfileKind = Profile['kind'];

export const PROFILE_KINDS = Object.keys(PROVIDERS) as unknown as readonly [ProfileKind, ...ProfileKind[]];

export { isActivatable, PROVIDER_LABEL } from './providers';
