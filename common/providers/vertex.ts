import { always, HAIKU_MODEL_FIELD, MODEL_FIELD, modelsOf, never } from './shared';
import type { ProviderSpec } from './types';

/** Google Vertex AI with Application Default Credentials (gcloud auth application-default login). */
export const vertex = {
  kind: 'vertex',
  label: 'Google Vertex AI',
  shortLabel: 'Vertex',
  nameHint: 'e.g. Vertex dev',
  traits: { activatable: true, session: true, shareable: true },
  needsSecret: never,
  renewsItself: never,
  canSignIn: always,
  loginPanel: always,
  fields: [
    { key: 'projectId', flag: 'project-id', type: 'text', required: true, label: 'Google Cloud project id' },
    { key: 'region', flag: 'region', type: 'text', required: true, label: 'Region', placeholder: 'us-east5 or global' },
    MODEL_FIELD,
    { ...HAIKU_MODEL_FIELD, form: false },
  ],
  form: 'fields',
  cli: {
    flags: [],
    usage: ['vertex --project-id <id> --region <r> [--model <id>] [--haiku-model <id>]'],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({
    name: i.name,
    kind: 'vertex',
    projectId: i.projectId ?? '',
    region: i.region ?? '',
    ...modelsOf(i),
  }),
} as const satisfies ProviderSpec<'vertex'>;
