import { forWindow, isAppError } from '../../common/errors';
import { sanitizeForTerminal } from '../../common/terminal-text';
import type { AuthState } from '../../common/auth-state';
import type { ProfileView, Snapshot } from '../../common/ipc-contract';
import type { Profile, ProfilesFile } from '../../common/profile';
import { accountHandlers } from './accounts/account-handlers';
import { AccountLogins } from './accounts/account-login';
import { parsePins, pinsFile } from './accounts/project-pins';
import { appHandlers } from './app-api/app';
import { bundleHandlers } from './app-api/bundle';
import { ClaudeVerdict } from './app-api/claude-verdict';
import type { AppApiDeps, HandlerContext, Handlers } from './app-api/context';
import { keyHandlers } from './app-api/keys';
import { profileHandlers } from './app-api/profiles';
import { SnapshotPublisher } from './app-api/publisher';
import { teamHandlers } from './app-api/team';
import { AppSettingsStore, parseAppSettings } from './app-settings-store';
import { AuthMonitor } from './auth-monitor';
import { checksPath, parseChecks } from './check-records';
import { CachedSecrets, tapWrites } from './cached-secrets';
import type { AuthMismatch } from './claude-auth-status';
import { FileCache } from './file-cache';
import { CommandGate } from './command-confirm';
import { stopAllHelpers } from './helper-runner';
import type { Notice } from './notification-policy';
import { appDataDir } from './paths';
import { ProfileService } from './profile-service';
import { SnapshotInputs } from './snapshot-inputs';
import type { ProfilesChangeSource } from './profile-store';
import { claudeMismatch, correctedState, knownState, statusReport } from './status-report';
import { SpendMonitor } from './usage/spend-monitor';
import { UsageMonitor } from './usage/usage-monitor';
import { usageOfProfile } from './usage/usage-views';

export type { AppApiDeps, Handlers } from './app-api/context';

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
  /** The doctor's findings and Claude Code's presence, read again only when a file changes. */
  private readonly inputs: SnapshotInputs;
  /**
   * What else a snapshot reads, kept until it changes (issue 13): app settings, pins and the last
   * checks (FileCache: our writes drop them, the folder watch re-reads other processes' writes), the
   * keys of profiles the monitor has not checked yet (CachedSecrets), Claude Code's mismatch.
   */
  private readonly files: FileCache;
  private readonly secrets: CachedSecrets;
  private mismatchMemo: { readonly key: readonly unknown[]; readonly value: AuthMismatch | undefined } | undefined;
  private readonly snapshots: SnapshotPublisher;
  /** Snapshots built, for tests and the bench (one per activation). */
  snapshotsBuilt = 0;
  private readonly noticeListeners = new Set<(n: Notice) => void>();
  private readonly progressListeners = new Set<(p: { done: number; total: number }) => void>();
  /** What `claude auth status` last said (asked after a switch, or recorded by another process). */
  private readonly claude: ClaudeVerdict;
  private unsubscribe: (() => void) | undefined;
  /** profiles.json's change events and the folder watch behind them (issue 13); both end in stop(). */
  private offProfiles: (() => void) | undefined;
  private unwatchProfiles: (() => void) | undefined;
  /** The active profile the last reload saw: another process's `use` asks Claude Code again. */
  private activeSeen: string | undefined;
  /** Every command saved through these handlers passes here first (issue 12, item 11). */
  private readonly commands: CommandGate;
  /** One handler per contract channel, joined from the modules of each concern (./app-api/*). */
  readonly handlers: Handlers;
  /** The Claude.ai sign-ins the window started (issue 14); stop() ends a running one. */
  readonly logins: AccountLogins;

  constructor(private readonly deps: AppApiDeps) {
    this.secrets = new CachedSecrets(deps.store);
    // Every keychain write of this app's services drops that item from the snapshot's cache.
    const store = tapWrites(deps.store, (account) => this.secrets.drop(account));
    this.svc = new ProfileService(store, deps.runtime, deps.env);
    this.settings = new AppSettingsStore(deps.env);
    this.files = new FileCache([this.settings.file, pinsFile(deps.env), checksPath(appDataDir(deps.env))]);
    this.usage = new UsageMonitor(appDataDir(deps.env), deps.clock, () => this.publish());
    this.spend = new SpendMonitor(this.svc, deps.env, deps.clock, () => this.publish());
    this.commands = new CommandGate(deps.confirmCommand);
    this.inputs = new SnapshotInputs(deps.env, deps.cwd, () => this.svc.profiles.current());
    this.snapshots = new SnapshotPublisher(
      () => this.build(),
      () => Promise.all([this.inputs.fresh(), this.prefetchKeys()]),
    );
    this.monitor = new AuthMonitor({
      env: deps.env,
      store,
      clock: deps.clock,
      dataDir: appDataDir(deps.env),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.apiBaseUrl ? { apiBaseUrl: deps.apiBaseUrl } : {}),
      ...(deps.googleTokenUrl ? { googleTokenUrl: deps.googleTokenUrl } : {}),
    });
    this.claude = new ClaudeVerdict(
      deps.env,
      deps.cwd,
      () => this.svc.profiles.current().activeProfileId,
      (fromFile) => {
        if (fromFile) this.monitor.reload(); // a switch from the terminal: follow the profile it made active
        this.publish();
      },
    );
    this.logins = new AccountLogins(deps.env, () => this.publish());
    this.handlers = this.joinHandlers();
  }

  /**
   * Starts the monitor and the watch on profiles.json; again after it failed (profiles.json
   * unreadable), with one subscription each. The watch is armed first: fixing the file retries.
   */
  start(): void {
    this.unsubscribe ??= this.monitor.subscribe(() => this.publish());
    this.inputs.watch(this.deps.clock, () => this.publish());
    this.files.watch(this.deps.clock, () => {
      this.secrets.clear(); // a CLI `edit` may have replaced a key (it forgets that key's last check)
      this.publish();
    });
    this.offProfiles ??= this.svc.profiles.onChange((source) => this.profilesChanged(source));
    this.unwatchProfiles ??= this.svc.profiles.watch(this.deps.clock);
    this.monitor.reload();
    this.usage.start();
    this.spend.start();
    this.activeSeen = this.svc.list().activeProfileId;
    void this.claude.ask();
    this.claude.watch(this.deps.clock);
  }

  /**
   * profiles.json changed. Our own handlers reload the monitor themselves (and ask Claude Code after a
   * switch); another process's change (a CLI `add`/`use`) is followed here: the monitor reloads and
   * publishes, so the tray and the window show it.
   */
  private profilesChanged(source: ProfilesChangeSource): void {
    // A switch wrote settings.json: the doctor reads it again for the next snapshot (without waiting
    // for the file watch, so the snapshot a use case returns is current).
    this.inputs.invalidate();
    if (source === 'file') this.secrets.clear(); // another process may have stored a key too
    try {
      // current(): what this store just wrote, or what its watch just read (no second read).
      if (source !== 'file') {
        this.activeSeen = this.svc.profiles.current().activeProfileId;
        return;
      }
      this.monitor.reload();
      const active = this.svc.profiles.current().activeProfileId;
      if (active !== this.activeSeen) {
        this.activeSeen = active;
        void this.claude.ask();
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
    this.claude.dispose();
    this.inputs.dispose();
    this.files.dispose();
    this.logins.cancel();
    this.monitor.stop();
    this.usage.stop();
    this.spend.stop();
    stopAllHelpers();
    this.snapshots.clear();
    this.noticeListeners.clear();
  }

  /** One-off notices of a use case (issue 14: a switch that moves billing between subscription and per-token). */
  onNotice(l: (n: Notice) => void): () => void {
    this.noticeListeners.add(l);
    return () => this.noticeListeners.delete(l);
  }

  /** Every snapshot after a change: one per burst of changes (app-api/publisher.ts). */
  onSnapshot(l: (s: Snapshot) => void): () => void {
    return this.snapshots.subscribe(l);
  }

  /** Bulk-invite progress, for the window's progress bar. */
  onTeamProgress(l: (p: { done: number; total: number }) => void): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  private publish(): void {
    this.snapshots.changed();
  }

  /** The monitor's state, else the last recorded check or the offline state (status-report.ts). */
  private baseState(p: Profile): AuthState {
    const known = this.monitor.get(p.id);
    if (known) return known;
    try {
      return knownState(
        p,
        {
          store: this.secrets,
          env: this.deps.env,
          now: this.deps.clock.now(),
          platform: process.platform,
          dataDir: appDataDir(this.deps.env),
        },
        this.files.get(checksPath(appDataDir(this.deps.env)), parseChecks),
      );
    } catch (e) {
      // The keychain locked (or went away) mid-session: this profile's key cannot be read now, so
      // its state says so; the snapshot — every other profile, the window — goes on (desktop audit:
      // one failed read made the whole window an error banner).
      if (!isAppError(e) || !e.kind.startsWith('keychain-')) throw e;
      return {
        profileId: p.id,
        status: 'error',
        lastCheckedAt: this.deps.clock.now(),
        detail: { kind: e.kind, message: e.commonLine() }, // says to unlock, then try again
        next: 'none', // not "Refresh to fetch a new key": the key is there, the keychain is shut
      };
    }
  }

  /** Reads what a snapshot needs and is not in memory yet without blocking (before a snapshot is built). */
  private async prefetchKeys(): Promise<void> {
    let profiles: readonly Profile[] = [];
    try {
      profiles = this.svc.profiles.current().profiles;
    } catch {
      // unreadable profiles.json: the snapshot says so
    }
    const dataDir = appDataDir(this.deps.env);
    await Promise.all([
      this.secrets.prefetch(profiles.filter((p) => !this.monitor.get(p.id)).map((p) => p.id)),
      this.files.preload(this.settings.file, parseAppSettings),
      this.files.preload(pinsFile(this.deps.env), parsePins),
      this.files.preload(checksPath(dataDir), parseChecks),
    ]);
  }

  /** Claude Code's mismatch, computed again only when one of its inputs changed. */
  private mismatch(f: ProfilesFile, inputs: unknown, pins: unknown): AuthMismatch | undefined {
    const key = [this.claude.status, f, inputs, pins];
    const m = this.mismatchMemo;
    if (m && m.key.every((k, i) => k === key[i])) return m.value;
    const value = claudeMismatch(f, this.claude.status, this.deps.env, this.deps.cwd);
    this.mismatchMemo = { key, value };
    return value;
  }

  /** A profile's state as the snapshot shows it: corrected by what `claude auth status` knows. */
  private stateOf(p: Profile, activeProfileId = this.svc.profiles.current().activeProfileId): AuthState {
    return correctedState(p, this.baseState(p), activeProfileId, this.claude.status);
  }

  /**
   * The snapshot now, without waiting: the doctor's findings and Claude Code's presence as last read
   * (SnapshotInputs re-reads them when a file changes). The handlers use the publisher's current().
   */
  snapshot(): Snapshot {
    return this.build();
  }

  /** The tray's and the window's status: the same report as CLI `status` (status-report.ts). */
  private build(): Snapshot {
    this.snapshotsBuilt++;
    const inputs = this.inputs.now();
    const f = this.svc.profiles.current();
    const pins = this.files.get(pinsFile(this.deps.env), parsePins);
    const report = statusReport({
      file: f,
      env: this.deps.env,
      cwd: this.deps.cwd,
      claude: this.claude.status,
      stateOf: (p) => this.baseState(p),
      doctor: () => inputs.doctor,
      mismatch: () => this.mismatch(f, inputs, pins),
    });
    return {
      profiles: report.profiles.map((v) => this.withUsage(v)),
      activeProfileId: f.activeProfileId ?? null,
      warnings: report.warnings.map(forWindow), // the window's and the tray's words (issue 17)
      settings: this.files.get(this.settings.file, parseAppSettings),
      claudeInstalled: inputs.claudeInstalled,
      pins: pins.map(({ dir, profileId }) => ({ dir, profileId })), // what the pin created stays in main
      ...(this.logins.view() ? { accountLogin: this.logins.view()! } : {}),
    };
  }

  private view(p: Profile): ProfileView {
    const active = this.svc.profiles.current().activeProfileId;
    return this.withUsage({ profile: p, active: active === p.id, state: this.stateOf(p, active) });
  }

  /** A Claude.ai account's latest 5-hour and weekly use; an API key's organisation spend (issue 15). */
  private withUsage(v: ProfileView): ProfileView {
    const usage = usageOfProfile(v.profile, this.usage.records());
    const spend = this.spend.of(v.profile.id);
    return { ...v, profile: shownProfile(v.profile), ...(usage ? { usage } : {}), ...(spend ? { spend } : {}) };
  }

  /** What the handlers of each concern use of this AppApi. */
  private context(): HandlerContext {
    return {
      deps: this.deps,
      svc: this.svc,
      monitor: this.monitor,
      settings: this.settings,
      commands: this.commands,
      snapshot: () => this.snapshots.current(),
      view: (p) => this.view(p),
      stateOf: (p) => this.stateOf(p),
      askClaude: () => this.claude.ask(),
      publish: () => this.publish(),
      notice: (n) => this.noticeListeners.forEach((l) => l(n)),
      progress: (p) => this.progressListeners.forEach((l) => l(p)),
    };
  }

  /** One handler per contract channel, joined from the modules of each concern. */
  private joinHandlers(): Handlers {
    const c = this.context();
    const profiles = profileHandlers(c);
    return {
      ...appHandlers(c),
      ...profiles,
      // Claude.ai accounts and project pins (issue 14); an account's sign-in is theirs, any other the generic one.
      ...accountHandlers(
        {
          svc: this.svc,
          env: this.deps.env,
          logins: this.logins,
          chooseFolder: this.deps.chooseFolder,
          reload: () => this.monitor.reload(),
          publish: () => this.publish(),
          snapshot: () => this.snapshots.current(),
          view: (p) => this.view(p),
        },
        profiles['signin:start'],
      ),
      ...keyHandlers(c),
      ...teamHandlers(c),
      ...bundleHandlers(c),
    } satisfies Handlers;
  }
}

/**
 * A profile as the window and the tray show it: its name, and what `claude auth status` recorded
 * (email, organisation), are outside text — profiles.json may be hand-edited, an organisation is
 * named by its admins — so escape sequences, control characters and bidi overrides are taken out
 * (desktop audit: a U+202E in a name reversed the sidebar's line; the tray already cleaned it). A
 * name then saved from the window is the clean one, the only kind a change may have (profileName).
 */
function shownProfile(p: Profile): Profile {
  const shown = { ...p, name: sanitizeForTerminal(p.name) || p.id } as Record<string, unknown>;
  for (const k of ['email', 'organization'])
    if (typeof shown[k] === 'string') shown[k] = sanitizeForTerminal(shown[k] as string) || undefined;
  return JSON.parse(JSON.stringify(shown)) as Profile;
}
