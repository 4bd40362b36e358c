import { useState } from 'react';
import type { ProfileView, Snapshot } from '../../common/ipc-contract';
import { isActivatable } from '../../common/providers';
import { claudeAccount } from '../../common/providers/accounts';
import { call } from '../api';
import { Progress } from './field';
import { useAction } from '../hooks/use-snapshot';
import { LoginCode, useAccountLogin } from './login-code';
import { PinToProject } from './project-pins';

// Screens import the pin list from here (its home before project-pins.tsx).
export { ProjectPins } from './project-pins';

const PLAN: Readonly<Record<string, string>> = { pro: 'Pro', max: 'Max', team: 'Team', enterprise: 'Enterprise' };

/**
 * A Claude.ai account's identity and its Sign in / Sign out actions (issue 14), and for every profile
 * that can be switched to, "Pin to a project…". Sign in runs Claude Code's own `claude auth login` for
 * the account's folder (with a field for the code Claude.ai may show); when it ends the app asks
 * Claude Code who the account is now. Sign out runs its `claude auth logout`. The default account
 * is Claude Code's own login: it is signed in and out in Claude Code.
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
  const login = useAccountLogin();
  const signIn = useAction(async () => setMessage((await call('signin:start', p.id)).message));
  const signOut = useAction(async () => onSnapshot(await call('accounts:sign-out', p.id)));
  const a = claudeAccount(p);
  const pin = isActivatable(p.kind) ? <PinToProject profileId={p.id} name={p.name} onSnapshot={onSnapshot} /> : null;
  if (!a) return pin;
  const plan = a.subscriptionType ? (PLAN[a.subscriptionType] ?? a.subscriptionType) : undefined;
  const who = [a.email, plan, a.organization].filter(Boolean).join(' · ');
  const signedIn = view.state.status === 'ok' || view.state.status === 'expiring';
  const mine = login?.target === p.id ? login : undefined;
  const waiting = mine?.state === 'waiting';
  const error = signIn.error ?? signOut.error;
  return (
    <div className="account-line">
      <p className="muted">
        {who || 'Identity not known yet'} ·{' '}
        {a.storageDir ? `login kept in ${a.storageDir}` : 'default login (~/.claude)'}
      </p>
      {a.storageDir && (
        <p>
          {!signedIn && !waiting && (
            <button
              type="button"
              disabled={signIn.busy}
              onClick={() => void signIn.run()}
              aria-label={`Sign in to ${p.name}`}
            >
              Sign in
            </button>
          )}
          {signedIn && !waiting && (
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
      <Progress show={signIn.showProgress} label="Starting the sign-in…" />
      <Progress show={signOut.showProgress} label="Signing out…" />
      {message && !signedIn && mine?.state !== 'failed' && <p className="muted">{message}</p>}
      <LoginCode login={mine} who={p.name} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {pin}
    </div>
  );
}
