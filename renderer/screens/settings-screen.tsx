import { useId, useRef, useState } from 'react';
import { DEFAULT_USAGE_THRESHOLDS_PCT, type AppSettings } from '../../common/app-settings';
import type { Snapshot } from '../../common/ipc-contract';
import { call, errorLine } from '../api';

const THRESHOLDS: readonly { min: number; label: string }[] = [
  { min: 24 * 60, label: '24 hours before expiry' },
  { min: 60, label: '1 hour before expiry' },
  { min: 10, label: '10 minutes before expiry' },
];

const pctList = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const pctInvalid = (text: string): boolean => {
  const l = pctList(text);
  return l.some((x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > 100) || l.length > 8;
};
const ttlInvalid = (text: string): boolean => text.trim() !== '' && !(Number(text) > 0);

/**
 * Settings as grouped rows that apply at once (issue 17: no "Save settings"): notification
 * thresholds and mutes, the status line, start at login, the default helper TTL. A switch applies
 * when flipped; a text row when it is left or Enter is pressed, once it is valid.
 */
export function SettingsScreen({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const [s, setS] = useState<AppSettings>(snapshot.settings);
  const latest = useRef(s);
  const seq = useRef(0);
  const [ttl, setTtl] = useState(s.defaultHelperTtlMs ? String(s.defaultHelperTtlMs / 60_000) : '');
  const [pct, setPct] = useState((s.usageThresholdsPct ?? DEFAULT_USAGE_THRESHOLDS_PCT).join(', '));
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  /** Applies a change now: shown at once, saved in the background; the last change wins. */
  const apply = (change: (cur: AppSettings) => AppSettings): void => {
    const next = change(latest.current);
    latest.current = next;
    setS(next);
    const n = ++seq.current;
    setStatus(undefined);
    call('settings:set', next).then(
      (saved) => {
        if (n !== seq.current) return;
        latest.current = saved;
        setS(saved);
        setStatus({ ok: true, text: 'Saved.' });
      },
      (e: unknown) => n === seq.current && setStatus({ ok: false, text: errorLine(e) }),
    );
  };
  const applyTtl = (): void => {
    if (ttlInvalid(ttl)) return;
    const minutes = ttl.trim() === '' ? undefined : Number(ttl);
    const ms = minutes ? Math.round(minutes * 60_000) : undefined;
    if (ms === latest.current.defaultHelperTtlMs) return;
    apply(({ defaultHelperTtlMs: _old, ...rest }) => ({ ...rest, ...(ms ? { defaultHelperTtlMs: ms } : {}) }));
  };
  const applyPct = (): void => {
    if (pctInvalid(pct)) return;
    const usage = [...new Set(pctList(pct).map(Number))].sort((a, b) => a - b);
    const cur = latest.current.usageThresholdsPct;
    if ((cur ?? DEFAULT_USAGE_THRESHOLDS_PCT).join() === usage.join()) return;
    // The default stays implicit (so a later default applies) unless the user chose something else.
    apply((c) => ({ ...c, usageThresholdsPct: usage }));
  };
  const toggleThreshold = (min: number, on: boolean): void =>
    apply((c) => ({
      ...c,
      notifyThresholdsMin: on ? [...c.notifyThresholdsMin, min] : c.notifyThresholdsMin.filter((m) => m !== min),
    }));
  return (
    <section aria-labelledby="settings-h" className="settings">
      <header className="detail-head">
        <h2 id="settings-h">Settings</h2>
        {status && (
          <span role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'error-text'}>
            {status.text}
          </span>
        )}
      </header>

      <Group title="Notify me">
        {THRESHOLDS.map((t) => (
          <SwitchRow
            key={t.min}
            label={t.label}
            checked={s.notifyThresholdsMin.includes(t.min)}
            onChange={(on) => toggleThreshold(t.min, on)}
          />
        ))}
      </Group>
      <p className="hint group-note">
        You are always told when a session has expired, when a key helper fails three times in a row, and when the
        active key is rejected.
      </p>

      {snapshot.profiles.length > 0 && (
        <Group title="Mute notifications for">
          {snapshot.profiles.map((v) => (
            <SwitchRow
              key={v.profile.id}
              label={v.profile.name}
              checked={s.mutedProfiles.includes(v.profile.id)}
              onChange={(on) =>
                apply((c) => ({
                  ...c,
                  mutedProfiles: on
                    ? [...c.mutedProfiles, v.profile.id]
                    : c.mutedProfiles.filter((x) => x !== v.profile.id),
                }))
              }
            />
          ))}
        </Group>
      )}

      <Group title="Claude Code status line">
        <SwitchRow
          label="Show who pays and the subscription limits in Claude Code's status line"
          hint="Your own status line keeps running next to it; turning this off gives it back exactly as it was."
          checked={s.statusLine === true}
          onChange={(on) => apply((c) => ({ ...c, statusLine: on }))}
        />
        <TextRow
          label="Warn at this much of the 5-hour or weekly limit (percent, comma-separated)"
          value={pct}
          unit="%"
          onChange={setPct}
          onCommit={applyPct}
          error={pctInvalid(pct) ? 'Enter whole percentages from 1 to 100, e.g. 80, 95.' : undefined}
        />
      </Group>

      <Group title="General">
        <SwitchRow
          label="Start Claude Auth Tray at login"
          checked={s.startAtLogin}
          onChange={(on) => apply((c) => ({ ...c, startAtLogin: on }))}
        />
        <TextRow
          label="Default key helper refresh interval (minutes)"
          hint="Empty: Claude Code's own interval (5 minutes, or CLAUDE_CODE_API_KEY_HELPER_TTL_MS)."
          value={ttl}
          unit="min"
          inputMode="numeric"
          onChange={setTtl}
          onCommit={applyTtl}
          error={ttlInvalid(ttl) ? 'Enter a positive number of minutes, or leave it empty.' : undefined}
        />
      </Group>
    </section>
  );
}

function Group({ title, children }: { title: string; children: React.ReactNode }): React.JSX.Element {
  const id = useId();
  return (
    <>
      <h3 className="group-title" id={id}>
        {title}
      </h3>
      <ul className="rows" aria-labelledby={id}>
        {children}
      </ul>
    </>
  );
}

/** A row's label, its hint and its error, each with the id the control's aria-describedby names. */
function RowText(p: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}): React.JSX.Element {
  return (
    <span className="row-text">
      <label htmlFor={p.id}>{p.label}</label>
      {p.hint && (
        <span id={`${p.id}-hint`} className="hint">
          {p.hint}
        </span>
      )}
      {p.error && (
        <span id={`${p.id}-error`} role="alert" className="error-text hint">
          {p.error}
        </span>
      )}
    </span>
  );
}

function SwitchRow(p: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}): React.JSX.Element {
  const id = useId();
  return (
    <li className="row">
      <RowText id={id} label={p.label} hint={p.hint} />
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={p.checked}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
        onChange={(e) => p.onChange(e.target.checked)}
      />
    </li>
  );
}

function TextRow(p: {
  label: string;
  hint?: string;
  value: string;
  unit: string;
  inputMode?: 'numeric';
  error: string | undefined;
  onChange: (v: string) => void;
  onCommit: () => void;
}): React.JSX.Element {
  const id = useId();
  const described = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <li className="row">
      <RowText id={id} label={p.label} hint={p.hint} error={p.error} />
      <span className="row-unit">
        <input
          id={id}
          type="text"
          value={p.value}
          inputMode={p.inputMode}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={p.error ? true : undefined}
          aria-describedby={described || undefined}
          onChange={(e) => p.onChange(e.target.value)}
          onBlur={p.onCommit}
          onKeyDown={(e) => e.key === 'Enter' && p.onCommit()}
        />
        <span aria-hidden="true">{p.unit}</span>
      </span>
    </li>
  );
}
