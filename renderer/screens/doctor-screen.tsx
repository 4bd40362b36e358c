import { useEffect, useState } from 'react';
import type { DoctorFinding } from '../../common/ipc-contract';
import { call } from '../api';
import type { Nav } from '../nav';
import { Progress } from '../components/field';
import { WithPaths } from '../components/path-text';
import { windowFix } from '../format';
import { useAction } from '../hooks/use-snapshot';
import { RowButton, useRowAction } from '../components/row-button';

const CHECKS =
  'Looks for keys stored in plain text in Claude Code’s settings, keys exported in your shell that beat this app, and settings with secrets tracked by git.';

/** The doctor's findings, each with a one-click fix where one is safe; none is a real empty state. */
export function DoctorScreen({ go }: { go: (n: Nav) => void }): React.JSX.Element {
  const [findings, setFindings] = useState<readonly DoctorFinding[]>();
  const [done, setDone] = useState<string>();
  const scan = useAction(async () => setFindings(await call('doctor:run', undefined)));
  const fix = useRowAction(async (f: DoctorFinding) => {
    const r = await call('doctor:fix', { file: f.file ?? '', variable: 'ANTHROPIC_API_KEY' });
    setDone(r.message);
    setFindings(await call('doctor:run', undefined));
  });
  useEffect(() => {
    void scan.run();
  }, []);
  const clean = findings !== undefined && findings.length === 0;
  const error = scan.error ?? fix.error;
  const banners = (
    <>
      {done && (
        <div role="status" className="banner ok">
          <WithPaths text={done} />{' '}
          <button type="button" onClick={() => go({ screen: 'profiles' })}>
            Show profiles
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
  if (clean) {
    return (
      <>
        {banners}
        <section aria-labelledby="doctor-h" className="empty">
          <span className="empty-mark" aria-hidden="true">
            ✓
          </span>
          <h2 id="doctor-h">No problems found</h2>
          <p>{CHECKS.replace('Looks for', 'Checked for')}</p>
          <button type="button" onClick={() => void scan.run()} disabled={scan.busy}>
            Check again
          </button>
          <Progress show={scan.showProgress} label="Checking…" />
        </section>
      </>
    );
  }
  return (
    <section aria-labelledby="doctor-h">
      <header className="detail-head">
        <div>
          <h2 id="doctor-h">Doctor</h2>
          <p className="muted">{CHECKS}</p>
        </div>
        <button type="button" onClick={() => void scan.run()} disabled={scan.busy}>
          Check again
        </button>
      </header>
      <Progress show={scan.showProgress} label="Checking…" />
      {banners}
      {findings && findings.length > 0 && (
        <ul className="findings">
          {findings.map((f, i) => (
            <li key={`${f.kind}-${f.file ?? f.variable ?? i}`} className={`finding ${f.severity}`}>
              <p>
                <strong>{f.severity === 'error' ? 'Problem' : 'Warning'}:</strong> <WithPaths text={f.message} />{' '}
                {f.hint && <code>{f.hint}</code>}
              </p>
              <p className="hint">
                <WithPaths text={windowFix(f)} />
              </p>
              {f.fixable && (
                <RowButton
                  className="primary"
                  running={fix.running === f}
                  anyRunning={fix.busy}
                  busyText="Moving…"
                  label="Move this key into the keychain"
                  onRun={() => fix.run(f)}
                >
                  Move this key into the keychain
                </RowButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
