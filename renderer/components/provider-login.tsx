import { useEffect, useState } from 'react';
import type { InvokeResults, LoginDraft } from '../../common/ipc-contract';
import { providerOf } from '../../common/providers';
import { call } from '../api';
import { useAction, useNow } from '../hooks/use-snapshot';
import { Progress } from './field';
import { StatusBadge } from './status-badge';

/**
 * The provider's own login as it is on this machine, shown while adding a Claude.ai, Vertex or Bedrock
 * profile (before any profile exists), with the button that starts the provider's sign-in. While a
 * sign-in runs in the browser it looks again every 3 s, so the result appears by itself.
 */
export function ProviderLogin({ draft, canSignIn }: { draft: LoginDraft; canSignIn: boolean }): React.JSX.Element {
  const [info, setInfo] = useState<InvokeResults['provider:login']>();
  const [started, setStarted] = useState<string>();
  const [tick, setTick] = useState(0);
  const now = useNow();
  const { kind, awsProfile } = draft;
  useEffect(() => {
    let live = true;
    const d: LoginDraft = { kind, ...(awsProfile ? { awsProfile } : {}) };
    call('provider:login', d).then(
      (r) => live && setInfo(r),
      () => live && setInfo(undefined),
    );
    return () => {
      live = false;
    };
  }, [kind, awsProfile, tick]);
  const signedIn = info?.state.status === 'ok';
  useEffect(() => {
    if (!started || signedIn) return undefined; // look again only until the sign-in has landed
    const t = setInterval(() => setTick((x) => x + 1), 3000);
    return () => clearInterval(t);
  }, [started, signedIn]);
  const signIn = useAction(async () => {
    const r = await call('signin:start', { kind, ...(awsProfile ? { awsProfile } : {}) });
    setStarted(r.message);
  });
  return (
    <div className="panel" role="group" aria-labelledby="login-h">
      <h3 id="login-h">Current login on this computer</h3>
      {info ? (
        <p>
          <StatusBadge state={info.state} now={now} /> <span className="muted">{info.state.detail.message}</span>
        </p>
      ) : (
        <p className="muted">Looking…</p>
      )}
      {canSignIn && info?.signInCommand && (
        <div className="actions">
          <button type="button" onClick={() => void signIn.run()} disabled={signIn.busy}>
            {providerOf(kind).words?.signIn ?? 'Sign in'}
          </button>
          <span className="muted">
            runs <code>{info.signInCommand}</code>
          </span>
          <Progress show={signIn.showProgress} label="Starting the sign-in…" />
        </div>
      )}
      {started && <p role="status">{started}</p>}
      {signIn.error && (
        <p role="alert" className="error-text">
          {signIn.error}
        </p>
      )}
    </div>
  );
}
