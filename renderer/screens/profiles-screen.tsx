import { useEffect, useRef, useState } from 'react';
import type { ProfileView, Snapshot } from '../../common/ipc-contract';
import { isActivatable, PROVIDER_LABEL } from '../../common/profile-kinds';
import { canSignIn, providerOf } from '../../common/providers';
import { claudeAccount } from '../../common/providers/accounts';
import { call } from '../api';
import type { Nav } from '../nav';
import { AccountLine } from '../components/account-line';
import { ProjectPins } from '../components/project-pins';
import { Progress } from '../components/field';
import { StatusBadge } from '../components/status-badge';
import { duration, NEXT_STEP } from '../format';
import { useAction, useNow } from '../hooks/use-snapshot';
import { spendLine, usageLines } from '../../common/usage-text';

/** "just now", "4 min ago", "2 h 5 min ago": a fact that need not tick every second. */
const ago = (ms: number): string => (ms < 60_000 ? 'just now' : `${duration(ms).replace(/ \d+ s$/, '')} ago`);

interface Props {
  readonly snapshot: Snapshot;
  /** The profile to show; the active one (or the first) when not given. */
  readonly profileId?: string | undefined;
  readonly onSnapshot: (s: Snapshot) => void;
  readonly go: (n: Nav) => void;
}

/**
 * The detail pane for a profile (the sidebar lists them): provider, state with live countdown, the
 * next step with its action, the account line, use; Use, Edit, Refresh, Remove. With no profiles:
 * the window's empty state.
 */
export function ProfilesScreen({ snapshot, profileId, onSnapshot, go }: Props): React.JSX.Element {
  const now = useNow();
  const view =
    snapshot.profiles.find((v) => v.profile.id === profileId) ??
    snapshot.profiles.find((v) => v.active) ??
    snapshot.profiles[0];
  if (!view) {
    return (
      <section aria-labelledby="profiles-h" className="empty">
        <h2 id="profiles-h">No profiles yet</h2>
        <p>
          A profile is one way for Claude Code to sign in: an Anthropic API key, your own key helper, your Claude.ai
          subscription, or Amazon Bedrock, Google Vertex AI or Microsoft Foundry.
        </p>
        <button type="button" className="primary" onClick={() => go({ screen: 'add' })}>
          Add your first profile
        </button>
      </section>
    );
  }
  return <ProfileDetail snapshot={snapshot} view={view} now={now} onSnapshot={onSnapshot} go={go} />;
}

function ProfileDetail({
  snapshot,
  view,
  now,
  onSnapshot,
  go,
}: {
  snapshot: Snapshot;
  view: ProfileView;
  now: number;
  onSnapshot: (s: Snapshot) => void;
  go: (n: Nav) => void;
}): React.JSX.Element {
  const { profile: p, state, active } = view;
  const [confirming, setConfirming] = useState(false);
  // Remove turns into "Remove for good" / "Keep" under the focus: the focus follows to Keep (the
  // safe choice) and back to Remove, never to the page's body (desktop audit, keyboard access).
  const removeRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    (confirming ? keepRef : removeRef).current?.focus();
  }, [confirming]);
  const confirm = (on: boolean): void => {
    moved.current = true;
    setConfirming(on);
  };
  const [signInMessage, setSignInMessage] = useState<string>();
  const activate = useAction(async () => onSnapshot(await call('profiles:activate', p.id)));
  const refresh = useAction(async () => call('profiles:refresh', p.id));
  const remove = useAction(async () => onSnapshot(await call('profiles:remove', p.id)));
  const signIn = useAction(async () => setSignInMessage((await call('signin:start', p.id)).message));
  const error = activate.error ?? refresh.error ?? remove.error ?? signIn.error;
  const headingId = `p-${p.id}`;
  // An account in a folder of its own signs in from its account line; every other login from here.
  const offersSignIn = state.next === 'sign-in' && canSignIn(p) && !claudeAccount(p)?.storageDir;
  return (
    <section className="profile-detail" aria-labelledby={headingId}>
      <header className="detail-head">
        <div>
          <h2 id={headingId}>{p.name}</h2>
          <p className="muted">{PROVIDER_LABEL[p.kind]}</p>
        </div>
        {active && <span className="active-mark">Active</span>}
      </header>
      <div className="group">
        <div className="state-row">
          <StatusBadge state={state} now={now} /> <span className="muted">{state.detail.message}</span>
        </div>
        {NEXT_STEP[state.next] && state.status !== 'ok' && (
          <div className="next-row">
            <p className="next">{NEXT_STEP[state.next]}</p>
            {offersSignIn && (
              <button type="button" disabled={signIn.busy} onClick={() => void signIn.run()}>
                {providerOf(p.kind).words?.signIn ?? 'Sign in'}
              </button>
            )}
          </div>
        )}
        <Progress show={signIn.showProgress} label="Starting the sign-in…" />
        {signInMessage && <p role="status">{signInMessage}</p>}
        {view.usage && (
          <p className="usage" aria-label="Subscription use">
            {usageLines(view.usage, now).join(' · ')}
          </p>
        )}
        {view.spend && <p className="usage">{spendLine(view.spend, now)}</p>}
      </div>
      <dl className="rows facts">
        {state.hint && (
          <div className="row">
            <dt>Key</dt>
            <dd>
              <code>{state.hint}</code>
            </dd>
          </div>
        )}
        <div className="row">
          <dt>Claude Code</dt>
          <dd>
            {active
              ? 'Uses this profile'
              : isActivatable(p.kind)
                ? 'Not using it'
                : 'Never uses it (for this app only)'}
          </dd>
        </div>
        {state.lastCheckedAt > 0 && (
          <div className="row">
            <dt>Checked</dt>
            <dd>{ago(now - state.lastCheckedAt)}</dd>
          </div>
        )}
      </dl>
      <AccountLine view={view} onSnapshot={onSnapshot} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        {!active && isActivatable(p.kind) && (
          <button
            type="button"
            className="primary"
            disabled={activate.busy}
            onClick={() => void activate.run()}
            aria-label={`Use ${p.name}`}
          >
            Use
          </button>
        )}
        <button type="button" onClick={() => go({ screen: 'edit', profileId: p.id })} aria-label={`Edit ${p.name}`}>
          Edit
        </button>
        <button
          type="button"
          disabled={refresh.busy}
          onClick={() => void refresh.run()}
          aria-label={`Refresh ${p.name}`}
        >
          Refresh
        </button>
        <span className="spacer" />
        {confirming ? (
          <span
            className="confirm"
            onKeyDown={(e) => {
              if (e.key === 'Escape' && !remove.busy) confirm(false);
            }}
          >
            <button
              type="button"
              className="danger"
              disabled={remove.busy}
              onClick={() => void remove.run()}
              aria-label={`Confirm removing ${p.name}`}
            >
              Remove for good
            </button>
            <button
              type="button"
              ref={keepRef}
              disabled={remove.busy}
              onClick={() => confirm(false)}
              aria-label={`Keep ${p.name}`}
            >
              Keep
            </button>
          </span>
        ) : (
          <button type="button" ref={removeRef} onClick={() => confirm(true)} aria-label={`Remove ${p.name}`}>
            Remove
          </button>
        )}
        <Progress show={activate.showProgress || refresh.showProgress || remove.showProgress} label="Working…" />
      </div>
      <ProjectPins snapshot={snapshot} onSnapshot={onSnapshot} profileId={p.id} />
    </section>
  );
}
