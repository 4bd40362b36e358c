import { useEffect, useState } from 'react';
import type { InviteResult, InvokeResults, Snapshot, TeamInvite, TeamMember } from '../../common/ipc-contract';
import { isAdminKey, isShareable, shareableNames } from '../../common/providers';
import { escapeForTerminal } from '../../common/terminal-text';
import { api, call } from '../api';
import type { Nav } from '../nav';
import { Checkbox, Progress, Select } from '../components/field';
import { useAction } from '../hooks/use-snapshot';
import { RowButton, useRowAction } from '../components/row-button';

const ROLES = [
  { value: 'claude_code_user', label: 'Claude Code (claude_code_user)' },
  { value: 'developer', label: 'Developer' },
  { value: 'user', label: 'User' },
  { value: 'billing', label: 'Billing' },
];

/** Each outcome in the CLI's words (main/cli/team.ts, core/team/invites.ts), for one address. */
const OUTCOME: Record<InviteResult['outcome'], string> = {
  invited: 'invited',
  'would-invite': 'would be invited',
  'already-member': 'already a member',
  'already-invited': 'already invited',
  duplicate: 'listed twice',
  'invalid-email': 'not an email address',
  failed: 'failed',
};
const SENT: readonly InviteResult['outcome'][] = ['invited', 'would-invite'];

/** "30 invited · 1 already invited · 1 listed twice": how many were sent, then the exceptions that occurred. */
export function inviteSummary(results: readonly InviteResult[], dryRun: boolean): string {
  const count = (o: InviteResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const sent: InviteResult['outcome'] = dryRun ? 'would-invite' : 'invited';
  const others = (Object.keys(OUTCOME) as InviteResult['outcome'][]).filter((o) => !SENT.includes(o) && count(o) > 0);
  return [`${count(sent)} ${OUTCOME[sent]}`, ...others.map((o) => `${count(o)} ${OUTCOME[o]}`)].join(' · ');
}

/** One exception's result: the core's own sentence when it has one, else the outcome. */
const resultText = (r: InviteResult): string =>
  r.message
    ? r.message.includes(OUTCOME[r.outcome])
      ? r.message
      : `${OUTCOME[r.outcome]}: ${r.message}`
    : OUTCOME[r.outcome];

type Part = 'people' | 'share';

/**
 * Invite people with the right Console role, see members and invites (People), share provider
 * setups (Shared setups): one part at a time, chosen with a segmented control. Without an Admin key
 * the window opens on the part that works without one.
 */
export function TeamScreen({ snapshot, go }: { snapshot: Snapshot; go: (n: Nav) => void }): React.JSX.Element {
  const admins = snapshot.profiles.filter((v) => isAdminKey(v.profile));
  const shareable = snapshot.profiles.filter((v) => isShareable(v.profile));
  const [part, setPart] = useState<Part>(admins.length > 0 ? 'people' : 'share');
  const parts: readonly { value: Part; label: string }[] = [
    { value: 'people', label: 'People' },
    { value: 'share', label: 'Shared setups' },
  ];
  return (
    <section aria-labelledby="team-h">
      <header className="detail-head">
        <h2 id="team-h">Team</h2>
      </header>
      <div className="segmented" role="group" aria-label="Part of the Team screen">
        {parts.map((p) => (
          <button key={p.value} type="button" aria-pressed={part === p.value} onClick={() => setPart(p.value)}>
            {p.label}
          </button>
        ))}
      </div>
      {part === 'people' &&
        (admins.length === 0 ? (
          <div className="panel">
            <p>
              To invite people, add an <strong>Anthropic Admin key</strong> (Console → Settings → Admin keys). It stays
              in your keychain and is never given to Claude Code.
            </p>
            <button type="button" className="primary" onClick={() => go({ screen: 'add' })}>
              Add an Admin key
            </button>
          </div>
        ) : (
          <Invites adminIds={admins.map((a) => ({ id: a.profile.id, name: a.profile.name }))} />
        ))}
      {part === 'share' && <Bundles shareable={shareable.map((v) => ({ id: v.profile.id, name: v.profile.name }))} />}
    </section>
  );
}

function Invites({ adminIds }: { adminIds: readonly { id: string; name: string }[] }): React.JSX.Element {
  const [profileId, setProfileId] = useState(adminIds[0]?.id ?? '');
  const [emails, setEmails] = useState('');
  const [role, setRole] = useState('claude_code_user');
  const [dryRun, setDryRun] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [results, setResults] = useState<readonly InviteResult[]>();
  const [team, setTeam] = useState<{ members: readonly TeamMember[]; invites: readonly TeamInvite[] }>();
  useEffect(() => api().onTeamProgress((p) => setProgress(p)), []);
  const invite = useAction(async () => {
    setResults(undefined);
    setProgress(undefined);
    const text = emails.trim();
    const csv = /,/.test(text);
    const r = await call('team:invite', {
      ...(csv ? { csv: text } : { emails: text.split(/\s+/).filter(Boolean) }),
      role,
      dryRun,
      profileId,
    });
    setResults(r.results);
  });
  const load = useAction(async () => setTeam(await call('team:list', { profileId })));
  const revoke = useRowAction(async (inviteId: string) => {
    await call('team:revoke', { inviteId, profileId });
    setTeam(await call('team:list', { profileId }));
  });
  const exceptions = results?.filter((r) => !SENT.includes(r.outcome)) ?? [];
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void invite.run();
        }}
      >
        <fieldset>
          <legend>Invite people</legend>
          {adminIds.length > 1 && (
            <Select
              label="Admin key"
              value={profileId}
              onChange={setProfileId}
              options={adminIds.map((a) => ({ value: a.id, label: a.name }))}
            />
          )}
          <div className="field">
            <label htmlFor="invite-emails">Email addresses</label>
            <textarea
              id="invite-emails"
              rows={5}
              value={emails}
              onChange={(e) => setEmails(e.target.value)}
              aria-describedby="invite-emails-hint"
              spellCheck={false}
            />
            <p id="invite-emails-hint" className="hint">
              One per line, or CSV lines of <code>email,role</code>. People who are already members or invited are
              skipped.
            </p>
          </div>
          <Select
            label="Role"
            value={role}
            onChange={setRole}
            options={ROLES}
            hint='"Admin" can only be given in the Console.'
          />
          <Checkbox label="Dry run (show what would happen, send nothing)" checked={dryRun} onChange={setDryRun} />
          <div className="actions">
            <button type="submit" className="primary" disabled={invite.busy || !emails.trim()}>
              {dryRun ? 'Check the list' : 'Send invites'}
            </button>
            {invite.busy && progress && (
              <label>
                Inviting {progress.done} of {progress.total}{' '}
                <progress max={progress.total} value={progress.done}>
                  {progress.done}/{progress.total}
                </progress>
              </label>
            )}
            <Progress show={invite.showProgress && !progress} label="Contacting the Admin API…" />
          </div>
          {invite.error && (
            <p role="alert" className="error-text">
              {invite.error}
            </p>
          )}
          {results && (
            <div role="status">
              <p className="summary">{inviteSummary(results, dryRun)}</p>
              {exceptions.length > 0 && (
                <table>
                  <caption className="muted">{dryRun ? 'Would not be invited' : 'Not invited'}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {exceptions.map((r, i) => (
                      <tr key={`${r.email}-${i}`}>
                        <td>{r.email}</td>
                        <td>{resultText(r)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </fieldset>
      </form>
      <fieldset>
        <legend>Members and invites</legend>
        <div className="actions">
          <button type="button" onClick={() => void load.run()} disabled={load.busy}>
            {team ? 'Reload' : 'Show members and invites'}
          </button>
          <Progress show={load.showProgress} label="Loading…" />
        </div>
        {(load.error ?? revoke.error) && (
          <p role="alert" className="error-text">
            {load.error ?? revoke.error}
          </p>
        )}
        {team && (
          <>
            <h3>Pending invites ({team.invites.filter((i) => i.status === 'pending').length})</h3>
            <ul>
              {team.invites
                .filter((i) => i.status === 'pending')
                .map((i) => (
                  <li key={i.id}>
                    {i.email} · {i.role}{' '}
                    <RowButton
                      running={revoke.running === i.id}
                      anyRunning={revoke.busy}
                      busyText="Revoking…"
                      label={`Revoke the invite of ${i.email}`}
                      onRun={() => revoke.run(i.id)}
                    >
                      Revoke
                    </RowButton>
                  </li>
                ))}
            </ul>
            <h3>Members ({team.members.length})</h3>
            <ul>
              {team.members.map((m) => (
                <li key={m.id}>
                  {m.email} · {m.role}
                </li>
              ))}
            </ul>
          </>
        )}
      </fieldset>
    </>
  );
}

function Bundles({ shareable }: { shareable: readonly { id: string; name: string }[] }): React.JSX.Element {
  const [selected, setSelected] = useState(shareable[0]?.id ?? '');
  const [exported, setExported] = useState<string>();
  const [text, setText] = useState('');
  // The preview with the text it was made from: one that answers after the text changed is of
  // other text, and the import sends exactly the text previewed (a preview shows what is written).
  const [previewed, setPreviewed] = useState<{ text: string; preview: InvokeResults['bundle:preview'] }>();
  const preview = previewed?.text === text ? previewed.preview : undefined;
  const [trusted, setTrusted] = useState(false);
  const [done, setDone] = useState<string>();
  const doExport = useAction(async () => setExported((await call('bundle:export', selected)).text));
  const doPreview = useAction(async () => {
    setDone(undefined);
    setTrusted(false);
    const shown = text;
    setPreviewed({ text: shown, preview: await call('bundle:preview', { text: shown }) });
  });
  const doImport = useAction(async () => {
    if (!previewed || !preview) return;
    const v = await call('bundle:import', {
      text: previewed.text,
      ...(preview.command !== undefined ? { allowCommand: trusted } : {}),
    });
    setDone(`Imported “${v.profile.name}”. Follow the steps above, then use it from the list on the left.`);
    setPreviewed(undefined);
  });
  return (
    <fieldset>
      <legend>Share a provider setup</legend>
      <p className="hint">
        A bundle holds a {shareableNames('or')} profile&apos;s settings, the managed-settings.json fragment for MDM, and
        the steps to get cloud credentials. Never a secret.
      </p>
      {shareable.length > 0 ? (
        <div className="actions">
          <Select
            label="Profile to share"
            value={selected}
            onChange={setSelected}
            options={shareable.map((s) => ({ value: s.id, label: s.name }))}
          />
          <button type="button" onClick={() => void doExport.run()} disabled={!selected || doExport.busy}>
            Export bundle
          </button>
        </div>
      ) : (
        <p className="muted">Add a {shareableNames('or')} profile to share it.</p>
      )}
      {exported && (
        <div className="field">
          <label htmlFor="bundle-out">Bundle (copy it into a file for your team)</label>
          <textarea id="bundle-out" rows={8} readOnly value={exported} spellCheck={false} />
        </div>
      )}
      <div className="field">
        <label htmlFor="bundle-in">Import a bundle: paste it here</label>
        <textarea
          id="bundle-in"
          rows={5}
          value={text}
          onChange={(e) => (setText(e.target.value), setTrusted(false))}
          spellCheck={false}
        />
      </div>
      <div className="actions">
        <button type="button" onClick={() => void doPreview.run()} disabled={!text.trim() || doPreview.busy}>
          Show what it sets
        </button>
        {preview && (
          <button
            type="button"
            className="primary"
            onClick={() => void doImport.run()}
            disabled={doImport.busy || (preview.command !== undefined && !trusted)}
          >
            Import as a new profile
          </button>
        )}
      </div>
      {preview && (
        <pre className="panel" aria-label="What the bundle sets">
          {/* Core escapes these already; escaping twice changes nothing and guards the window anyway. */}
          {preview.lines.map((l) => escapeForTerminal(l)).join('\n')}
        </pre>
      )}
      {preview?.command !== undefined && (
        <div className="panel">
          <p id="bundle-command-h">
            This bundle carries a command. Importing it means Claude Code and this app will run it on this computer,
            exactly as shown (control characters appear as <code>\x1b</code>, <code>\n</code>, …):
          </p>
          <pre aria-labelledby="bundle-command-h">
            <code>{escapeForTerminal(preview.command)}</code>
          </pre>
          <Checkbox label="I trust this command and whoever sent it" checked={trusted} onChange={setTrusted} />
        </div>
      )}
      <Progress show={doExport.showProgress} label="Exporting…" />
      <Progress show={doPreview.showProgress} label="Reading the bundle…" />
      <Progress show={doImport.showProgress} label="Importing…" />
      {done && <p role="status">{done}</p>}
      {(doExport.error ?? doPreview.error ?? doImport.error) && (
        <p role="alert" className="error-text">
          {doExport.error ?? doPreview.error ?? doImport.error}
        </p>
      )}
    </fieldset>
  );
}
