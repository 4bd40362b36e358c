import { useId } from 'react';

interface FieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly type?: 'text' | 'password' | 'url' | 'number';
  readonly hint?: string;
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric' | 'url' | 'text';
  /** A text box of several lines (one value per line). */
  readonly multiline?: boolean;
}

/** A labelled input with an optional hint tied to it (aria-describedby). */
export function Field(p: FieldProps): React.JSX.Element {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.multiline ? (
        <textarea
          id={id}
          rows={3}
          value={p.value}
          required={p.required}
          placeholder={p.placeholder}
          spellCheck={false}
          aria-describedby={p.hint ? `${id}-hint` : undefined}
          onChange={(e) => p.onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          type={p.type ?? 'text'}
          value={p.value}
          required={p.required}
          placeholder={p.placeholder}
          autoComplete={p.autoComplete ?? 'off'}
          spellCheck={false}
          inputMode={p.inputMode}
          aria-describedby={p.hint ? `${id}-hint` : undefined}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
      {p.hint && (
        <p id={`${id}-hint`} className="hint">
          {p.hint}
        </p>
      )}
    </div>
  );
}

export function Select(p: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  hint?: string;
}): React.JSX.Element {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <select
        id={id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.hint && (
        <p id={`${id}-hint`} className="hint">
          {p.hint}
        </p>
      )}
    </div>
  );
}

export function Checkbox(p: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}): React.JSX.Element {
  const id = useId();
  return (
    <div className="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{p.label}</label>
      {p.hint && (
        <p id={`${id}-hint`} className="hint">
          {p.hint}
        </p>
      )}
    </div>
  );
}

/** Progress for work slower than ~200 ms, announced politely. */
export function Progress({ show, label }: { show: boolean; label: string }): React.JSX.Element | null {
  if (!show) return null;
  return (
    <span role="status" className="progress">
      <span className="spinner" aria-hidden="true" /> {label}
    </span>
  );
}
