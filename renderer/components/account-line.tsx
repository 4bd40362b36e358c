import { useState } from 'react';
import type { ProfileView, Snapshot } from '../../common/ipc-contract';
import { claudeAccount } from '../../common/providers/accounts';
import { call } from '../api';
import { useAction } from '../hooks/use-snapshot';

const PLAN: Readonly<Record<string, string>> = { pro: 'Pro', max: 'Max', team: 'Team', enterprise: 'Enterprise' };

/**
 * A Claude.ai account's identity and its Sign in / Sign out actions (issue 14). Sign in runs Claude
 * Code's own `claude auth login` for the account's folder; Sign out its `claude auth logout`. The
 * default account is Claude Code's own login: it is signed in and out in Claude Code.
 */
export function AccountLine({
  view,
  onSnapshot,
}: {
  view: ProfileView;
  onSnapshot: (s: Snapshot) => void;
}): React.JSX.Element | null {
  const p = view.profile;
  const [message, setMessage] = useState<string>();
  const signIn = useAction(async () => setMessage((await call('signin:start', p.id)).message));
  const signOut = useAction(async () => onSnapshot(await call('accounts:sign-out', p.id)));
  const a = claudeAccount(p);
  if (!a) return null;
  const plan = a.subscriptionType ? (PLAN[a.subscriptionType] ?? a.subscriptionType) : undefined;
  const who = [a.email, plan, a.organization].filter(Boolean).join(' · ');
  const signedIn = view.state.status === 'ok' || view.state.status === 'expiring';
  const error = signIn.error ?? signOut.error;
  return (
    <div className="account-line">
      <p className="muted">
        {who || 'Identity not known yet'} ·{' '}
        {a.storageDir ? `login kept in ${a.storageDir}` : 'default login (~/.claude)'}
      </p>
      {a.storageDir && (
        <p>
          {!signedIn && (
            <button
              type="button"
              disabled={signIn.busy}
              onClick={() => void signIn.run()}
              aria-label={`Sign in to ${p.name}`}
            >
              Sign in
            </button>
          )}
          {signedIn && (
            <button
              type="button"
              disabled={signOut.busy}
              onClick={() => void signOut.run()}
              aria-label={`Sign out of ${p.name}`}
            >
              Sign out
            </button>
          )}
        </p>
      )}
      {message && <p className="muted">{message}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </div>
  );
}

/** The projects pinned to a profile, each with Remove pin (issue 14). */
export function ProjectPins({
  snapshot,
  onSnapshot,
}: {
  snapshot: Snapshot;
  onSnapshot: (s: Snapshot) => void;
}): React.JSX.Element | null {
  const remove = useAction(async (dir: string) => onSnapshot(await call('pins:remove', dir)));
  const pins = snapshot.pins ?? [];
  if (pins.length === 0) return null;
  const name = (id: string): string =>
    snapshot.profiles.find((v) => v.profile.id === id)?.profile.name ?? 'a removed profile';
  return (
    <section aria-labelledby="pins-h">
      <h2 id="pins-h">Project pins</h2>
      <p className="muted">
        Claude Code sessions started in these folders use the pinned profile (from the folder&apos;s
        .claude/settings.local.json), whatever is active above.
      </p>
      <ul className="pin-list">
        {pins.map((pin) => (
          <li key={pin.dir} aria-label={`Pin ${pin.dir}`}>
            <code>{pin.dir}</code> → {name(pin.profileId)}{' '}
            <button
              type="button"
              disabled={remove.busy}
              onClick={() => void remove.run(pin.dir)}
              aria-label={`Remove pin ${pin.dir}`}
            >
              Remove pin
            </button>
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
