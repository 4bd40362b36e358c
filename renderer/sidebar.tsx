import type { KeyboardEvent } from 'react';
import type { ProfileView, Snapshot } from '../common/ipc-contract';
import { claudeAccount } from '../common/providers/accounts';
import { STATE_CLASS } from './components/status-badge';
import { shortState } from './format';
import type { Nav } from './nav';

/** What the sidebar highlights: a profile, or one of the fixed items. */
export type SideKey = `profile:${string}` | 'add' | 'add-account' | 'team' | 'doctor' | 'settings';

const TOOLS: readonly { key: SideKey & Nav['screen']; label: string }[] = [
  { key: 'team', label: 'Team' },
  { key: 'doctor', label: 'Doctor' },
  { key: 'settings', label: 'Settings' },
];

/**
 * The sidebar: profiles, then Claude.ai accounts, each with its state (a dot and a word), then the
 * tools. Keyboard: Tab reaches each item; ↑/↓ move between items, Home/End to the first/last;
 * Enter or Space opens one.
 */
export function Sidebar({
  snapshot,
  current,
  now,
  go,
}: {
  snapshot: Snapshot | undefined;
  current: SideKey | undefined;
  now: number;
  go: (n: Nav) => void;
}): React.JSX.Element {
  const views = snapshot?.profiles ?? [];
  const accounts = views.filter((v) => claudeAccount(v.profile));
  const profiles = views.filter((v) => !claudeAccount(v.profile));
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button.side-item'));
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const to =
      e.key === 'ArrowDown'
        ? Math.min(items.length - 1, i + 1)
        : e.key === 'ArrowUp'
          ? Math.max(0, i - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : undefined;
    if (to === undefined || i < 0) return;
    e.preventDefault();
    items[to]?.focus();
  };
  const item = (
    key: SideKey,
    label: React.ReactNode,
    onClick: () => void,
    o: { extra?: string; name?: string } = {},
  ): React.JSX.Element => (
    <li key={key}>
      <button
        type="button"
        className={`side-item ${o.extra ?? ''}`}
        aria-current={current === key ? 'page' : undefined}
        aria-label={o.name}
        onClick={onClick}
      >
        {label}
      </button>
    </li>
  );
  const profileItem = (v: ProfileView): React.JSX.Element =>
    item(
      `profile:${v.profile.id}`,
      <ProfileLabel view={v} now={now} />,
      () => go({ screen: 'profiles', profileId: v.profile.id }),
      // "Work key (active): OK": what the item shows, read as one phrase.
      {
        name: `${v.profile.name}${v.active ? ' (active)' : ''}: ${shortState(v.state, now)}${
          claudeAccount(v.profile)?.email ? `, ${claudeAccount(v.profile)?.email}` : ''
        }`,
      },
    );
  return (
    <nav className="sidebar" aria-label="Profiles and tools" onKeyDown={onKeyDown}>
      <h1 className="app-title">Claude Auth Tray</h1>
      <h2 className="side-group" id="side-profiles">
        Profiles
      </h2>
      <ul aria-labelledby="side-profiles">
        {profiles.map(profileItem)}
        {item('add', <span className="side-add">Add profile</span>, () => go({ screen: 'add' }), { extra: 'add' })}
      </ul>
      <h2 className="side-group" id="side-accounts">
        Claude.ai accounts
      </h2>
      <ul aria-labelledby="side-accounts">
        {accounts.map(profileItem)}
        {item('add-account', <span className="side-add">Add account</span>, () => go({ screen: 'add-account' }), {
          extra: 'add',
        })}
      </ul>
      <ul className="side-tools" aria-label="Tools">
        {TOOLS.map((t) => item(t.key, t.label, () => go({ screen: t.key })))}
      </ul>
    </nav>
  );
}

function ProfileLabel({ view, now }: { view: ProfileView; now: number }): React.JSX.Element {
  const { profile: p, state, active } = view;
  // An account is told apart by who it is.
  const email = claudeAccount(p)?.email;
  return (
    <>
      {/* The name in a box of its own: text-overflow draws no "…" for the text of a flex box. The
          tooltip shows a name cut short whole; the item's accessible name has it whole too. */}
      <span className="side-name">
        <span className="side-name-text" title={p.name}>
          {p.name}
        </span>
        {active && <span className="side-active">Active</span>}
      </span>
      <span className="side-state">
        <span className={`dot ${STATE_CLASS[state.status]}`} aria-hidden="true" />
        <span className="side-state-text" title={`${shortState(state, now)}${email ? ` · ${email}` : ''}`}>
          {shortState(state, now)}
          {email ? ` · ${email}` : ''}
        </span>
      </span>
    </>
  );
}
