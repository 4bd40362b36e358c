import type { AuthState } from '../../common/auth-state';
import { AppError } from '../../common/errors';
import type {
  LoginDraft,
  InvokeChannel,
  InvokeResults,
  NewProfileInput,
  ProfileView,
  Snapshot,
  Warning,
} from '../../common/ipc-contract';
import { INVOKE_SCHEMAS } from '../../common/ipc-contract';
import { PROVIDER_LABEL, type Profile } from '../../common/profile';
import { fromFlat, toFlat } from '../../common/providers';
import { maskSecret } from '../../common/redact';
import type { z } from 'zod';
import { AccountService } from './accounts/account-service';
import { accountFields } from './accounts/account-env';
import { runClaudeFor } from './accounts/claude-account-cli';
import { switchNotices } from './accounts/switch-notices';
import { listPins, unpinProfile, unpinProject } from './accounts/project-pins';
import { AppSettingsStore } from './app-settings-store';
import type { Notice } from './notification-policy';
import { AuthMonitor } from './auth-monitor';
import { CommandGate, type ConfirmCommand } from './command-confirm';
import { findClaude, type ClaudeAuthStatus } from './claude-auth-status';
import { checkRecordPath, readCheckRecord, runRecordedCheck } from './claude-check';
import { FileWatcher } from './file-watch';
import { whoPaysMismatch } from './usage/who-pays-check';
import { whoPaysFindings } from './usage/who-pays-doctor';
import type { Clock } from './clock';
import { runDoctor } from './doctor';
import { fixPlaintextApiKey } from './doctor-fix';
import { keychainFindings } from './keychain-orphans';
import { listAwsProfiles } from './expiry/aws';
import { runHelper, stopAllHelpers } from './helper-runner';
import type { CliRuntime } from './helper-command';
import { checkKey, type FetchLike } from './key-validation';
import { offlineState } from './offline-state';
import { appDataDir, type Env } from './paths';
import { ProfileService } from './profile-service';
import { coreOf } from './providers';
import { assertNameFree, validateProfile, type ProfilesChangeSource } from './profile-store';
import { isAllowedExternal } from './external-links';
import { assertKeyShape } from './key-shape';
import { assertKeyStaysHome, storedHelper, storedKeyCheck } from './ipc-guards';
import { signInCommand, startSignIn } from './sign-in';
import type { AdminApi } from './team/admin-api';
import { adminApiFor } from './team/admin-profile';
import { bundleToProfile, exportBundle, parseBundle } from './team/bundle';
import { previewBundle } from './team/bundle-preview';
import { inviteAll, parseInviteCsv, parseRole, type InviteRow } from './team/invites';
import type { SecretStore } from './vault';
import { SpendMonitor } from './usage/spend-monitor';
import { setStatusLine } from './usage/status-line-switch';
import { UsageMonitor } from './usage/usage-monitor';
import { usageOfProfile } from './usage/usage-views';

export interface AppApiDeps {
  readonly env: Env;
  readonly cwd: string;
  readonly store: SecretStore;
  readonly clock: Clock;
  readonly runtime: CliRuntime;
  readonly fetch?: FetchLike;
  readonly apiBaseUrl?: string;
  /** Google's token endpoint for the Vertex ADC check (tests: a server on 127.0.0.1). */
  readonly googleTokenUrl?: string;
  /** Opens a URL in the user's browser (Electron's shell.openExternal; tests record it). */
  readonly openExternal?: (url: string) => Promise<void> | void;
  /** Applies "start at login" (Electron's app.setLoginItemSettings). */
  readonly setStartAtLogin?: (on: boolean) => void;
  /**
   * Asks the user, in a dialog the main process owns, before a command (or a key helper's base URL)
   * that came over IPC is saved (command-confirm.ts). Absent: such changes are refused.
   */
  readonly confirmCommand?: ConfirmCommand;
}

type Args<C extends InvokeChannel> = z.output<(typeof INVOKE_SCHEMAS)[C]>;
export type Handlers = { [C in InvokeChannel]: (arg: Args<C>) => Promise<InvokeResults[C]> };

/**
 * The application's use cases behind the IPC contract, in plain Node: the Electron IPC wrapper and
 * the test bridge both call these handlers. Owns the AuthMonitor; publishes snapshots.
 */
export class AppApi {
  readonly svc: ProfileService;
  readonly monitor: AuthMonitor;
  readonly settings: AppSettingsStore;
  readonly usage: UsageMonitor;
  readonly spend: SpendMonitor;
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private readonly noticeListeners = new Set<(n: Notice) => void>();
  private readonly progressListeners = new Set<(p: { done: number; total: number }) => void>();
  private claudeStatus: ClaudeAuthStatus | undefined;
  private claudeCheckedAt = 0;
  private checkWatch: FileWatcher | undefined;
  private unsubscribe: (() => void) | undefined;
  /** profiles.json's change events and the folder watch behind them (issue 13); both end in stop(). */
  private offProfiles: (() => void) | undefined;
  private unwatchProfiles: (() => void) | undefined;
  /** The active profile the last reload saw: another process's `use` asks Claude Code again. */
  private activeSeen: string | undefined;
  /** Aborted by stop(): ends a `claude auth status` still running when the app quits. */
  private readonly stopping = new AbortController();
  /** Every command saved through these handlers passes here first (issue 12, item 11). */
  private readonly commands: CommandGate;

  constructor(private readonly deps: AppApiDeps) {
    this.svc = new ProfileService(deps.store, deps.runtime, deps.env);
    this.settings = new AppSettingsStore(deps.env);
    this.usage = new UsageMonitor(appDataDir(deps.env), deps.clock, () => this.publish());
    this.spend = new SpendMonitor(this.svc, deps.env, deps.clock, () => this.publish());
    this.commands = new CommandGate(deps.confirmCommand);
    this.monitor = new AuthMonitor({
      env: deps.env,
      store: deps.store,
      clock: deps.clock,
      dataDir: appDataDir(deps.env),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.apiBaseUrl ? { apiBaseUrl: deps.apiBaseUrl } : {}),
      ...(deps.googleTokenUrl ? { googleTokenUrl: deps.googleTokenUrl } : {}),
    });
  }

  /**
   * Starts the monitor and the watch on profiles.json; again after it failed (profiles.json
   * unreadable), with one subscription each. The watch is armed first: fixing the file retries.
   */
  start(): void {
    this.unsubscribe ??= this.monitor.subscribe(() => this.publish());
    this.offProfiles ??= this.svc.profiles.onChange((source) => this.profilesChanged(source));
    this.unwatchProfiles ??= this.svc.profiles.watch(this.deps.clock);
    this.monitor.reload();
    this.usage.start();
    this.spend.start();
    this.activeSeen = this.svc.list().activeProfileId;
    void this.askClaude();
    this.checkWatch ??= new FileWatcher([checkRecordPath(this.deps.env)], () => this.onCheckRecord(), this.deps.clock);
  }

  /**
   * profiles.json changed. Our own handlers reload the monitor themselves (and ask Claude Code after a
   * switch); another process's change (a CLI `add`/`use`) is followed here: the monitor reloads and
   * publishes, so the tray and the window show it.
   */
  private profilesChanged(source: ProfilesChangeSource): void {
    try {
      if (source !== 'file') {
        this.activeSeen = this.svc.list().activeProfileId;
        return;
      }
      this.monitor.reload();
      const active = this.svc.list().activeProfileId;
      if (active !== this.activeSeen) {
        this.activeSeen = active;
        void this.askClaude();
      }
    } catch {
      // Unreadable for now (a hand edit in progress): the next change, or the tray's retry, tells.
    }
  }

  /** Quit: timers, watchers, `claude auth status` and any helper still running (its whole process tree). */
  stop(): void {
    this.unwatchProfiles?.();
    this.unwatchProfiles = undefined;
    this.offProfiles?.();
    this.offProfiles = undefined;
    this.unsubscribe?.();
    this.checkWatch?.dispose();
    this.checkWatch = undefined;
    this.stopping.abort();
    this.monitor.stop();
    this.usage.stop();
    this.spend.stop();
    stopAllHelpers();
    this.listeners.clear();
    this.noticeListeners.clear();
  }

  /** One-off notices of a use case (issue 14: a switch that moves billing between subscription and per-token). */
  onNotice(l: (n: Notice) => void): () => void {
    this.noticeListeners.add(l);
    return () => this.noticeListeners.delete(l);
  }

  onSnapshot(l: (s: Snapshot) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Bulk-invite progress, for the window's progress bar. */
  onTeamProgress(l: (p: { done: number; total: number }) => void): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  /** The Admin API for an Admin-key profile (the given one, or the only one). */
  private adminApi(profileId: string | undefined): AdminApi {
    return adminApiFor(this.svc, profileId, this.deps.env);
  }

  private publish(): void {
    if (this.listeners.size === 0) return; // after stop(): a snapshot reads the keychain, for no one
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }

  /**
   * Ask Claude Code what it will use (after every switch); the answer shows up as a warning. It is
   * recorded, so `claude-auth-tray status` shows it too.
   */
  private async askClaude(): Promise<void> {
    const r = await runRecordedCheck(
      () => this.svc.list().activeProfileId,
      this.deps.env,
      this.deps.cwd,
      this.stopping.signal,
    );
    this.claudeStatus = r?.result;
    this.claudeCheckedAt = r?.checkedAt ?? Date.now();
    this.publish();
  }

  /**
   * A verdict recorded elsewhere (the check `claude-auth-tray use` starts in the background) reaches
   * the window and the tray: a newer one about the profile that is active now replaces this app's.
   */
  private onCheckRecord(): void {
    const rec = readCheckRecord(this.deps.env);
    if (!rec || rec.result === undefined || rec.checkedAt === undefined) return;
    if (rec.checkedAt <= this.claudeCheckedAt) return;
    if (rec.profileId !== this.svc.list().activeProfileId) return;
    this.claudeStatus = rec.result ?? undefined;
    this.claudeCheckedAt = rec.checkedAt;
    this.monitor.reload(); // a switch from the terminal: follow the profile it made active
    this.publish();
  }

  private stateOf(p: Profile): AuthState {
    const s = this.monitor.get(p.id) ?? offlineState(p, this.deps.store, this.deps.env, this.deps.clock.now());
    // What `claude auth status` knows can correct a state (a login this app cannot read).
    const c = this.claudeStatus;
    const correct = coreOf(p.kind).withClaudeStatus;
    // `claude auth status` speaks for the profile Claude Code uses: the active one, or with none its
    // own login (issue 14: with several Claude.ai accounts it must not vouch for the others).
    const activeId = this.svc.list().activeProfileId;
    const speaksFor = activeId === p.id || (activeId === undefined && !('storageDir' in p && p.storageDir));
    return c && correct && speaksFor ? correct(s, c) : s;
  }

  snapshot(): Snapshot {
    const f = this.svc.list();
    const warnings: Warning[] = runDoctor(this.deps.env, this.deps.cwd).map((x) => ({
      kind: x.kind,
      message: x.message,
      fix: x.fix,
    }));
    const active = f.profiles.find((p) => p.id === f.activeProfileId);
    const mismatch = this.claudeStatus
      ? whoPaysMismatch(active, this.claudeStatus, this.deps.env, this.deps.cwd)
      : undefined;
    if (mismatch) warnings.unshift({ kind: 'claude-code-mismatch', ...mismatch });
    return {
      profiles: f.profiles.map((p) =>
        this.withUsage({ profile: p, active: p.id === f.activeProfileId, state: this.stateOf(p) }),
      ),
      activeProfileId: f.activeProfileId ?? null,
      warnings,
      settings: this.settings.load(),
      claudeInstalled: findClaude(this.deps.env) !== undefined,
      pins: listPins(this.deps.env),
    };
  }

  private view(p: Profile): ProfileView {
    const f = this.svc.list();
    return this.withUsage({ profile: p, active: f.activeProfileId === p.id, state: this.stateOf(p) });
  }

  /** A Claude.ai account's latest 5-hour and weekly use; an API key's organisation spend (issue 15). */
  private withUsage(v: ProfileView): ProfileView {
    const usage = usageOfProfile(v.profile, this.usage.records());
    const spend = this.spend.of(v.profile.id);
    return { ...v, ...(usage ? { usage } : {}), ...(spend ? { spend } : {}) };
  }

  readonly handlers: Handlers = {
    'app:snapshot': async () => this.snapshot(),
    'profiles:add': async (input) => {
      const { secret, ...rest } = input;
      const draft = fromFlat(rest);
      // Checked before the user is asked about its command, so "Allow" is never followed by a refusal.
      validateProfile({ ...draft, id: 'draft', createdAt: '' });
      assertNameFree(this.svc.list(), draft.name);
      await this.commands.check(undefined, draft, 'add');
      const p = this.svc.add(draft, secret);
      this.monitor.reload();
      return this.view(p);
    },
    'profiles:update': async ({ id, changes }) => {
      const f = this.svc.list();
      const old = this.svc.profiles.find(id, f);
      const { secret, ...rest } = changes;
      const merged = fromFlat({ ...toFlat(old), ...rest, kind: old.kind } as Omit<NewProfileInput, 'secret'>);
      // An account's folder and identity are not form fields: the edit keeps them (issue 14).
      const next = validateProfile({ ...merged, ...accountFields(old), id: old.id, createdAt: old.createdAt });
      assertKeyStaysHome(old, next, secret !== undefined);
      if (secret !== undefined) assertKeyShape(next, secret); // the CLI's check too (issue 17)
      assertNameFree(f, next.name, id); // early, before a secret is written…
      await this.commands.check(old, next, 'update');
      this.svc.profiles.update((file) => {
        assertNameFree(file, next.name, id); // …and again where it counts: under the lock
        if (secret !== undefined) this.deps.store.set(id, secret);
        return { file: { ...file, profiles: file.profiles.map((p) => (p.id === id ? next : p)) }, result: undefined };
      });
      if (f.activeProfileId === id) this.svc.activate(id);
      this.monitor.reload();
      return this.view(next);
    },
    'profiles:remove': async (id) => {
      // A Claude.ai account of its own folder is signed out by Claude Code first (issue 14).
      await new AccountService(this.svc, this.deps.env).remove(id);
      unpinProfile(id, this.deps.env);
      this.monitor.reload();
      return this.snapshot();
    },
    'profiles:activate': async (id) => {
      const before = this.svc.list();
      const r = this.svc.activate(id);
      const prev = before.profiles.find((p) => p.id === before.activeProfileId);
      for (const n of switchNotices(prev, r.profile)) this.noticeListeners.forEach((l) => l(n));
      this.monitor.reload();
      await this.askClaude();
      return this.snapshot();
    },
    'profiles:refresh': async (id) => {
      await this.monitor.refresh(id, 'manual');
      const p = this.svc.profiles.find(id);
      return this.stateOf(p);
    },
    'keys:check': async ({ secret, profileId, baseUrl }) => {
      // A draft key (the renderer knows it) may go where the draft says; a stored one only where its
      // profile sends it (ipc-guards.ts).
      const target = secret
        ? { key: secret, baseUrl: baseUrl || this.deps.apiBaseUrl }
        : profileId
          ? storedKeyCheck(
              this.svc.profiles.find(profileId),
              baseUrl,
              this.deps.store,
              this.deps.env,
              this.deps.apiBaseUrl,
            )
          : { key: undefined, baseUrl: undefined };
      const key = target.key;
      if (!key)
        throw new AppError({
          kind: 'secret-missing',
          message: 'There is no key to check.',
          nextStep: 'Paste the key first.',
        });
      const admin = key.startsWith('sk-ant-admin');
      const r = await checkKey(key, {
        ...(admin ? { path: '/v1/organizations/users?limit=1' } : {}),
        baseUrl: target.baseUrl,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      });
      return { verdict: r.verdict, message: r.message, durationMs: r.durationMs };
    },
    'helper:run': async ({ profileId }) => {
      // Only a saved command runs (ipc-guards.ts): never a command string from the renderer.
      const { command, timeoutMs } = storedHelper(this.svc.profiles.find(profileId));
      const r = await runHelper(command, {
        ...(timeoutMs ? { timeoutMs } : {}),
        env: this.deps.env as NodeJS.ProcessEnv,
        cwd: this.deps.cwd,
      });
      return r.ok
        ? { ok: true, durationMs: r.durationMs, hint: maskSecret(r.key) }
        : {
            ok: false,
            durationMs: r.durationMs,
            error: {
              kind: r.error.kind,
              ...r.error.shown('window'),
            },
          };
    },
    'doctor:run': async () => [
      ...runDoctor(this.deps.env, this.deps.cwd),
      ...keychainFindings(this.deps.store, this.svc.list().profiles),
      ...(await whoPaysFindings(this.svc.list(), this.deps.env, this.deps.cwd)),
    ],
    'doctor:fix': async ({ file }) => {
      const r = fixPlaintextApiKey(this.svc, this.deps.env, this.deps.cwd, file);
      this.monitor.reload();
      await this.askClaude();
      return r;
    },
    'settings:get': async () => this.settings.load(),
    'settings:set': async (s) => {
      const before = this.settings.load();
      const saved = this.settings.save(s);
      if (before.startAtLogin !== saved.startAtLogin) this.deps.setStartAtLogin?.(saved.startAtLogin);
      // The status line switch goes through the settings bridge like `statusline on|off`.
      if ((before.statusLine === true) !== (saved.statusLine === true)) {
        try {
          setStatusLine(this.svc, saved.statusLine === true);
        } catch (e) {
          this.settings.save({ ...saved, statusLine: before.statusLine === true });
          throw e;
        }
      }
      this.publish();
      return saved;
    },
    'aws:profiles': async () => listAwsProfiles(this.deps.env),
    'signin:start': async (target) =>
      startSignIn(typeof target === 'string' ? this.svc.profiles.find(target) : target, this.deps.env),
    'provider:login': async (draft) => {
      const now = this.deps.clock.now();
      const cmd = signInCommand(draft);
      return {
        state: offlineState(draftProfile(draft, now), this.deps.store, this.deps.env, now),
        ...(cmd ? { signInCommand: [cmd.bin, ...cmd.args].join(' ') } : {}),
      };
    },
    'shell:open-external': async (url) => {
      if (!isAllowedExternal(url)) return false;
      await this.deps.openExternal?.(url);
      return true;
    },
    'team:invite': async ({ emails, csv, role, dryRun, profileId }) => {
      const defaultRole = role ? parseRole(role) : undefined;
      let rows: InviteRow[];
      if (csv !== undefined) rows = parseInviteCsv(csv, defaultRole);
      else {
        if (!defaultRole)
          throw new AppError({
            kind: 'invalid-argument',
            message: 'Choose a role.',
            nextStep: 'Claude Code users get "claude_code_user".',
          });
        rows = parseInviteCsv((emails ?? []).join('\n'), defaultRole);
      }
      if (rows.length === 0)
        throw new AppError({
          kind: 'invalid-argument',
          message: 'No email addresses to invite.',
          nextStep: 'Enter one address per line.',
        });
      const api = this.adminApi(profileId);
      const results = await inviteAll(api, rows, {
        dryRun: Boolean(dryRun),
        onProgress: (done, total) => this.progressListeners.forEach((l) => l({ done, total })),
      });
      return { results };
    },
    'team:list': async ({ profileId }) => {
      const api = this.adminApi(profileId);
      const [members, invites] = await Promise.all([api.members(), api.invites()]);
      return {
        members: members.map((m) => ({ id: m.id, email: m.email, role: m.role })),
        invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, status: i.status })),
      };
    },
    'team:revoke': async ({ inviteId, profileId }) => {
      await this.adminApi(profileId).revokeInvite(inviteId);
      return { inviteId };
    },
    'bundle:export': async (id) => {
      const p = this.svc.profiles.find(id);
      return { text: JSON.stringify(exportBundle(p), null, 2) + '\n', fileName: `${p.id}.claude-auth-tray.json` };
    },
    'bundle:preview': async ({ text }) => previewBundle(parseBundle(text)),
    'pins:remove': async (dir) => {
      // Only a folder this app pinned: never a settings file the window names.
      if (!listPins(this.deps.env).some((p) => p.dir === dir))
        throw new AppError({ kind: 'invalid-argument', message: 'That folder is not pinned.' });
      unpinProject(dir, this.deps.env);
      return this.snapshot();
    },
    'accounts:add': async ({ name }) => {
      // The window has no terminal: Claude Code's browser flow (it opens the browser and takes the
      // answer on its own); the call ends when that login ends, at most after 10 minutes.
      const p = await new AccountService(this.svc, this.deps.env).addWithLogin(name, (draft) =>
        runClaudeFor(draft, ['auth', 'login'], this.deps.env, { timeoutMs: 600_000 }),
      );
      this.monitor.reload();
      return this.view(p);
    },
    'accounts:sign-out': async (id) => {
      await new AccountService(this.svc, this.deps.env).signOut(id);
      this.monitor.reload();
      return this.snapshot();
    },
    'bundle:import': async ({ text, name, allowCommand }) => {
      const input = bundleToProfile(parseBundle(text), name, { allowCommand: Boolean(allowCommand) });
      assertNameFree(this.svc.list(), input.name);
      await this.commands.check(undefined, input, 'bundle');
      const p = this.svc.add(input, undefined, { secretLater: true });
      this.monitor.reload();
      return this.view(p);
    },
  };
}

/** A stand-in profile for a login draft, so the Add screen reads the same state a saved profile would. */
function draftProfile(d: LoginDraft, now: number): Profile {
  const base = { id: 'draft', name: 'draft', createdAt: new Date(now).toISOString() };
  const draft = coreOf(d.kind).loginDraft;
  if (!draft)
    throw new AppError({
      kind: 'invalid-argument',
      message: `A ${PROVIDER_LABEL[d.kind]} profile has no login to show.`,
    });
  return draft(d, base);
}
