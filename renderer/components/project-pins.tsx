import { useState } from 'react';
import type { Snapshot } from '../../common/ipc-contract';
import { call } from '../api';
import { useAction } from '../hooks/use-snapshot';
import { RowButton, useRowAction } from './row-button';

/**
 * The projects pinned to a profile, each with Remove pin (issue 14). Claude Code 2.1.197 reads the
 * .claude folder of the folder it starts in only (test/compat/claude-project-settings.test.ts), so a
 * pin applies there and not in subfolders: the text says so. With `profileId`, that profile's pins.
 */
export function ProjectPins({
  snapshot,
  onSnapshot,
  profileId,
}: {
  snapshot: Snapshot;
  onSnapshot: (s: Snapshot) => void;
  profileId?: string;
}): React.JSX.Element | null {
  const remove = useRowAction(async (dir: string) => onSnapshot(await call('pins:remove', dir)));
  const pins = (snapshot.pins ?? []).filter((p) => profileId === undefined || p.profileId === profileId);
  if (pins.length === 0) return null;
  const name = (id: string): string =>
    snapshot.profiles.find((v) => v.profile.id === id)?.profile.name ?? 'a removed profile';
  return (
    <section aria-labelledby={`pins-h${profileId ? `-${profileId}` : ''}`}>
      <h2 id={`pins-h${profileId ? `-${profileId}` : ''}`}>Project pins</h2>
      <p className="muted">
        Claude Code sessions started in these folders use the pinned profile (from the folder&apos;s
        .claude/settings.local.json), whatever is active. Not in their subfolders: Claude Code reads the settings of the
        folder it starts in only.
      </p>
      <ul className="pin-list">
        {pins.map((pin) => (
          <li key={pin.dir} aria-label={`Pin ${pin.dir}`}>
            <code>{pin.dir}</code> → {name(pin.profileId)}{' '}
            <RowButton
              running={remove.running === pin.dir}
              anyRunning={remove.busy}
              busyText="Removing…"
              label={`Remove pin ${pin.dir}`}
              onRun={() => remove.run(pin.dir)}
            >
              Remove pin
            </RowButton>
          </li>
        ))}
      </ul>
      {remove.error && (
        <p role="alert" className="error-text">
          {remove.error}
        </p>
      )}
    </section>
  );
}

/**
 * "Pin to a project…": the main process asks for the folder in its own dialog and pins the profile
 * there exactly as `claude-auth-tray use <profile> --project <folder>` does (same refusals).
 */
export function PinToProject({
  profileId,
  name,
  onSnapshot,
}: {
  profileId: string;
  name: string;
  onSnapshot: (s: Snapshot) => void;
}): React.JSX.Element {
  const [message, setMessage] = useState<string>();
  const pin = useAction(async () => {
    setMessage(undefined);
    const r = await call('pins:add', { profileId });
    if (r.cancelled) return;
    setMessage(r.message);
    onSnapshot(r.snapshot);
  });
  return (
    <div className="pin-to-project">
      <button type="button" disabled={pin.busy} onClick={() => void pin.run()} aria-label={`Pin ${name} to a project…`}>
        Pin to a project…
      </button>
      {message && <p role="status">{message}</p>}
      {pin.error && (
        <p role="alert" className="error-text">
          {pin.error}
        </p>
      )}
    </div>
  );
}
