import type { NewProfileInput } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import type { NewProfile } from './profile-service';

/** Turns the window's flat form input into a profile of its kind. */
export function toNewProfile(i: Omit<NewProfileInput, 'secret'>): NewProfile {
  const models =
    i.model || i.haikuModel
      ? { models: { ...(i.model ? { model: i.model } : {}), ...(i.haikuModel ? { haikuModel: i.haikuModel } : {}) } }
      : {};
  const opt = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined || v === '' ? {} : { [k]: v });
  const base = { name: i.name };
  switch (i.kind) {
    case 'anthropic-api-key':
      return { ...base, kind: i.kind, ...opt('baseUrl', i.baseUrl) } as NewProfile;
    case 'api-key-helper':
      return {
        ...base,
        kind: i.kind,
        command: i.command ?? '',
        ...opt('baseUrl', i.baseUrl),
        ...opt('ttlMs', i.ttlMs),
        ...opt('timeoutMs', i.timeoutMs),
      } as NewProfile;
    case 'claude-ai':
      return { ...base, kind: i.kind };
    case 'bedrock': {
      const authMode =
        i.authMode === 'sso' || i.authMode === 'api-key' || i.authMode === 'credential-export'
          ? i.authMode
          : 'aws-profile';
      return {
        ...base,
        kind: i.kind,
        region: i.region ?? '',
        authMode,
        ...opt('awsProfile', i.awsProfile),
        ...opt('credentialExport', authMode === 'credential-export' ? i.credentialExport : undefined),
        ...(authMode === 'api-key' ? { allowPlaintextSecret: Boolean(i.allowPlaintextSecret) } : {}),
        ...models,
      } as NewProfile;
    }
    case 'vertex':
      return { ...base, kind: i.kind, projectId: i.projectId ?? '', region: i.region ?? '', ...models } as NewProfile;
    case 'anthropic-admin-key':
      return { ...base, kind: i.kind, ...opt('baseUrl', i.baseUrl) } as NewProfile;
    case 'foundry': {
      const authMode = i.authMode === 'api-key' ? 'api-key' : 'azure';
      return {
        ...base,
        kind: i.kind,
        authMode,
        ...opt('resource', i.resource),
        ...opt('baseUrl', i.baseUrl),
        ...(authMode === 'api-key' ? { allowPlaintextSecret: Boolean(i.allowPlaintextSecret) } : {}),
        ...models,
      } as NewProfile;
    }
  }
}

/** A profile back to the window's flat form fields. */
export function flatten(p: Profile): Omit<NewProfileInput, 'secret'> {
  const { id: _id, createdAt: _c, ...rest } = p;
  const models = 'models' in rest ? rest.models : undefined;
  const flat: Record<string, unknown> = { ...rest };
  delete flat.models;
  if (models?.model) flat.model = models.model;
  if (models?.haikuModel) flat.haikuModel = models.haikuModel;
  return flat as Omit<NewProfileInput, 'secret'>;
}
