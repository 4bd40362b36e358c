/** The window's root. The profile, provider, settings and doctor screens arrive with issue 6. */
export function App(): React.JSX.Element {
  return (
    <main>
      <h1>Claude Auth Tray</h1>
      <p>
        Manage profiles from the tray menu or with the <code>claude-auth-tray</code> command.
      </p>
    </main>
  );
}
