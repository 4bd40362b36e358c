import { useEffect, useState } from 'react';
import type { AccountLoginView } from '../../common/ipc-contract';
import { api, call } from '../api';
import { useAction } from '../hooks/use-snapshot';

/**
 * The window's running Claude.ai sign-in, from the snapshots the main process publishes (issue 14).
 * A component that starts a sign-in follows it here without its screen passing the snapshot down.
 */
export function useAccountLogin(initial?: AccountLoginView): AccountLoginView | undefined {
  const [login, setLogin] = useState<AccountLoginView | undefined>(initial);
  useEffect(() => api().onStateChanged((s) => setLogin(s.accountLogin)), []);
  return login;
}

/**
 * While Claude Code's `claude auth login` waits: its Claude.ai page (to copy to a browser, perhaps on
 * another computer), the field for the code Claude.ai shows, and Cancel. The code goes to the main
 * process once and is not kept here; nothing comes back but whether Claude Code took it.
 */
export function LoginCode({
  login,
  who,
}: {
  login: AccountLoginView | undefined;
  who: string;
}): React.JSX.Element | null {
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const send = useAction(async (c: string) => {
    const r = await call('accounts:login-code', { code: c });
    setSent(r.sent);
  });
  const cancel = useAction(async () => call('accounts:login-cancel', undefined));
  if (!login) return null;
  if (login.state === 'failed') {
    return (
      <p role="alert" className="error-text">
        {login.message}
      </p>
    );
  }
  return (
    <div className="login-code" role="group" aria-label={`Sign-in of ${who}`}>
      <p role="status">Waiting for the sign-in in your browser…</p>
      {login.url && (
        <p>
          <label>
            Sign-in page{' '}
            <input readOnly value={login.url} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          </label>
          <span className="muted"> If no browser opened, copy this address into a browser on any computer.</span>
        </p>
      )}
      {login.asksCode && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const c = code.trim();
            setCode('');
            void send.run(c);
          }}
        >
          <label>
            Code from Claude.ai{' '}
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="login-code-help"
            />
          </label>{' '}
          <button type="submit" disabled={send.busy || code.trim() === ''}>
            Send code
          </button>
          <span id="login-code-help" className="muted">
            {' '}
            Only if Claude.ai shows a code after you sign in.
          </span>
        </form>
      )}
      {sent && !login.message && <p className="muted">Code sent to Claude Code.</p>}
      {(login.message ?? send.error ?? cancel.error) && (
        <p role="alert" className="error-text">
          {login.message ?? send.error ?? cancel.error}
        </p>
      )}
      <button type="button" disabled={cancel.busy} onClick={() => void cancel.run()}>
        Cancel sign-in
      </button>
    </div>
  );
}
