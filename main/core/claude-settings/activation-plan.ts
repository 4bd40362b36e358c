import { ENV_SECRET_VARIABLES } from '../../../common/providers';
import { coreOf } from '../providers';
import type { PlanEntry, PlanInput } from './plan-entries';

export type { PlanEntry, PlanInput, SettingsPath } from './plan-entries';

/**
 * The variables that carry a consented plaintext secret (Claude Code reads them only from its env):
 * every provider's env-only key, from the registry.
 */
export const PLAINTEXT_SECRET_ENV: readonly string[] = ENV_SECRET_VARIABLES;

/**
 * The keys this app owns for a profile (issue 3, "What activation writes"). Pure: no I/O.
 * Everything not listed here is the user's and is never touched. Each provider's entries are in
 * main/core/providers/<kind>.ts.
 */
export function activationPlan(input: PlanInput): readonly PlanEntry[] {
  return coreOf(input.profile.kind).activation(input.profile, input);
}
