import { useEffect, useState } from 'react';
import type { HelperRunResult, KeyCheckResult, NewProfileInput, Snapshot } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { isActivatable, PROFILE_KINDS, PROVIDER_LABEL, type ProfileKind } from '../../common/profile-kinds';
import { call } from '../api';
import type { Nav } from '../app';
import { Checkbox, Field, Progress, Select } from '../components/field';
import { StatusBadge } from '../components/status-badge';
import { useAction, useNow } from '../hooks/use-snapshot';

const NAME_HINT: Record<ProfileKind, string> = {
  'anthropic-api-key': 'e.g. Work key',
  'api-key-helper': 'e.g. Vault key',
  'claude-ai': 'e.g. My Max plan',
  bedrock: 'e.g. Bedrock prod',
  vertex: 'e.g. Vertex dev',
  foundry: 'e.g. Foundry',
  'anthropic-admin-key': 'e.g. Org admin',
};

type Form = Omit<NewProfileInput, 'ttlMs' | 'timeoutMs'> & { ttlMin: string; timeoutS: string };

const VERDICT: Record<KeyCheckResult['verdict'], string> = {
  valid: 'Valid: the key works.',
  invalid: 'Revoked or mistyped: the API rejected this key.',
  forbidden: 'No permission: the key works but may not use this API.',
  billing: 'Billing problem: check the organisation’s credit balance.',
  'rate-limited': 'Rate limited right now; the key could not be checked. Try again in a minute.',
  'org-disabled': 'The organisation of this key is disabled.',
  unknown: 'Offline or no answer: the key could not be checked. It was not marked invalid.',
};

function toForm(p: Profile | undefined, kind: ProfileKind, defaultTtlMs: number | undefined): Form {
  const f: Form = { kind, name: '', ttlMin: defaultTtlMs ? String(defaultTtlMs / 60_000) : '', timeoutS: '' };
  if (!p) return f;
  const any = p as Partial<Record<string, unknown>> & Profile;
  const models = (any.models as { model?: string; haikuModel?: string } | undefined) ?? {};
  return {
    ...f,
    kind: p.kind,
    name: p.name,
    ...(typeof any.baseUrl === 'string' ? { baseUrl: any.baseUrl } : {}),
    ...(typeof any.command === 'string' ? { command: any.command } : {}),
    ...(typeof any.region === 'string' ? { region: any.region } : {}),
    ...(typeof any.awsProfile === 'string' ? { awsProfile: any.awsProfile } : {}),
    ...(typeof any.authMode === 'string' ? { authMode: any.authMode as Form['authMode'] } : {}),
    ...(typeof any.projectId === 'string' ? { projectId: any.projectId } : {}),
    ...(typeof any.resource === 'string' ? { resource: any.resource } : {}),
    ...(typeof any.allowPlaintextSecret === 'boolean' ? { allowPlaintextSecret: any.allowPlaintextSecret } : {}),
    ...(models.model ? { model: models.model } : {}),
    ...(models.haikuModel ? { haikuModel: models.haikuModel } : {}),
    ttlMin: typeof any.ttlMs === 'number' ? String(any.ttlMs / 60_000) : '',
    timeoutS: typeof any.timeoutMs === 'number' ? String(any.timeoutMs / 1000) : '',
  };
}

function toInput(f: Form, secret: string): NewProfileInput {
  const { ttlMin, timeoutS, ...rest } = f;
  const clean = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== '' && v !== undefined),
  ) as unknown as NewProfileInput;
  return {
    ...clean,
    ...(ttlMin && Number(ttlMin) > 0 ? { ttlMs: Math.round(Number(ttlMin) * 60_000) } : {}),
    ...(timeoutS && Number(timeoutS) > 0 ? { timeoutMs: Math.round(Number(timeoutS) * 1000) } : {}),
    ...(secret ? { secret } : {}),
  };
}

/** A key Claude Code reads only from its environment: the key, and the consent to write it in plain text. */
function PlaintextKeyFields(p: {
  what: string;
  variable: string;
  editing: boolean;
  secret: string;
  onSecret: (v: string) => void;
  consent: boolean;
  onConsent: (v: boolean) => void;
}): React.JSX.Element {
  return (
    <>
      <Field
        label={p.editing ? `New ${p.what} (leave empty to keep)` : p.what}
        type="password"
        value={p.secret}
        onChange={(v) => p.onSecret(v.trim())}
        required={!p.editing}
      />
      <Checkbox
        label="Write this key into Claude Code's settings.json in plain text"
        checked={p.consent}
        onChange={p.onConsent}
        hint={`Claude Code reads ${p.variable} only from its environment, so it must be in settings.json. Status warns while it is there.`}
      />
    </>
  );
}

/** Add or edit a profile of any kind; check a key, run a helper, sign in, activate. */
export function EditProfileScreen({
  snapshot,
  profileId,
  go,
}: {
  snapshot: Snapshot;
  profileId?: string | undefined;
  go: (n: Nav) => void;
}): React.JSX.Element {
  // After "Save" on a new profile the screen stays, now editing what it created.
  const [createdId, setCreatedId] = useState<string>();
  const view = snapshot.profiles.find((v) => v.profile.id === (profileId ?? createdId));
  const editing = Boolean(view) || createdId !== undefined;
  const [form, setForm] = useState<Form>(() =>
    toForm(view?.profile, 'anthropic-api-key', snapshot.settings.defaultHelperTtlMs),
  );
  const [secret, setSecret] = useState('');
  const [checkResult, setCheckResult] = useState<KeyCheckResult>();
  const [runResult, setRunResult] = useState<HelperRunResult>();
  const [awsProfiles, setAwsProfiles] = useState<readonly { name: string; sso: boolean }[]>([]);
  const [signIn, setSignIn] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const now = useNow();
  const set = (patch: Partial<Form>): void => {
    setSaved(undefined);
    setForm((f) => ({ ...f, ...patch }));
  };
  useEffect(() => {
    if (form.kind === 'bedrock') void call('aws:profiles', undefined).then(setAwsProfiles, () => setAwsProfiles([]));
  }, [form.kind]);

  const check = useAction(async () => {
    setCheckResult(undefined);
    setCheckResult(
      await call('keys:check', {
        ...(secret ? { secret } : { profileId: view?.profile.id }),
        ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}),
      }),
    );
  });
  const runHelper = useAction(async () => {
    setRunResult(undefined);
    setRunResult(
      await call('helper:run', {
        command: form.command ?? '',
        ...(form.timeoutS && Number(form.timeoutS) > 0 ? { timeoutMs: Number(form.timeoutS) * 1000 } : {}),
      }),
    );
  });
  const save = useAction(async (thenActivate: boolean) => {
    const input = toInput(form, secret);
    const id = view?.profile.id ?? createdId;
    const v = id
      ? await call('profiles:update', { id, changes: (({ kind: _k, ...c }) => c)(input) })
      : await call('profiles:add', input);
    setSecret('');
    if (thenActivate) await call('profiles:activate', v.profile.id);
    setSaved(
      thenActivate
        ? `Saved and activated “${v.profile.name}”. Claude Code uses it from its next request.`
        : `Saved “${v.profile.name}”.`,
    );
    if (!view) setCreatedId(v.profile.id);
  });
  const activate = useAction(async () => {
    if (!view) return;
    await call('profiles:activate', view.profile.id);
    setSaved(`Activated “${view.profile.name}”.`);
  });
  const startSignIn = useAction(async () => {
    if (!view) return;
    const r = await call('signin:start', view.profile.id);
    setSignIn(r.message);
  });

  const k = form.kind;
  const needsKey =
    k === 'anthropic-api-key' ||
    k === 'anthropic-admin-key' ||
    ((k === 'bedrock' || k === 'foundry') && form.authMode === 'api-key');
  const missingKey = needsKey && !editing && !secret;
  const consentMissing =
    (k === 'bedrock' || k === 'foundry') && form.authMode === 'api-key' && !form.allowPlaintextSecret;
  const title = editing ? `Edit ${view?.profile.name}` : 'Add a profile';
  return (
    <section aria-labelledby="edit-h">
      <h2 id="edit-h">{title}</h2>
      {view && (
        <p>
          <StatusBadge state={view.state} now={now} /> <span className="muted">{view.state.detail.message}</span>
        </p>
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
        <Field label="Name" value={form.name} onChange={(v) => set({ name: v })} required placeholder={NAME_HINT[k]} />

        {(k === 'anthropic-api-key' || k === 'anthropic-admin-key') && (
          <>
            <Field
              label={editing ? 'New API key (leave empty to keep the stored one)' : 'API key'}
              type="password"
              value={secret}
              onChange={(v) => (setSecret(v.trim()), setCheckResult(undefined))}
              required={!editing}
              autoComplete="off"
              hint="Stored only in your OS keychain. It is never shown again in full."
            />
            <Field
              label="Base URL (optional)"
              type="url"
              value={form.baseUrl ?? ''}
              onChange={(v) => set({ baseUrl: v })}
              hint="For a gateway or proxy; empty means api.anthropic.com."
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

        {k === 'api-key-helper' && (
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
              <button type="button" onClick={() => void runHelper.run()} disabled={runHelper.busy || !form.command}>
                Run now
              </button>
              <Progress show={runHelper.showProgress} label="Running the helper…" />
            </div>
            {runResult?.ok && (
              <p role="status" className="result ok">
                Worked in {runResult.durationMs} ms: {runResult.hint}
              </p>
            )}
            {runResult && !runResult.ok && (
              <div role="alert" className="result bad">
                <p>
                  Failed after {runResult.durationMs} ms ({runResult.error?.kind}): {runResult.error?.message}
                </p>
                {runResult.error?.nextStep && <p>{runResult.error.nextStep}</p>}
              </div>
            )}
          </>
        )}

        {k === 'claude-ai' && (
          <div className="panel">
            <p>
              Uses your Claude.ai subscription through Claude Code&apos;s own login. Claude Auth Tray only reads when it
              expires; it never refreshes or writes that login. Save, then “Sign in with Claude” if Claude Code is not
              signed in yet.
            </p>
            {!snapshot.claudeInstalled && (
              <p className="next">
                Claude Code is not installed. Install it with <code>npm install -g @anthropic-ai/claude-code</code>,
                then come back.
              </p>
            )}
          </div>
        )}

        {k === 'bedrock' && (
          <>
            <Field
              label="AWS region"
              value={form.region ?? ''}
              onChange={(v) => set({ region: v })}
              required
              placeholder="us-east-1"
            />
            <Select
              label="How to authenticate"
              value={form.authMode ?? 'aws-profile'}
              onChange={(v) => set({ authMode: v as Form['authMode'] })}
              options={[
                { value: 'aws-profile', label: 'AWS profile (default credential chain)' },
                { value: 'sso', label: 'AWS SSO (IAM Identity Center)' },
                { value: 'api-key', label: 'Bedrock API key' },
              ]}
            />
            {form.authMode !== 'api-key' && (
              <Select
                label="AWS profile"
                value={form.awsProfile ?? ''}
                onChange={(v) => set({ awsProfile: v })}
                options={[
                  { value: '', label: awsProfiles.length ? 'Choose a profile' : 'No profiles in ~/.aws/config' },
                  ...awsProfiles.map((a) => ({ value: a.name, label: a.sso ? `${a.name} (SSO)` : a.name })),
                ]}
                hint={
                  form.authMode === 'sso'
                    ? 'Claude Code runs “aws sso login” for this profile when the session has expired.'
                    : undefined
                }
              />
            )}
            {form.authMode === 'api-key' && (
              <PlaintextKeyFields
                what="Bedrock API key"
                variable="AWS_BEARER_TOKEN_BEDROCK"
                editing={editing}
                secret={secret}
                onSecret={setSecret}
                consent={Boolean(form.allowPlaintextSecret)}
                onConsent={(v) => set({ allowPlaintextSecret: v })}
              />
            )}
            <Field
              label="Model (optional)"
              value={form.model ?? ''}
              onChange={(v) => set({ model: v })}
              placeholder="us.anthropic.claude-sonnet-4-5-20250929-v1:0"
            />
            <Field
              label="Small/fast model (optional)"
              value={form.haikuModel ?? ''}
              onChange={(v) => set({ haikuModel: v })}
            />
          </>
        )}

        {k === 'vertex' && (
          <>
            <Field
              label="Google Cloud project id"
              value={form.projectId ?? ''}
              onChange={(v) => set({ projectId: v })}
              required
            />
            <Field
              label="Region"
              value={form.region ?? ''}
              onChange={(v) => set({ region: v })}
              required
              placeholder="us-east5 or global"
            />
            <Field label="Model (optional)" value={form.model ?? ''} onChange={(v) => set({ model: v })} />
          </>
        )}

        {k === 'foundry' && (
          <>
            <Field
              label="Foundry resource name"
              value={form.resource ?? ''}
              onChange={(v) => set({ resource: v })}
              hint="Or give a base URL instead."
            />
            <Field label="Base URL" type="url" value={form.baseUrl ?? ''} onChange={(v) => set({ baseUrl: v })} />
            <Select
              label="How to authenticate"
              value={form.authMode ?? 'azure'}
              onChange={(v) => set({ authMode: v as Form['authMode'] })}
              options={[
                { value: 'azure', label: 'Azure login (az login)' },
                { value: 'api-key', label: 'Foundry API key' },
              ]}
            />
            {form.authMode === 'api-key' && (
              <PlaintextKeyFields
                what="Foundry API key"
                variable="ANTHROPIC_FOUNDRY_API_KEY"
                editing={editing}
                secret={secret}
                onSecret={setSecret}
                consent={Boolean(form.allowPlaintextSecret)}
                onConsent={(v) => set({ allowPlaintextSecret: v })}
              />
            )}
          </>
        )}

        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={save.busy || missingKey || consentMissing || !form.name.trim()}
          >
            {editing ? 'Save changes' : 'Save profile'}
          </button>
          {isActivatable(k) && (
            <button
              type="button"
              disabled={save.busy || missingKey || consentMissing || !form.name.trim()}
              onClick={() => void save.run(true)}
            >
              {k === 'claude-ai' ? 'Save and use subscription' : 'Save and use'}
            </button>
          )}
          {editing && isActivatable(k) && !view?.active && (
            <button type="button" onClick={() => void activate.run()} disabled={activate.busy}>
              {k === 'claude-ai' ? 'Use subscription' : 'Use this profile'}
            </button>
          )}
          {editing && (k === 'claude-ai' || k === 'vertex' || (k === 'bedrock' && form.authMode === 'sso')) && (
            <button type="button" onClick={() => void startSignIn.run()} disabled={startSignIn.busy}>
              {k === 'claude-ai' ? 'Sign in with Claude' : 'Sign in'}
            </button>
          )}
          <button type="button" onClick={() => go({ screen: 'profiles' })}>
            Back to profiles
          </button>
          <Progress show={save.showProgress || activate.showProgress} label="Saving…" />
        </div>
        {consentMissing && (
          <p className="hint">
            Tick the plain-text consent to save a key Claude Code can only read from settings.json.
          </p>
        )}
        {saved && (
          <p role="status" className="result ok">
            {saved}
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
