import { PROVIDER_LABEL } from '../../common/profile';
import { profileForFolder } from '../core/accounts/project-pins';
import { maskSecret } from '../../common/redact';
import type { AuthState } from '../../common/auth-state';
import { currentVerdict } from '../core/claude-check';
import { whoPaysMismatch } from '../core/usage/who-pays-check';
import { runDoctor } from '../core/doctor';
import { checkCredentialCommand } from '../core/expiry/aws-export';
import { refreshHelperKey } from '../core/helper-refresh';
import { appDataDir } from '../core/paths';
import { ProfileStore } from '../core/profile-store';
import { offlineState } from '../core/offline-state';
import { monitoringOf } from '../core/providers';
import { settingsTtlValue } from '../core/ttl';
import { KeyringSecretStore, SnapshotSecretStore } from '../core/vault';
import { HELP } from './help';
import { humanDuration, relTime } from '../core/human-time';
import { atMost, clean, EXIT, out, outJson, parse, UsageError } from './output';
import { readUsageRecords } from '../core/usage/usage-record';
import { usageLines, usageOfProfile } from '../core/usage/usage-views';

function describe(s: AuthState, now: number): string {
  const when =
    s.expiresAt === undefined
      ? ''
      : s.expiresAt > now
        ? ` · expires ${relTime(s.expiresAt - now)}`
        : ` · expired ${relTime(s.expiresAt - now)}`;
  // A profile that was never signed in has not "expired" (issue 17); the tray says the same.
  const status = s.detail.kind === 'not-logged-in' ? 'not signed in' : s.status;
  return `${status}${when} · ${clean(s.detail.message)}`;
}

export async function statusCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.help) {
    out(HELP.status);
    return EXIT.ok;
  }
  const f = new ProfileStore().load();
  const keychain = new KeyringSecretStore();
  // Every profile's item in one go, not one keychain session per profile (issue 16: 100 profiles): a
  // direct Secret Service conversation on Linux; else one native listing, which costs about as much
  // as four single reads, so few profiles are read one by one.
  const quick = await keychain.readQuick(f.profiles.map((p) => p.id));
  const store = quick
    ? new SnapshotSecretStore(quick, keychain)
    : f.profiles.length > 4
      ? new SnapshotSecretStore(keychain.readAll(), keychain)
      : keychain;
  const now = Date.now();
  const records = readUsageRecords(appDataDir());
  const ttlFromSettings = once(() => settingsTtlValue(process.env));
  const states = f.profiles.map((p) => ({
    profile: p,
    state: offlineState(p, store, process.env, now, process.platform, ttlFromSettings),
    usage: usageOfProfile(p, records),
  }));
  const warnings: { kind: string; message: string; fix: string }[] = runDoctor().map((x) => ({
    kind: x.kind,
    message: x.message,
    fix: x.fix,
  }));
  // The verdict of the background check `use` started, when it is about this very state; else asked now.
  const verdict = await currentVerdict(() => f.activeProfileId);
  const claude = verdict?.result;
  const mismatch = claude
    ? whoPaysMismatch(
        // In a pinned project Claude Code uses the pin (`claude auth status` runs in this folder).
        f.profiles.find((p) => p.id === profileForFolder(process.cwd(), f.activeProfileId).profileId),
        claude,
      )
    : undefined;
  if (mismatch) warnings.unshift({ kind: 'claude-code-mismatch', ...mismatch });
  const { statusExtras } = await import('./status-accounts');
  const extras = await statusExtras(f, claude, warnings);
  if (values.json) {
    outJson({
      claudeCode: claude ?? null,
      claudeCodeCheckedAt: verdict ? new Date(verdict.checkedAt).toISOString() : null,
      activeProfileId: f.activeProfileId ?? null,
      profiles: states.map(({ profile, state, usage }) => ({
        id: profile.id,
        name: profile.name,
        kind: profile.kind,
        active: profile.id === f.activeProfileId,
        state,
        ...(usage ? { usage } : {}),
      })),
      warnings,
      ...extras.json,
    });
    return EXIT.ok;
  }
  const active = f.profiles.find((p) => p.id === f.activeProfileId);
  out(
    active
      ? `Active: ${clean(active.name)} (${PROVIDER_LABEL[active.kind]})`
      : 'Active: none (Claude Code uses its own login or environment)',
  );
  for (const { profile, state, usage } of states) {
    out(`${profile.id === f.activeProfileId ? '*' : ' '} ${clean(profile.name)}: ${describe(state, now)}`);
    if (usage) out(`    ${usageLines(usage, now).join(' · ')}`);
  }
  if (verdict && claude && !mismatch)
    out(
      `Claude Code confirms: ${clean([claude.authMethod, claude.apiProvider, claude.apiKeySource].filter(Boolean).join(', '))} (asked ${humanDuration(Math.max(0, Date.now() - verdict.checkedAt))} ago).`,
    );
  for (const line of extras.lines) out(clean(line));
  for (const w of warnings) out(`Warning: ${clean(w.message)} ${clean(w.fix)}`);
  return EXIT.ok;
}

function once<T>(fn: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = fn();
      done = true;
    }
    return v;
  };
}

export async function refreshCommand(argv: readonly string[]): Promise<number> {
  const parsed = parse(argv, { json: { type: 'boolean' } });
  if (parsed.values.help) {
    out(HELP.refresh);
    return EXIT.ok;
  }
  const profiles = new ProfileStore();
  const f = profiles.load();
  atMost(parsed.positionals, 1);
  const ref = parsed.positionals[0] ?? f.activeProfileId;
  if (!ref) throw new UsageError('missing <name|id> and no active profile');
  const p = profiles.find(ref, f);
  const store = new KeyringSecretStore();
  const m = monitoringOf(p, process.env);
  if (m.how !== 'helper') {
    // Nothing to fetch: check what can be checked (a static key against the API, Google ADC by a
    // token mint, a credential command by running it) and read the rest from its files.
    const state =
      m.how === 'static-key' || m.how === 'login-check'
        ? (await m.check.run(p, { store, env: process.env, now: Date.now })).state
        : m.how === 'credential-command'
          ? await checkCredentialCommand(p.id, m.command, process.env, Date.now)
          : offlineState(p, store, process.env, Date.now());
    if (parsed.values.json) outJson({ profileId: p.id, state });
    else out(`Checked ${clean(p.name)} (${PROVIDER_LABEL[p.kind]}): ${describe(state, Date.now())}`);
    return ['invalid', 'expired', 'error'].includes(state.status) ? EXIT.failure : EXIT.ok;
  }
  const r = await refreshHelperKey(store, appDataDir(), m.helper, () => false);
  const state = offlineState(p, store, process.env, Date.now());
  if (parsed.values.json) outJson({ profileId: p.id, durationMs: r.result?.durationMs ?? 0, state });
  else
    out(
      `Refreshed ${clean(p.name)} in ${r.result?.durationMs ?? 0} ms: ${maskSecret(r.key)} · ${describe(state, Date.now())}`,
    );
  return EXIT.ok;
}
