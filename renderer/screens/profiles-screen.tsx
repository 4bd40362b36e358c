import { useState } from 'react';
import type { ProfileView, Snapshot } from '../../common/ipc-contract';
import { isActivatable, PROVIDER_LABEL } from '../../common/profile-kinds';
import { call } from '../api';
import type { Nav } from '../nav';
import { AccountLine, ProjectPins } from '../components/account-line';
import { AddAccount } from '../components/add-account';
import { Progress } from '../components/field';
import { StatusBadge } from '../components/status-badge';
import { NEXT_STEP } from '../format';
import { useAction, useNow } from '../hooks/use-snapshot';
import { spendLine, usageLines } from '../../common/usage-text';

interface Props {
  readonly snapshot: Snapshot;
  readonly onSnapshot: (s: Snapshot) => void;
  readonly go: (n: Nav) => void;
}

/** Every profile with provider, status and live countdown; switch, edit, refresh, remove. */
export function ProfilesScreen({ snapshot, onSnapshot, go }: Props): React.JSX.Element {
  const now = useNow();
  if (snapshot.profiles.length === 0) {
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
  return (
    <section aria-labelledby="profiles-h">
      <h2 id="profiles-h">Profiles</h2>
      <ul className="profile-list">
        {snapshot.profiles.map((v) => (
          <ProfileRow key={v.profile.id} view={v} now={now} onSnapshot={onSnapshot} go={go} />
        ))}
      </ul>
      <ProjectPins snapshot={snapshot} onSnapshot={onSnapshot} />
      <AddAccount onAdded={onSnapshot} />
    </section>
  );
}

function ProfileRow({
  view,
  now,
  onSnapshot,
  go,
}: {
  view: ProfileView;
  now: number;
  onSnapshot: (s: Snapshot) => void;
  go: (n: Nav) => void;
}): React.JSX.Element {
  const { profile: p, state, active } = view;
  const [confirming, setConfirming] = useState(false);
  const activate = useAction(async () => onSnapshot(await call('profiles:activate', p.id)));
  const refresh = useAction(async () => call('profiles:refresh', p.id));
  const remove = useAction(async () => onSnapshot(await call('profiles:remove', p.id)));
  const error = activate.error ?? refresh.error ?? remove.error;
  const headingId = `p-${p.id}`;
  return (
    <li className={`profile ${active ? 'active' : ''}`} aria-labelledby={headingId}>
      <div className="profile-main">
        <h3 id={headingId}>
          {p.name} {active && <span className="active-mark">Active</span>}
        </h3>
        <p className="muted">
          {PROVIDER_LABEL[p.kind]}
          {state.hint ? ` · ${state.hint}` : ''}
        </p>
        <p>
          <StatusBadge state={state} now={now} /> <span className="muted">{state.detail.message}</span>
        </p>
        <AccountLine view={view} onSnapshot={onSnapshot} />
        {view.usage && (
          <p className="usage" aria-label="Subscription use">
            {usageLines(view.usage, now).join(' · ')}
          </p>
        )}
        {view.spend && <p className="usage">{spendLine(view.spend, now)}</p>}
        {NEXT_STEP[state.next] && state.status !== 'ok' && <p className="next">{NEXT_STEP[state.next]}</p>}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
      </div>
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
        {confirming ? (
          <>
            <button
              type="button"
              className="danger"
              onClick={() => void remove.run()}
              aria-label={`Confirm removing ${p.name}`}
            >
              Remove for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Remove ${p.name}`}>
            Remove
          </button>
        )}
        <Progress show={activate.showProgress || refresh.showProgress || remove.showProgress} label="Working…" />
      </div>
    </li>
  );
}
