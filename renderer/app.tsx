import { useEffect, useState } from 'react';
import { api } from './api';
import { useSnapshot } from './hooks/use-snapshot';
import type { Nav } from './nav';
import { DoctorScreen } from './screens/doctor-screen';
import { EditProfileScreen } from './screens/edit-profile-screen';
import { ProfilesScreen } from './screens/profiles-screen';
import { SettingsScreen } from './screens/settings-screen';
import { TeamScreen } from './screens/team-screen';

const TABS: readonly { screen: Nav['screen']; label: string }[] = [
  { screen: 'profiles', label: 'Profiles' },
  { screen: 'add', label: 'Add profile' },
  { screen: 'settings', label: 'Settings' },
  { screen: 'doctor', label: 'Doctor' },
  { screen: 'team', label: 'Team' },
];

/** The window: a tab bar and one screen. Keyboard: Tab/Shift-Tab everywhere, Enter/Space on buttons. */
export function App(): React.JSX.Element {
  const { snapshot, error, reload, set } = useSnapshot();
  const [nav, setNav] = useState<Nav>({ screen: 'profiles' });
  // Every navigation mounts its screen afresh (a second click on "Add profile" gives an empty form).
  const [visit, setVisit] = useState(0);
  const go = (n: Nav): void => {
    setNav(n);
    setVisit((v) => v + 1);
  };
  useEffect(() => api().onNavigate((n) => go(n)), []);
  const current = nav.screen === 'edit' ? 'profiles' : nav.screen;
  return (
    <div className="app">
      <header className="topbar">
        <h1>Claude Auth Tray</h1>
        <nav aria-label="Screens">
          <ul className="tabs">
            {TABS.map((t) => (
              <li key={t.screen}>
                <button
                  type="button"
                  className="tab"
                  aria-current={current === t.screen ? 'page' : undefined}
                  onClick={() => go({ screen: t.screen })}
                >
                  {t.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="content">
        {error && (
          <div role="alert" className="banner error">
            {error}{' '}
            <button type="button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        {snapshot?.warnings.map((w) => (
          <div key={w.kind + w.message} role="status" className="banner warning">
            <strong>{w.message}</strong> {w.fix}
          </div>
        ))}
        {!snapshot && !error && (
          <p role="status" className="muted">
            Loading…
          </p>
        )}
        {snapshot && nav.screen === 'profiles' && <ProfilesScreen snapshot={snapshot} onSnapshot={set} go={go} />}
        {snapshot && nav.screen === 'add' && <EditProfileScreen key={`add-${visit}`} snapshot={snapshot} go={go} />}
        {snapshot && nav.screen === 'edit' && (
          <EditProfileScreen key={`edit-${visit}`} snapshot={snapshot} profileId={nav.profileId} go={go} />
        )}
        {snapshot && nav.screen === 'settings' && <SettingsScreen snapshot={snapshot} />}
        {snapshot && nav.screen === 'doctor' && <DoctorScreen go={go} />}
        {snapshot && nav.screen === 'team' && <TeamScreen snapshot={snapshot} go={go} />}
      </main>
    </div>
  );
}
