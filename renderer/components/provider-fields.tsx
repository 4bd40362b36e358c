import { envSecretOf, providerOf, type FieldDescriptor } from '../../common/providers';
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

/**
 * A provider's part of the add/edit form, drawn from its field descriptors (common/providers/):
 * text fields (one value per line for 'lines'), the auth-mode choice, an AWS profile choice, a key
 * kept in the keychain, and the key Claude Code reads only from its environment with the consent to
 * write it in plain text.
 */
export function ProviderFields({ form, set, editing, secret, setSecret, awsProfiles }: Props): React.JSX.Element {
  const spec = providerOf(form.kind);
  const modes = spec.authModes ?? [];
  const mode = form.authMode ?? modes[0]?.value;
  const shown = (f: FieldDescriptor): boolean =>
    f.form !== false && (!f.modes || (mode !== undefined && f.modes.includes(mode)));
  const field = (f: FieldDescriptor): React.JSX.Element | null => {
    const label = f.label ?? f.key;
    if (f.type === 'mode')
      return (
        <Select
          key={f.key}
          label={label}
          value={mode ?? ''}
          onChange={(v) => set({ authMode: v as Form['authMode'] })}
          options={modes}
        />
      );
    if (f.type === 'env-secret') {
      const key = envSecretOf(form);
      return key ? (
        <PlaintextKeyFields
          key={f.key}
          what={key.what}
          variable={key.variable}
          editing={editing}
          secret={secret}
          onSecret={setSecret}
          consent={Boolean(form.allowPlaintextSecret)}
          onConsent={(v) => set({ allowPlaintextSecret: v })}
        />
      ) : null;
    }
    if (f.type === 'secret')
      return (
        <Field
          key={f.key}
          label={editing ? `New ${label.toLowerCase()} (leave empty to keep the stored one)` : label}
          type="password"
          value={secret}
          onChange={(v) => setSecret(v.trim())}
          required={!editing}
          hint="Stored only in your OS keychain. It is never shown again in full."
        />
      );
    const value = String((form as Readonly<Record<string, unknown>>)[f.key] ?? '');
    if (f.choices === 'aws-profiles')
      return (
        <Select
          key={f.key}
          label={label}
          value={value}
          onChange={(v) => set({ [f.key]: v })}
          options={[
            { value: '', label: awsProfiles.length ? 'Choose a profile' : 'No profiles in ~/.aws/config' },
            ...awsProfiles.map((a) => ({ value: a.name, label: a.sso ? `${a.name} (SSO)` : a.name })),
          ]}
          hint={mode !== undefined ? f.hintByMode?.[mode] : undefined}
        />
      );
    return (
      <Field
        key={f.key}
        label={label}
        {...(f.type === 'url' ? { type: 'url' as const } : {})}
        {...(f.type === 'lines' ? { multiline: true } : {})}
        value={value}
        onChange={(v) => set({ [f.key]: v })}
        {...(f.required ? { required: true } : {})}
        {...(f.placeholder ? { placeholder: f.placeholder } : {})}
        {...(f.hint ? { hint: f.hint } : {})}
      />
    );
  };
  return <>{spec.fields.filter(shown).map(field)}</>;
}
