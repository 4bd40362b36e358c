import { consentedSecret, env, modelEntries, type PlanEntry } from '../claude-settings/plan-entries';
import { viaCloudProvider } from './claude-code-check';
import type { CoreProvider } from './types';

export const foundryCore = {
  kind: 'foundry',
  activation: (p, input) => {
    const out: PlanEntry[] = [env('CLAUDE_CODE_USE_FOUNDRY', '1')];
    if (p.resource) out.push(env('ANTHROPIC_FOUNDRY_RESOURCE', p.resource));
    if (p.baseUrl) out.push(env('ANTHROPIC_FOUNDRY_BASE_URL', p.baseUrl));
    if (p.authMode === 'api-key') out.push(consentedSecret(p, 'ANTHROPIC_FOUNDRY_API_KEY', input.plaintextSecret));
    return [...out, ...modelEntries(p.models)];
  },
  offlineState: (p, { now }) => ({
    profileId: p.id,
    lastCheckedAt: now,
    status: 'unknown',
    detail: {
      kind: 'no-expiry',
      message: p.authMode === 'azure' ? 'uses the Azure credential chain (az login)' : 'Foundry API key',
    },
    next: 'none',
  }),
  monitoring: () => ({ how: 'files' }),
  watchedFiles: () => [],
  claudeCode: viaCloudProvider('foundry'),
  endpointHost: (p) => (p.resource ? `${p.resource}.services.ai.azure.com` : undefined),
  keyDestination: (p) => p.baseUrl ?? (p.resource ? `resource:${p.resource}` : undefined),
  bundle: {
    steps: (p, last) =>
      p.authMode === 'azure'
        ? ['Install the Azure CLI.', 'az login', ...last]
        : [
            'Get a Foundry API key from your Azure AI Foundry resource.',
            ...last,
            'Edit the profile and paste the key (it is stored in your keychain).',
          ],
  },
} as const satisfies CoreProvider<'foundry'>;
