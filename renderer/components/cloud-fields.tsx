import type { Form } from '../profile-form';
import { Field, Select } from './field';
import { PlaintextKeyFields } from './plaintext-key-fields';

interface Props {
  readonly form: Form;
  readonly set: (patch: Partial<Form>) => void;
  readonly editing: boolean;
  readonly secret: string;
  readonly setSecret: (v: string) => void;
  readonly awsProfiles: readonly { name: string; sso: boolean }[];
}

/** The Bedrock, Vertex and Foundry parts of the add/edit form. */
export function CloudFields({ form, set, editing, secret, setSecret, awsProfiles }: Props): React.JSX.Element {
  const k = form.kind;
  return (
    <>
      {k === 'bedrock' && (
        <>
          <Field
            label="AWS region"
            value={form.region ?? ''}
            onChange={(v) => set({ region: v })}
            required
            placeholder="us-east-1"
          />
          <Select
            label="How to authenticate"
            value={form.authMode ?? 'aws-profile'}
            onChange={(v) => set({ authMode: v as Form['authMode'] })}
            options={[
              { value: 'aws-profile', label: 'AWS profile (default credential chain)' },
              { value: 'sso', label: 'AWS SSO (IAM Identity Center)' },
              { value: 'credential-export', label: 'Credential command (awsCredentialExport)' },
              { value: 'api-key', label: 'Bedrock API key' },
            ]}
          />
          {form.authMode === 'credential-export' && (
            <Field
              label="Command that prints AWS credentials"
              value={form.credentialExport ?? ''}
              onChange={(v) => set({ credentialExport: v })}
              required
              placeholder="aws configure export-credentials --profile prod"
              hint='It must print {"Credentials":{"AccessKeyId",…,"Expiration"}}. Claude Code runs it, and again 5 minutes before the credentials expire; this app runs it to show when.'
            />
          )}
          {form.authMode !== 'api-key' && form.authMode !== 'credential-export' && (
            <Select
              label="AWS profile"
              value={form.awsProfile ?? ''}
              onChange={(v) => set({ awsProfile: v })}
              options={[
                { value: '', label: awsProfiles.length ? 'Choose a profile' : 'No profiles in ~/.aws/config' },
                ...awsProfiles.map((a) => ({ value: a.name, label: a.sso ? `${a.name} (SSO)` : a.name })),
              ]}
              hint={
                form.authMode === 'sso'
                  ? 'Claude Code runs “aws sso login” for this profile when the session has expired.'
                  : undefined
              }
            />
          )}
          {form.authMode === 'api-key' && (
            <PlaintextKeyFields
              what="Bedrock API key"
              variable="AWS_BEARER_TOKEN_BEDROCK"
              editing={editing}
              secret={secret}
              onSecret={setSecret}
              consent={Boolean(form.allowPlaintextSecret)}
              onConsent={(v) => set({ allowPlaintextSecret: v })}
            />
          )}
          <Field
            label="Model (optional)"
            value={form.model ?? ''}
            onChange={(v) => set({ model: v })}
            placeholder="us.anthropic.claude-sonnet-4-5-20250929-v1:0"
          />
          <Field
            label="Small/fast model (optional)"
            value={form.haikuModel ?? ''}
            onChange={(v) => set({ haikuModel: v })}
          />
        </>
      )}

      {k === 'vertex' && (
        <>
          <Field
            label="Google Cloud project id"
            value={form.projectId ?? ''}
            onChange={(v) => set({ projectId: v })}
            required
          />
          <Field
            label="Region"
            value={form.region ?? ''}
            onChange={(v) => set({ region: v })}
            required
            placeholder="us-east5 or global"
          />
          <Field label="Model (optional)" value={form.model ?? ''} onChange={(v) => set({ model: v })} />
        </>
      )}

      {k === 'foundry' && (
        <>
          <Field
            label="Foundry resource name"
            value={form.resource ?? ''}
            onChange={(v) => set({ resource: v })}
            hint="Or give a base URL instead."
          />
          <Field label="Base URL" type="url" value={form.baseUrl ?? ''} onChange={(v) => set({ baseUrl: v })} />
          <Select
            label="How to authenticate"
            value={form.authMode ?? 'azure'}
            onChange={(v) => set({ authMode: v as Form['authMode'] })}
            options={[
              { value: 'azure', label: 'Azure login (az login)' },
              { value: 'api-key', label: 'Foundry API key' },
            ]}
          />
          {form.authMode === 'api-key' && (
            <PlaintextKeyFields
              what="Foundry API key"
              variable="ANTHROPIC_FOUNDRY_API_KEY"
              editing={editing}
              secret={secret}
              onSecret={setSecret}
              consent={Boolean(form.allowPlaintextSecret)}
              onConsent={(v) => set({ allowPlaintextSecret: v })}
            />
          )}
        </>
      )}
    </>
  );
}
