import { useState } from 'react';
import { DEFAULT_USAGE_THRESHOLDS_PCT, type AppSettings } from '../../common/app-settings';
import type { Snapshot } from '../../common/ipc-contract';
import { call } from '../api';
import { Checkbox, Field, Progress } from '../components/field';
import { useAction } from '../hooks/use-snapshot';

const THRESHOLDS: readonly { min: number; label: string }[] = [
  { min: 24 * 60, label: '24 hours before expiry' },
  { min: 60, label: '1 hour before expiry' },
  { min: 10, label: '10 minutes before expiry' },
];

/** Notification thresholds and mutes, the status line, start at login, default helper TTL. */
export function SettingsScreen({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const [s, setS] = useState<AppSettings>(snapshot.settings);
  const [ttl, setTtl] = useState(s.defaultHelperTtlMs ? String(s.defaultHelperTtlMs / 60_000) : '');
  const [saved, setSaved] = useState(false);
  const [pct, setPct] = useState((s.usageThresholdsPct ?? DEFAULT_USAGE_THRESHOLDS_PCT).join(', '));
  const pcts = pct
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const pctInvalid = pcts.some((x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > 100) || pcts.length > 8;
  const save = useAction(async () => {
    const minutes = ttl.trim() === '' ? undefined : Number(ttl);
    const { defaultHelperTtlMs: _old, ...rest } = s;
    let next: AppSettings = {
      ...rest,
      ...(minutes ? { defaultHelperTtlMs: Math.round(minutes * 60_000) } : {}),
    };
    const usage = [...new Set(pcts.map(Number))].sort((a, b) => a - b);
    // The default stays implicit (so a later default applies) unless the user chose something else.
    if (s.usageThresholdsPct !== undefined || usage.join() !== DEFAULT_USAGE_THRESHOLDS_PCT.join())
      next = { ...next, usageThresholdsPct: usage };
    setS(await call('settings:set', next));
    setSaved(true);
  });
  const toggle = (min: number, on: boolean): void => {
    setSaved(false);
    setS({
      ...s,
      notifyThresholdsMin: on ? [...s.notifyThresholdsMin, min] : s.notifyThresholdsMin.filter((m) => m !== min),
    });
  };
  const ttlInvalid = ttl.trim() !== '' && !(Number(ttl) > 0);
  return (
    <section aria-labelledby="settings-h">
      <h2 id="settings-h">Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ttlInvalid && !pctInvalid) void save.run();
        }}
      >
        <fieldset>
          <legend>Notify me</legend>
          {THRESHOLDS.map((t) => (
            <Checkbox
              key={t.min}
              label={t.label}
              checked={s.notifyThresholdsMin.includes(t.min)}
              onChange={(on) => toggle(t.min, on)}
            />
          ))}
          <p className="hint">
            You are always told when a session has expired, when a key helper fails three times in a row, and when the
            active key is rejected.
          </p>
        </fieldset>
        {snapshot.profiles.length > 0 && (
          <fieldset>
            <legend>Mute notifications for</legend>
            {snapshot.profiles.map((v) => (
              <Checkbox
                key={v.profile.id}
                label={v.profile.name}
                checked={s.mutedProfiles.includes(v.profile.id)}
                onChange={(on) => {
                  setSaved(false);
                  setS({
                    ...s,
                    mutedProfiles: on
                      ? [...s.mutedProfiles, v.profile.id]
                      : s.mutedProfiles.filter((x) => x !== v.profile.id),
                  });
                }}
              />
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>Claude Code status line</legend>
          <Checkbox
            label="Show who pays and the subscription limits in Claude Code's status line"
            checked={s.statusLine === true}
            onChange={(on) => (setSaved(false), setS({ ...s, statusLine: on }))}
          />
          <p className="hint">
            Your own status line keeps running next to it; turning this off gives it back exactly as it was.
          </p>
          <Field
            label="Warn at this much of the 5-hour or weekly limit (percent, comma-separated)"
            value={pct}
            onChange={(v) => (setSaved(false), setPct(v))}
          />
          {pctInvalid && (
            <p role="alert" className="error-text">
              Enter whole percentages from 1 to 100, e.g. 80, 95.
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>General</legend>
          <Checkbox
            label="Start Claude Auth Tray at login"
            checked={s.startAtLogin}
            onChange={(on) => (setSaved(false), setS({ ...s, startAtLogin: on }))}
          />
          <Field
            label="Default key helper refresh interval (minutes)"
            value={ttl}
            inputMode="numeric"
            onChange={(v) => (setSaved(false), setTtl(v))}
            hint="Empty: Claude Code's own interval (5 minutes, or CLAUDE_CODE_API_KEY_HELPER_TTL_MS)."
          />
          {ttlInvalid && (
            <p role="alert" className="error-text">
              Enter a positive number of minutes, or leave it empty.
            </p>
          )}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={save.busy || ttlInvalid || pctInvalid}>
            Save settings
          </button>
          <Progress show={save.showProgress} label="Saving…" />
          {saved && !save.busy && <span role="status">Saved.</span>}
          {save.error && (
            <span role="alert" className="error-text">
              {save.error}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
