import type { AuthState } from '../../common/auth-state';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import type { Clock } from './clock';
import { expiresAsSession } from '../../common/providers';
import { checksPath, readChecks, recordCheck, recordedState } from './check-records';
import type { CredentialCommand } from './expiry/aws-export';
import { offlineState } from './offline-state';
import { FileWatcher } from './file-watch';
import { aheadOfClock } from './helper-cache';
import { readConfirmedKey } from './helper-stamp';
import type { FetchLike } from './key-validation';
import type { Env } from './paths';
import { checkProfile, helperState, helperTtlMs, nextThreshold, type ProfileCheckContext } from './profile-check';
import { ProfileStore } from './profile-store';
import { coreOf, monitoringOf } from './providers';
import { earlyMarginMs, RefreshScheduler, type RefreshOutcome, type RefreshReason } from './scheduler';
import type { SecretStore } from './vault';

export { staticKeyState } from './key-state';

export { nextExportRun } from './profile-check';

export interface MonitorDeps {
  readonly env: Env;
  readonly store: SecretStore;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly fetch?: FetchLike;
  /** Base URL for key checks when a profile has none (tests: a server on 127.0.0.1). */
  readonly apiBaseUrl?: string;
  /** Google's OAuth token endpoint for the ADC check (tests: a server on 127.0.0.1). */
  readonly googleTokenUrl?: string;
  readonly random?: () => number;
  readonly platform?: NodeJS.Platform;
}

export type StatesListener = (states: ReadonlyMap<string, AuthState>) => void;

/**
 * The main process's heartbeat: keeps helper keys fresh, checks static keys, follows the expiry of
 * Claude.ai / AWS SSO / Google ADC credentials (file watches, no polling), and publishes one
 * AuthState per profile. Every failure becomes a state with a next action.
 */
export class AuthMonitor {
  private readonly states = new Map<string, AuthState>();
  private readonly listeners = new Set<StatesListener>();
  private profiles: Profile[] = [];
  private watcher: FileWatcher | undefined;
  /** profile-checks.json: a check another process ran (CLI `refresh`) shows here too. */
  private recordWatch: FileWatcher | undefined;
  private stopped = false;
  readonly scheduler: RefreshScheduler;
  private readonly profileStore: ProfileStore;
  /** The credential command (awsCredentialExport or credential_process) each profile last ran; a new one runs at once. */
  private readonly exportCommands = new Map<string, string | undefined>();
  /** Helper runs, for tests and the bench (how many times a user's helper actually ran). */
  helperRuns = 0;

  constructor(private readonly deps: MonitorDeps) {
    this.profileStore = new ProfileStore(deps.env);
    this.scheduler = new RefreshScheduler({
      clock: deps.clock,
      refresh: (id) => this.refreshProfile(id),
      ...(deps.random ? { random: deps.random } : {}),
    });
  }

  subscribe(l: StatesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get(id: string): AuthState | undefined {
    return this.states.get(id);
  }

  all(): ReadonlyMap<string, AuthState> {
    return this.states;
  }

  private get platform(): NodeJS.Platform {
    return this.deps.platform ?? process.platform;
  }

  /**
   * Takes a recorded check (check-records.ts) that is newer than what this monitor knows and about
   * the profile's current state: the last check, whoever ran it. True when it took one.
   */
  private adopt(p: Profile, records: ReturnType<typeof readChecks>, now: number): boolean {
    const entry = records[p.id];
    if (!entry || entry.state.lastCheckedAt <= (this.states.get(p.id)?.lastCheckedAt ?? 0)) return false;
    const offline = offlineState(p, this.deps.store, this.deps.env, now, this.platform);
    const s = recordedState(entry, p, offline, this.deps.env, this.platform, now);
    if (!s) return false;
    this.set(s);
    return true;
  }

  /** Another process recorded a check: show it, and count the next static-key check from it. */
  private recordsChanged(): void {
    const records = readChecks(this.deps.dataDir);
    const now = this.deps.clock.now();
    let changed = false;
    for (const p of this.profiles) {
      const m = monitoringOf(p, this.deps.env);
      if (m.how === 'files' || !this.adopt(p, records, now)) continue;
      changed = true;
      if (m.how === 'static-key')
        this.scheduler.schedule(p.id, this.states.get(p.id)!.lastCheckedAt + m.check.intervalMs);
    }
    if (changed) this.emit();
  }

  /** Loads profiles and starts watching; call again when profiles.json changed. */
  reload(): void {
    this.profiles = this.profileStore.load().profiles;
    const records = readChecks(this.deps.dataDir);
    const ids = new Set(this.profiles.map((p) => p.id));
    for (const id of [...this.states.keys()]) {
      if (!ids.has(id)) {
        this.states.delete(id);
        this.scheduler.remove(id);
      }
    }
    const now = this.deps.clock.now();
    for (const p of this.profiles) {
      const m = monitoringOf(p, this.deps.env);
      const adopted = m.how !== 'files' && this.adopt(p, records, now);
      if (m.how === 'helper') {
        const cached = readConfirmedKey(this.deps.store, this.deps.dataDir, p.id, now);
        // Dated over the skew ahead (the clock set back since it was written): due now, as isFresh has it
        // for Claude Code's own requests, rather than shown good and looked at again only after that date.
        const c = cached && !aheadOfClock(cached.fetchedAt, now) ? cached : undefined;
        const ttl = helperTtlMs(m.helper, this.deps.env);
        if (c && !adopted) this.set(helperState(p, c.fetchedAt, ttl, now, maskSecret(c.key)));
        this.scheduler.schedule(p.id, c ? c.fetchedAt + ttl - earlyMarginMs(ttl) : now);
      } else if (m.how === 'static-key') {
        const last = this.states.get(p.id)?.lastCheckedAt;
        this.scheduler.schedule(p.id, last ? last + m.check.intervalMs : now);
      } else if (m.how === 'credential-command') {
        // Run like Claude Code (or its AWS SDK) runs it: at once, then a little before the credentials expire.
        const changed = this.noteCommand(p.id, m.command);
        if (changed) this.set(offlineState(p, this.deps.store, this.deps.env, now, this.deps.platform));
        this.scheduler.schedule(p.id, changed ? now : (this.scheduler.dueAt(p.id) ?? now));
      } else if (m.how === 'login-check') {
        // Checked at once, then every interval and on every change of its files. A reload (profiles.json
        // changed, e.g. a switch) keeps that rhythm and the last verdict instead of asking again.
        if (!this.states.has(p.id)) this.set(offlineState(p, this.deps.store, this.deps.env, now, this.deps.platform));
        this.scheduler.schedule(p.id, this.scheduler.dueAt(p.id) ?? now);
      } else {
        this.recompute(p);
      }
    }
    this.watch();
    if (!this.stopped)
      this.recordWatch ??= new FileWatcher(
        [checksPath(this.deps.dataDir)],
        () => this.recordsChanged(),
        this.deps.clock,
      );
    this.emit();
  }

  /** Runs a refresh (helper) or a check (static key) now; concurrent calls share one run. */
  refresh(id: string, reason: RefreshReason = 'manual'): Promise<RefreshOutcome> {
    return this.scheduler.trigger(id, reason);
  }

  stop(): void {
    this.stopped = true;
    this.scheduler.stop();
    this.watcher?.dispose();
    this.watcher = undefined;
    this.recordWatch?.dispose();
    this.recordWatch = undefined;
    this.listeners.clear();
  }

  /** The credential files the profiles depend on (which ones can change with ~/.aws/config itself). */
  private watchedFiles(): string[] {
    const files = new Set<string>();
    for (const p of this.profiles)
      coreOf(p.kind)
        .watchedFiles(p, this.deps.env, this.platform)
        .forEach((f) => files.add(f));
    return [...files].sort();
  }

  private watch(): void {
    this.watcher?.dispose();
    const files = this.watchedFiles();
    const key = files.join('\n');
    this.watcher = files.length
      ? new FileWatcher(
          files,
          () => {
            for (const p of this.profiles.filter(expiresAsSession)) {
              const m = monitoringOf(p, this.deps.env);
              if (m.how === 'login-check') void this.scheduler.trigger(p.id, 'file-changed');
              else if (m.how === 'credential-command') {
                // ~/.aws/config gave the profile a (new) credential_process: run it now.
                if (this.noteCommand(p.id, m.command)) void this.scheduler.trigger(p.id, 'file-changed');
              } else {
                this.exportCommands.delete(p.id);
                this.recompute(p, true);
              }
            }
            // e.g. `aws configure sso` added a session: its token cache is a new file to follow.
            if (this.watchedFiles().join('\n') !== key) this.watch();
          },
          this.deps.clock,
        )
      : undefined;
  }

  /** File-based states, re-evaluated on file change and again when the next threshold passes. */
  private recompute(p: Profile, emit = false): void {
    const now = this.deps.clock.now();
    const s = offlineState(p, this.deps.store, this.deps.env, now, this.deps.platform);
    const before = this.states.get(p.id);
    this.set(s);
    // Wake up when the state would change by time alone: entering the expiring window, then expiry.
    this.scheduler.schedule(p.id, nextThreshold(s, now));
    // A watch event of a folder with other files too: tell only when the state changed.
    if (emit && !sameState(before, s)) this.emit();
  }

  /** Checks a profile (profile-check.ts, shared with CLI `refresh`), records and publishes the result. */
  private async refreshProfile(id: string): Promise<RefreshOutcome> {
    const p = this.profiles.find((x) => x.id === id);
    if (!p) return { ok: true };
    if (monitoringOf(p, this.deps.env).how === 'files') {
      this.recompute(p, true);
      const due = this.scheduler.dueAt(id);
      return { ok: true, ...(due !== undefined ? { nextDueAt: due } : {}) };
    }
    const r = await checkProfile(p, this.checkContext(), this.states.get(id));
    if (r.helper?.ranHelper) this.helperRuns++;
    this.set(r.state);
    recordCheck(this.deps.dataDir, p, r.state, this.deps.env, this.platform, new Set(this.profiles.map((x) => x.id)));
    this.emit();
    return r.outcome;
  }

  /** Records the command a profile runs now; true when it differs from the last one (run it at once). */
  private noteCommand(id: string, cmd: CredentialCommand): boolean {
    const key = `${cmd.format}:${cmd.command}`;
    const changed = this.exportCommands.get(id) !== key;
    this.exportCommands.set(id, key);
    return changed;
  }

  /** What a provider's live check may use: this monitor's clock, fetch and test endpoints. */
  private checkContext(): ProfileCheckContext {
    return {
      dataDir: this.deps.dataDir,
      store: this.deps.store,
      env: this.deps.env,
      now: () => this.deps.clock.now(),
      ...(this.deps.platform ? { platform: this.deps.platform } : {}),
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.apiBaseUrl ? { apiBaseUrl: this.deps.apiBaseUrl } : {}),
      ...(this.deps.googleTokenUrl ? { googleTokenUrl: this.deps.googleTokenUrl } : {}),
    };
  }

  private set(s: AuthState): void {
    this.states.set(s.profileId, s);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.states);
  }
}

/** The same state but for when it was computed. */
function sameState(a: AuthState | undefined, b: AuthState): boolean {
  if (!a) return false;
  const { lastCheckedAt: _a, ...x } = a;
  const { lastCheckedAt: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}
