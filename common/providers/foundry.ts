import { HAIKU_MODEL_FIELD, inModes, MODEL_FIELD, modelsOf, never, opt, plaintextConsent } from './shared';
import type { ProviderSpec } from './types';

const FOUNDRY_KEY = { variable: 'ANTHROPIC_FOUNDRY_API_KEY', what: 'Foundry API key' } as const;

/** Microsoft Foundry: a resource or base URL, with the Azure credential chain or a Foundry API key. */
export const foundry = {
  kind: 'foundry',
  label: 'Microsoft Foundry',
  shortLabel: 'Foundry',
  nameHint: 'e.g. Foundry',
  traits: { activatable: true, session: true, shareable: true },
  needsSecret: inModes('api-key'),
  envSecret: (p) => (p.authMode === 'api-key' ? FOUNDRY_KEY : undefined),
  renewsItself: never,
  canSignIn: never,
  authModes: [
    { value: 'azure', label: 'Azure login (az login)' },
    { value: 'api-key', label: 'Foundry API key' },
  ],
  fields: [
    {
      key: 'resource',
      flag: 'resource',
      type: 'text',
      label: 'Foundry resource name',
      hint: 'Or give a base URL instead.',
    },
    { key: 'baseUrl', flag: 'base-url', type: 'url', label: 'Base URL' },
    { key: 'authMode', flag: 'auth-mode', type: 'mode', label: 'How to authenticate' },
    { key: 'allowPlaintextSecret', flag: 'allow-plaintext-secret', type: 'env-secret', modes: ['api-key'] },
    { ...MODEL_FIELD, form: false },
    { ...HAIKU_MODEL_FIELD, form: false },
  ],
  form: 'fields',
  cli: {
    flags: ['key-stdin', 'allow-plaintext-secret'],
    usage: ['foundry (--resource <name> | --base-url <url>) [--key-stdin --allow-plaintext-secret]'],
    fromOptions: (o, fail) => {
      const has = (k: string): boolean => typeof o[k] === 'string' && o[k] !== '';
      if (has('resource') === has('base-url')) fail('give exactly one of --resource <name> or --base-url <url>');
      const authMode = o['key-stdin'] ? 'api-key' : 'azure';
      if (authMode === 'api-key' && !o['allow-plaintext-secret']) throw plaintextConsent(FOUNDRY_KEY.variable);
      return { authMode, ...(authMode === 'api-key' ? { allowPlaintextSecret: true } : {}) };
    },
  },
  fromFlat: (i) => {
    const authMode = i.authMode === 'api-key' ? 'api-key' : 'azure';
    return {
      name: i.name,
      kind: 'foundry',
      authMode,
      ...opt('resource', i.resource),
      ...opt('baseUrl', i.baseUrl),
      ...(authMode === 'api-key' ? { allowPlaintextSecret: Boolean(i.allowPlaintextSecret) } : {}),
      ...modelsOf(i),
    };
  },
} as const satisfies ProviderSpec<'foundry'>;
