import { useState } from 'react';
import type { Snapshot } from '../../common/ipc-contract';
import { call } from '../api';
import { useAction } from '../hooks/use-snapshot';
import { LoginCode, useAccountLogin } from './login-code';

/**
 * "Add a Claude.ai account" (issue 14): Claude Code's own login, in the browser, kept in a new
 * folder of this app. Nothing is copied: the login stays Claude Code's.
 */
export function AddAccount({ onAdded }: { onAdded: (s: Snapshot) => void }): React.JSX.Element {
  const [name, setName] = useState('');
  const [adding, setAdding] = useState<string>();
  const login = useAccountLogin();
  const add = useAction(async () => {
    const n = name.trim();
    setAdding(n);
    try {
      await call('accounts:add', { name: n });
    } finally {
      setAdding(undefined);
    }
    setName('');
    onAdded(await call('app:snapshot', undefined));
  });
  const mine = adding !== undefined && login?.target === `new:${adding}` ? login : undefined;
  return (
    <section aria-labelledby="add-account-h">
      <h2 id="add-account-h">Add a Claude.ai account</h2>
      <p className="muted">
        Claude Code signs in in your browser (if Claude.ai then shows a code, paste it here); its login is kept in a
        folder of its own, so each account stays signed in and switching never copies a token.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Work" />
        </label>{' '}
        <button type="submit" className="primary" disabled={add.busy || name.trim() === ''}>
          {add.busy ? 'Waiting for the sign-in…' : 'Sign in with Claude'}
        </button>
      </form>
      {mine?.state === 'waiting' && <LoginCode login={mine} who={adding ?? ''} />}
      {add.error && (
        <p role="alert" className="error-text">
          {add.error}
        </p>
      )}
    </section>
  );
}
