/** The add/edit form's model: flat fields per kind, to and from the IPC contract's NewProfileInput. */
import type { KeyCheckResult, NewProfileInput } from '../common/ipc-contract';
import type { Profile } from '../common/profile';
import type { ProfileKind } from '../common/profile-kinds';

export const NAME_HINT: Record<ProfileKind, string> = {
  'anthropic-api-key': 'e.g. Work key',
  'api-key-helper': 'e.g. Vault key',
  'claude-ai': 'e.g. My Max plan',
  bedrock: 'e.g. Bedrock prod',
  vertex: 'e.g. Vertex dev',
  foundry: 'e.g. Foundry',
  'anthropic-admin-key': 'e.g. Org admin',
};

export type Form = Omit<NewProfileInput, 'ttlMs' | 'timeoutMs'> & { ttlMin: string; timeoutS: string };

export const VERDICT: Record<KeyCheckResult['verdict'], string> = {
  valid: 'Valid: the key works.',
  invalid: 'Revoked or mistyped: the API rejected this key.',
  forbidden: 'No permission: the key works but may not use this API.',
  billing: 'Billing problem: check the organisation’s credit balance.',
  'rate-limited': 'Rate limited right now; the key could not be checked. Try again in a minute.',
  'org-disabled': 'The organisation of this key is disabled.',
  unknown: 'Offline or no answer: the key could not be checked. It was not marked invalid.',
};

export function toForm(p: Profile | undefined, kind: ProfileKind, defaultTtlMs: number | undefined): Form {
  const f: Form = { kind, name: '', ttlMin: defaultTtlMs ? String(defaultTtlMs / 60_000) : '', timeoutS: '' };
  if (!p) return f;
  const any = p as Partial<Record<string, unknown>> & Profile;
  const models = (any.models as { model?: string; haikuModel?: string } | undefined) ?? {};
  return {
    ...f,
    kind: p.kind,
    name: p.name,
    ...(typeof any.baseUrl === 'string' ? { baseUrl: any.baseUrl } : {}),
    ...(typeof any.command === 'string' ? { command: any.command } : {}),
    ...(typeof any.region === 'string' ? { region: any.region } : {}),
    ...(typeof any.awsProfile === 'string' ? { awsProfile: any.awsProfile } : {}),
    ...(typeof any.credentialExport === 'string' ? { credentialExport: any.credentialExport } : {}),
    ...(typeof any.authMode === 'string' ? { authMode: any.authMode as Form['authMode'] } : {}),
    ...(typeof any.projectId === 'string' ? { projectId: any.projectId } : {}),
    ...(typeof any.resource === 'string' ? { resource: any.resource } : {}),
    ...(typeof any.allowPlaintextSecret === 'boolean' ? { allowPlaintextSecret: any.allowPlaintextSecret } : {}),
    ...(models.model ? { model: models.model } : {}),
    ...(models.haikuModel ? { haikuModel: models.haikuModel } : {}),
    ttlMin: typeof any.ttlMs === 'number' ? String(any.ttlMs / 60_000) : '',
    timeoutS: typeof any.timeoutMs === 'number' ? String(any.timeoutMs / 1000) : '',
  };
}

export function toInput(f: Form, secret: string): NewProfileInput {
  const { ttlMin, timeoutS, ...rest } = f;
  const clean = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== '' && v !== undefined),
  ) as unknown as NewProfileInput;
  return {
    ...clean,
    ...(ttlMin && Number(ttlMin) > 0 ? { ttlMs: Math.round(Number(ttlMin) * 60_000) } : {}),
    ...(timeoutS && Number(timeoutS) > 0 ? { timeoutMs: Math.round(Number(timeoutS) * 1000) } : {}),
    ...(secret ? { secret } : {}),
  };
}
