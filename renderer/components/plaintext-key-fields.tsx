import { Checkbox, Field } from './field';

/** A key Claude Code reads only from its environment: the key, and the consent to write it in plain text. */
export function PlaintextKeyFields(p: {
  what: string;
  variable: string;
  editing: boolean;
  secret: string;
  onSecret: (v: string) => void;
  consent: boolean;
  onConsent: (v: boolean) => void;
}): React.JSX.Element {
  return (
    <>
      <Field
        label={p.editing ? `New ${p.what} (leave empty to keep)` : p.what}
        type="password"
        value={p.secret}
        onChange={(v) => p.onSecret(v.trim())}
        required={!p.editing}
      />
      <Checkbox
        label="Write this key into Claude Code's settings.json in plain text"
        checked={p.consent}
        onChange={p.onConsent}
        hint={`Claude Code reads ${p.variable} only from its environment, so it must be in settings.json. Status warns while it is there.`}
      />
    </>
  );
}
