import { COMMAND_TABLE } from './command-table';
import { PROVIDER_LABEL } from '../../common/profile';
import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { cliStateStep } from '../core/state-step';
import { describeClaudeAuth } from '../core/claude-auth-status';
import { currentVerdict } from '../core/claude-check';
import { readChecks, recordCheck } from '../core/check-records';
import { runDoctor } from '../core/doctor';
import { appDataDir } from '../core/paths';
import { checkProfile } from '../core/profile-check';
import { ProfileStore } from '../core/profile-store';
import { knownState, statusReport } from '../core/status-report';
import { unfinishedSwitch } from '../core/switch-check';
import { settingsTtlValue } from '../core/ttl';
import { KeyringSecretStore, SnapshotSecretStore } from '../core/vault';
import { HELP } from './help';
import { humanDuration, relTime } from '../core/human-time';
import { atMost, clean, EXIT, out, outJson, parse, UsageError } from './output';
import { readUsageRecords } from '../core/usage/usage-record';
import { usageLines, usageOfProfile } from '../core/usage/usage-views';
import { once } from '../core/once';

function describe(p: Profile, s: AuthState, now: number): string {
  const when =
    s.expiresAt === undefined
      ? ''
      : s.expiresAt > now
        ? ` · expires ${relTime(s.expiresAt - now)}`
        : ` · expired ${relTime(s.expiresAt - now)}`;
  // A profile that was never signed in has not "expired" (issue 17); the tray says the same.
  const status = s.detail.kind === 'not-logged-in' ? 'not signed in' : s.status;
  const step = cliStateStep(p, s);
  return `${status}${when} · ${clean(s.detail.message)}${step ? `. ${clean(step)}` : ''}`;
}

export async function statusCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse(argv, COMMAND_TABLE.status.options);
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
  const dataDir = appDataDir();
  const records = readUsageRecords(dataDir);
  const checks = readChecks(dataDir);
  const ctx = {
    store,
    env: process.env,
    now,
    platform: process.platform,
    dataDir,
    settingsTtl: once(() => settingsTtlValue(process.env)),
  };
  // The verdict of the background check `use` started, when it is about this very state; else asked now.
  const verdict = await currentVerdict(() => f.activeProfileId);
  const claude = verdict?.result;
  // The same report as the tray's (status-report.ts): the last check of each profile (CLI `refresh`
  // or the tray's), the doctor, and Claude Code's verdict against the profile of this folder.
  const report = statusReport({
    file: f,
    env: process.env,
    cwd: process.cwd(),
    claude,
    stateOf: (p) => knownState(p, ctx, checks),
    doctor: () =>
      runDoctor(
        process.env,
        process.cwd(),
        f.profiles.find((p) => p.id === f.activeProfileId),
      ),
  });
  const unfinished = unfinishedSwitch(f, process.env);
  const warnings = unfinished ? [unfinished, ...report.warnings] : report.warnings;
  const states = report.profiles.map((x) => ({ ...x, usage: usageOfProfile(x.profile, records) }));
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
    out(`${profile.id === f.activeProfileId ? '*' : ' '} ${clean(profile.name)}: ${describe(profile, state, now)}`);
    if (usage) out(`    ${usageLines(usage, now).join(' · ')}`);
  }
  if (verdict && claude && !report.mismatch)
    out(
      `Claude Code confirms it will use: ${clean(describeClaudeAuth(claude))} (asked ${humanDuration(Math.max(0, Date.now() - verdict.checkedAt))} ago).`,
    );
  for (const line of extras.lines) out(clean(line));
  for (const w of warnings) out(`Warning: ${clean(w.message)} ${clean(w.fix)}`);
  return EXIT.ok;
}

/**
 * Checks a profile now, as the tray does (profile-check.ts): a key helper runs and its key is
 * checked, a static key or a login is checked, a credential command runs, files are read. The result
 * is recorded, so the next `status` and the tray show it.
 */
export async function refreshCommand(argv: readonly string[]): Promise<number> {
  const parsed = parse(argv, COMMAND_TABLE.refresh.options);
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
  const dataDir = appDataDir();
  const r = await checkProfile(p, {
    store: new KeyringSecretStore(),
    env: process.env,
    now: Date.now,
    platform: process.platform,
    dataDir,
  });
  recordCheck(dataDir, p, r.state, process.env, process.platform, new Set(f.profiles.map((x) => x.id)));
  // A helper that could not run: its own error, with its next step and exit code (a locked keychain: 3).
  if (r.error !== undefined) throw r.error;
  const { state } = r;
  const failed = ['invalid', 'expired', 'error'].includes(state.status);
  if (r.helper) {
    if (parsed.values.json) outJson({ profileId: p.id, durationMs: r.helper.durationMs, state });
    else
      out(
        `Refreshed ${clean(p.name)} in ${r.helper.durationMs} ms: ${r.helper.hint} · ${describe(p, state, Date.now())}`,
      );
  } else if (parsed.values.json) outJson({ profileId: p.id, state });
  else out(`Checked ${clean(p.name)} (${PROVIDER_LABEL[p.kind]}): ${describe(p, state, Date.now())}`);
  return failed ? EXIT.failure : EXIT.ok;
}
