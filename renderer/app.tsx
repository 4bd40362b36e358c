import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../common/ipc-contract';
import { api } from './api';
import { AddAccount } from './components/add-account';
import { useNow, useSnapshot } from './hooks/use-snapshot';
import type { Nav } from './nav';
import { DoctorScreen } from './screens/doctor-screen';
import { EditProfileScreen } from './screens/edit-profile-screen';
import { ProfilesScreen } from './screens/profiles-screen';
import { SettingsScreen } from './screens/settings-screen';
import { TeamScreen } from './screens/team-screen';
import { Sidebar, type SideKey } from './sidebar';

/** The profile a bare "profiles" shows: the one asked for, else the active one, else the first. */
function shownProfileId(nav: Nav, s: Snapshot | undefined): string | undefined {
  const ids = s?.profiles.map((v) => v.profile.id) ?? [];
  if (nav.profileId && ids.includes(nav.profileId)) return nav.profileId;
  if (nav.screen === 'edit' && nav.profileId) return nav.profileId; // just created: the snapshot follows
  return s?.profiles.find((v) => v.active)?.profile.id ?? ids[0];
}

/**
 * The window (issue 17): a sidebar of profiles, accounts and tools on the left, the selected item on
 * the right. Keyboard: Tab/Shift-Tab everywhere, ↑/↓ in the sidebar, Enter/Space on buttons.
 */
export function App(): React.JSX.Element {
  const { snapshot, error, reload, set } = useSnapshot();
  const now = useNow();
  const [nav, setNav] = useState<Nav>({ screen: 'profiles' });
  // Every navigation mounts its screen afresh (a second click on "Add profile" gives an empty form).
  const [visit, setVisit] = useState(0);
  const go = (n: Nav): void => {
    setNav(n);
    setVisit((v) => v + 1);
  };
  useEffect(() => api().onNavigate((n) => go(n)), []);
  // The pane can change under the focus (a removed profile, a saved form that becomes another): the
  // browser then drops the focus to the page, and a keyboard user starts over from the top. Where
  // the focus was in the pane and is gone, it goes to the new pane's heading (desktop audit).
  const pane = useRef<HTMLElement>(null);
  const focusInPane = useRef(false);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!focusInPane.current || !lost) return;
    const heading = pane.current?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  });
  const profileId = nav.screen === 'profiles' || nav.screen === 'edit' ? shownProfileId(nav, snapshot) : undefined;
  const current: SideKey | undefined =
    nav.screen === 'profiles' || nav.screen === 'edit' ? (profileId ? `profile:${profileId}` : undefined) : nav.screen;
  return (
    <div className="app">
      <Sidebar snapshot={snapshot} current={current} now={now} go={go} />
      <main
        className="detail"
        ref={pane}
        onFocus={() => (focusInPane.current = true)}
        onBlur={(e) => {
          // Focus moved on purpose (to the sidebar, or a click on the page): not ours to move back.
          // A button removed from the page, or disabled while its action runs (Chromium then drops
          // its focus), lost the focus: that is.
          const from = e.target as HTMLElement & { disabled?: boolean };
          if (e.relatedTarget) focusInPane.current = pane.current?.contains(e.relatedTarget) ?? false;
          else
            setTimeout(() => {
              if (from.isConnected && !from.disabled) focusInPane.current = false;
            }, 0);
        }}
      >
        {error && (
          <div role="alert" className="banner error">
            {error}{' '}
            <button type="button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        {/* The Doctor screen lists these itself: one message per finding. */}
        {(nav.screen === 'doctor' ? [] : (snapshot?.warnings ?? [])).map((w) => (
          <div key={w.kind + w.message} role="status" className="banner warning">
            <strong>{w.message}</strong> {w.fix}
          </div>
        ))}
        {!snapshot && !error && (
          <p role="status" className="muted">
            Loading…
          </p>
        )}
        {snapshot && nav.screen === 'profiles' && (
          <ProfilesScreen
            key={`profile-${profileId ?? ''}`}
            snapshot={snapshot}
            profileId={profileId}
            onSnapshot={set}
            go={go}
          />
        )}
        {snapshot && (nav.screen === 'add' || nav.screen === 'edit') && (
          <EditProfileScreen
            // Same key for add and edit: saving a new profile turns the form into its edit form in place.
            key={`form-${visit}`}
            snapshot={snapshot}
            profileId={nav.screen === 'edit' ? nav.profileId : undefined}
            go={go}
            onCreated={(id) => setNav({ screen: 'edit', profileId: id })}
          />
        )}
        {snapshot && nav.screen === 'add-account' && (
          <div className="pane-center">
            <AddAccount
              onAdded={(s) => {
                set(s);
                go({ screen: 'profiles', profileId: s.profiles.at(-1)?.profile.id });
              }}
            />
          </div>
        )}
        {snapshot && nav.screen === 'settings' && <SettingsScreen snapshot={snapshot} />}
        {snapshot && nav.screen === 'doctor' && <DoctorScreen key={`doctor-${visit}`} go={go} />}
        {snapshot && nav.screen === 'team' && <TeamScreen snapshot={snapshot} go={go} />}
      </main>
    </div>
  );
}
