import { useEffect, useState } from 'react';
import type { HelperRunResult, KeyCheckResult, LoginDraft, Snapshot } from '../../common/ipc-contract';
import { isActivatable, PROFILE_KINDS, PROVIDER_LABEL, type ProfileKind } from '../../common/profile-kinds';
import { canSignIn, envSecretOf, needsSecret, providerOf, showsLogin } from '../../common/providers';
import { call } from '../api';
import type { Nav } from '../nav';
import { Field, Progress, Select } from '../components/field';
import { ProviderFields } from '../components/provider-fields';
import { ProviderLogin } from '../components/provider-login';
import { StatusBadge } from '../components/status-badge';
import { useAction, useNow } from '../hooks/use-snapshot';
import { windowErrorLine } from '../format';
import { toForm, toInput, VERDICT, type Form } from '../profile-form';

/** Add or edit a profile of any kind; check a key, run a helper, sign in, activate. */
export function EditProfileScreen({
  snapshot,
  profileId,
  go,
  onCreated,
}: {
  snapshot: Snapshot;
  profileId?: string | undefined;
  go: (n: Nav) => void;
  /** A new profile was saved: the window now shows it as the selected profile (the form stays). */
  onCreated?: (profileId: string) => void;
}): React.JSX.Element {
  // After "Save" on a new profile the screen stays, now editing what it created.
  const [createdId, setCreatedId] = useState<string>();
  const view = snapshot.profiles.find((v) => v.profile.id === (profileId ?? createdId));
  const editing = Boolean(view) || createdId !== undefined;
  const [form, setForm] = useState<Form>(() =>
    toForm(view?.profile, PROFILE_KINDS[0], snapshot.settings.defaultHelperTtlMs),
  );
  const [secret, setSecret] = useState('');
  // A verdict with the key and base URL it was about: one that answers after either changed is not
  // shown next to the new ones (desktop audit: "Valid" stood beside a key nobody had checked).
  const [checked, setChecked] = useState<{ secret: string; baseUrl: string; result: KeyCheckResult }>();
  const [runResult, setRunResult] = useState<HelperRunResult>();
  const [awsProfiles, setAwsProfiles] = useState<readonly { name: string; sso: boolean }[]>([]);
  const [signIn, setSignIn] = useState<string>();
  const [saved, setSaved] = useState<{ name: string; activated?: boolean; justActivated?: boolean }>();
  const now = useNow();
  const set = (patch: Partial<Form>): void => {
    setSaved(undefined);
    setForm((f) => ({ ...f, ...patch }));
  };
  const spec = providerOf(form.kind);
  const choosesAwsProfile = spec.fields.some((f) => f.choices === 'aws-profiles');
  useEffect(() => {
    if (choosesAwsProfile) void call('aws:profiles', undefined).then(setAwsProfiles, () => setAwsProfiles([]));
  }, [form.kind, choosesAwsProfile]);

  const checkResult =
    checked && checked.secret === secret && checked.baseUrl === (form.baseUrl ?? '') ? checked.result : undefined;
  const check = useAction(async () => {
    setChecked(undefined);
    const about = { secret, baseUrl: form.baseUrl ?? '' };
    const result = await call('keys:check', {
      ...(about.secret ? { secret: about.secret } : { profileId: view?.profile.id }),
      ...(about.baseUrl ? { baseUrl: about.baseUrl } : {}),
    });
    setChecked({ ...about, result });
  });
  /** Saves the form (adds the profile the first time, updates it after) and returns what was saved. */
  const persist = async (): Promise<{ id: string; name: string }> => {
    const input = toInput(form, secret);
    const id = view?.profile.id ?? createdId;
    const v = id
      ? await call('profiles:update', { id, changes: (({ kind: _k, ...c }) => c)(input) })
      : await call('profiles:add', input);
    setSecret('');
    if (!view) {
      setCreatedId(v.profile.id);
      onCreated?.(v.profile.id);
    }
    return { id: v.profile.id, name: v.profile.name };
  };
  // Only a saved command runs (the main process refuses a command string from the window, issue 12):
  // "Save and run" saves the draft, then runs the profile's command once.
  const runHelper = useAction(async () => {
    setRunResult(undefined);
    const p = await persist();
    setSaved({ name: p.name });
    setRunResult(await call('helper:run', { profileId: p.id }));
  });
  const save = useAction(async (thenActivate: boolean) => {
    const p = await persist();
    if (thenActivate) await call('profiles:activate', p.id);
    setSaved({ name: p.name, activated: thenActivate });
  });
  const activate = useAction(async () => {
    if (!view) return;
    await call('profiles:activate', view.profile.id);
    setSaved({ name: view.profile.name, justActivated: true });
  });
  const startSignIn = useAction(async () => {
    if (!view) return;
    const r = await call('signin:start', view.profile.id);
    setSignIn(r.message);
  });

  const k = form.kind;
  const section = spec.form;
  const missingKey = needsSecret(form) && !editing && !secret;
  const consentMissing = envSecretOf(form) !== undefined && !form.allowPlaintextSecret;
  // The login draft carries the AWS profile only for a provider that has that field.
  const awsProfile = spec.fields.some((f) => f.key === 'awsProfile') ? form.awsProfile : undefined;
  const draft: LoginDraft = { kind: k, ...(awsProfile ? { awsProfile } : {}) };
  // Saved or activated while its login is missing: say so, with the sign-in, instead of "Saved and activated".
  const mustSignIn =
    saved !== undefined && (view?.state.next === 'sign-in' || view?.state.detail.kind === 'not-logged-in');
  const title = editing ? `Edit ${view?.profile.name}` : 'Add a profile';
  return (
    <section aria-labelledby="edit-h" className="edit-profile">
      <header className="detail-head">
        <h2 id="edit-h">{title}</h2>
      </header>
      {view && (
        <div className="state-row">
          <StatusBadge state={view.state} now={now} /> <span className="muted">{view.state.detail.message}</span>
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(false);
        }}
      >
        {!editing && (
          <Select
            label="Provider"
            value={k}
            onChange={(v) => set({ kind: v as ProfileKind })}
            options={PROFILE_KINDS.map((x) => ({ value: x, label: PROVIDER_LABEL[x] }))}
          />
        )}
        <Field label="Name" value={form.name} onChange={(v) => set({ name: v })} required placeholder={spec.nameHint} />

        {section === 'api-key' && (
          <>
            <Field
              label={editing ? 'New API key (leave empty to keep the stored one)' : 'API key'}
              type="password"
              value={secret}
              onChange={(v) => setSecret(v.trim())}
              required={!editing}
              autoComplete="off"
              hint="Stored only in your OS keychain. It is never shown again in full."
            />
            <Field
              label="Base URL (optional)"
              type="url"
              value={form.baseUrl ?? ''}
              onChange={(v) => set({ baseUrl: v })}
              hint={
                editing
                  ? 'For a gateway or proxy; empty means api.anthropic.com. A saved key goes only to its saved base URL: to change it, paste the key again.'
                  : 'For a gateway or proxy; empty means api.anthropic.com.'
              }
            />
            <div className="actions">
              <button type="button" onClick={() => void check.run()} disabled={check.busy || (!secret && !editing)}>
                Check key
              </button>
              <Progress show={check.showProgress} label="Checking the key…" />
              {checkResult && (
                <span
                  role="status"
                  className={`result ${checkResult.verdict === 'valid' ? 'ok' : checkResult.verdict === 'unknown' || checkResult.verdict === 'rate-limited' ? 'neutral' : 'bad'}`}
                >
                  {VERDICT[checkResult.verdict]}
                </span>
              )}
            </div>
          </>
        )}

        {section === 'helper' && (
          <>
            <Field
              label="Command"
              value={form.command ?? ''}
              onChange={(v) => (set({ command: v }), setRunResult(undefined))}
              required
              hint="Runs with /bin/sh (cmd on Windows) and must print only the key."
            />
            <Field
              label="Refresh every (minutes)"
              value={form.ttlMin}
              onChange={(v) => set({ ttlMin: v })}
              inputMode="numeric"
              hint="Empty: Claude Code's own interval (5 minutes)."
            />
            <Field
              label="Timeout (seconds)"
              value={form.timeoutS}
              onChange={(v) => set({ timeoutS: v })}
              inputMode="numeric"
              hint="Empty: 60 seconds."
            />
            <Field
              label="Base URL (optional)"
              type="url"
              value={form.baseUrl ?? ''}
              onChange={(v) => set({ baseUrl: v })}
            />
            <div className="actions">
              <button
                type="button"
                onClick={() => void runHelper.run()}
                disabled={runHelper.busy || save.busy || !form.command || !form.name.trim()}
                aria-describedby="run-hint"
              >
                Save and run
              </button>
              <Progress show={runHelper.showProgress} label="Running the helper…" />
            </div>
            <p id="run-hint" className="hint">
              Saves the profile, then runs its command once to show what it prints (masked).
            </p>
            {runResult?.ok && (
              <p role="status" className="result ok">
                Worked in {runResult.durationMs} ms: {runResult.hint}
              </p>
            )}
            {runResult && !runResult.ok && (
              <div role="alert" className="result bad">
                <p>
                  The helper failed after {runResult.durationMs} ms.{' '}
                  {runResult.error ? windowErrorLine(runResult.error) : 'It printed no key.'}
                </p>
              </div>
            )}
          </>
        )}

        {section === 'subscription' && (
          <div className="panel">
            <p>
              Uses your Claude.ai subscription through Claude Code&apos;s own login. Claude Auth Tray only reads when it
              expires; it never refreshes or writes that login.
            </p>
            {!snapshot.claudeInstalled && (
              <p className="next">
                Claude Code is not installed. Install it with <code>npm install -g @anthropic-ai/claude-code</code>,
                then come back.
              </p>
            )}
          </div>
        )}

        {section === 'fields' && (
          <ProviderFields
            form={form}
            set={set}
            editing={editing}
            secret={secret}
            setSecret={setSecret}
            awsProfiles={awsProfiles}
          />
        )}

        {!editing && showsLogin(form) && <ProviderLogin draft={draft} canSignIn={canSignIn(form)} />}

        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={save.busy || missingKey || consentMissing || !form.name.trim()}
          >
            {editing ? 'Save changes' : 'Save profile'}
          </button>
          {isActivatable(k) && !view?.active && (
            <button
              type="button"
              disabled={save.busy || missingKey || consentMissing || !form.name.trim()}
              onClick={() => void save.run(true)}
            >
              {spec.words?.saveAndUse ?? 'Save and use'}
            </button>
          )}
          {editing && isActivatable(k) && !view?.active && (
            <button type="button" onClick={() => void activate.run()} disabled={activate.busy}>
              {spec.words?.use ?? 'Use this profile'}
            </button>
          )}
          {editing && canSignIn(form) && !mustSignIn && (
            <button type="button" onClick={() => void startSignIn.run()} disabled={startSignIn.busy}>
              {spec.words?.signIn ?? 'Sign in'}
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={() => go({ screen: 'profiles', profileId: view?.profile.id })}>
            {editing ? 'Done' : 'Cancel'}
          </button>
          <Progress show={save.showProgress || activate.showProgress} label="Saving…" />
        </div>
        {consentMissing && (
          <p className="hint">
            Tick the plain-text consent to save a key Claude Code can only read from settings.json.
          </p>
        )}
        {saved && mustSignIn && (
          <div role="status" className="result warn next-row">
            <p>
              {saved.activated
                ? `Saved and activated “${saved.name}”`
                : saved.justActivated
                  ? `Activated “${saved.name}”`
                  : `Saved “${saved.name}”`}
              , but it is not signed in: Claude Code cannot use it until you sign in.
            </p>
            {canSignIn(form) && (
              <button type="button" onClick={() => void startSignIn.run()} disabled={startSignIn.busy}>
                {spec.words?.signIn ?? 'Sign in'}
              </button>
            )}
          </div>
        )}
        {saved && !mustSignIn && (
          <p role="status" className="result ok">
            {saved.justActivated
              ? `Activated “${saved.name}”.`
              : saved.activated
                ? `Saved and activated “${saved.name}”. Claude Code uses it from its next request.`
                : `Saved “${saved.name}”.`}
          </p>
        )}
        {signIn && <p role="status">{signIn}</p>}
        {(save.error ?? activate.error ?? startSignIn.error ?? check.error ?? runHelper.error) && (
          <p role="alert" className="error-text">
            {save.error ?? activate.error ?? startSignIn.error ?? check.error ?? runHelper.error}
          </p>
        )}
      </form>
    </section>
  );
}
