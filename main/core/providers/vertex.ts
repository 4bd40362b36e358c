import { env, modelEntries } from '../claude-settings/plan-entries';
import { adcFile, checkVertexAdc, vertexAdcState } from '../expiry/gcloud-adc';
import { viaCloudProvider } from './claude-code-check';
import type { CoreProvider, LiveCheck } from './types';

/** Vertex AI's locations: `global`, the multi-regions `us`/`eu`, or a geography, an area and a number (`us-east5`). */
const VERTEX_REGION_RE =
  /^(?:global|us|eu|(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-[a-z]+[0-9]{1,2})$/;

/** How often a Vertex profile's Application Default Credentials are tried against Google's token endpoint. */
export const ADC_CHECK_INTERVAL_MS = 30 * 60_000;

/** ADC present → ask Google for a token; a dead login becomes `expired` with "sign in". */
const adcCheck: LiveCheck<'vertex'> = {
  intervalMs: ADC_CHECK_INTERVAL_MS,
  run: async (p, ctx) => {
    const state = await checkVertexAdc(p.id, ctx.env, ctx.now, {
      ...(ctx.platform ? { platform: ctx.platform } : {}),
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      ...(ctx.googleTokenUrl ? { tokenUrl: ctx.googleTokenUrl } : {}),
    });
    return { state, outcome: { ok: true, nextDueAt: ctx.now() + ADC_CHECK_INTERVAL_MS } };
  },
};

export const vertexCore = {
  kind: 'vertex',
  activation: (p) => [
    env('CLAUDE_CODE_USE_VERTEX', '1'),
    env('CLOUD_ML_REGION', p.region),
    env('ANTHROPIC_VERTEX_PROJECT_ID', p.projectId),
    { path: ['gcpAuthRefresh'], value: 'gcloud auth application-default login' },
    ...modelEntries(p.models),
  ],
  offlineState: (p, ctx) => vertexAdcState(p.id, ctx.env, ctx.now, ctx.platform),
  monitoring: () => ({ how: 'login-check', check: adcCheck }),
  watchedFiles: (_p, env, platform) => [adcFile(env, platform)],
  signIn: () => ({ bin: 'gcloud', args: ['auth', 'application-default', 'login'] }),
  loginDraft: (_d, base) => ({ ...base, kind: 'vertex', projectId: 'draft-project', region: 'global' }),
  claudeCode: viaCloudProvider('vertex'),
  validate: (p) =>
    VERTEX_REGION_RE.test(p.region)
      ? undefined
      : 'Invalid profile: region: is not a Vertex AI region: give one such as us-east5, europe-west1, asia-southeast1 or global.',
  endpointHost: (p) => (p.region === 'global' ? 'aiplatform.googleapis.com' : `${p.region}-aiplatform.googleapis.com`),
  bundle: {
    steps: (p, last) => [
      'Install the Google Cloud CLI.',
      'gcloud auth application-default login',
      `gcloud config set project ${p.projectId}`,
      ...last,
    ],
  },
} as const satisfies CoreProvider<'vertex'>;
