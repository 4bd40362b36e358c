import type { AuthState } from '../../common/auth-state';
import { isAppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import type { Clock } from './clock';
import { expiresAsSession } from '../../common/providers';
import { EXPIRING_WINDOW_MS } from './expiry/expiry-state';
import { checkCredentialCommand, type CredentialCommand } from './expiry/aws-export';
import { offlineState } from './offline-state';
import { FileWatcher } from './file-watch';
import { readCachedKey } from './helper-cache';
import { refreshHelperKey } from './helper-refresh';
import { checkKey, type FetchLike, type KeyCheck } from './key-validation';
import type { Env } from './paths';
import { ProfileStore } from './profile-store';
import { coreOf, monitoringOf, type CheckContext } from './providers';
import { earlyMarginMs, RefreshScheduler, type RefreshOutcome, type RefreshReason } from './scheduler';
import { resolveHelperTtl } from './ttl';
import type { SecretStore } from './vault';

export { staticKeyState } from './key-state';

/**
 * When to run a credential export command again: 5 minutes before its credentials expire (when
 * Claude Code would), at most an hour out, at least a minute out.
 */
export function nextExportRun(expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return now + 60 * 60_000;
  return Math.max(now + 60_000, Math.min(expiresAt - 5 * 60_000, now + 60 * 60_000));
}

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

  /** Loads profiles and starts watching; call again when profiles.json changed. */
  reload(): void {
    this.profiles = this.profileStore.load().profiles;
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
      if (m.how === 'helper') {
        const c = readCachedKey(this.deps.store, p.id);
        const ttl = this.helperTtl(m.helper);
        if (c) this.set(this.helperState(p, c.fetchedAt, ttl, now, maskSecret(c.key)));
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
    this.emit();
  }

  /** Runs a refresh (helper) or a check (static key) now; concurrent calls share one run. */
  refresh(id: string, reason: RefreshReason = 'manual'): Promise<RefreshOutcome> {
    return this.scheduler.trigger(id, reason);
  }

  stop(): void {
    this.scheduler.stop();
    this.watcher?.dispose();
    this.watcher = undefined;
    this.listeners.clear();
  }

  /** The credential files the profiles depend on (which ones can change with ~/.aws/config itself). */
  private watchedFiles(): string[] {
    const files = new Set<string>();
    const platform = this.deps.platform ?? process.platform;
    for (const p of this.profiles)
      coreOf(p.kind)
        .watchedFiles(p, this.deps.env, platform)
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
    this.set(s);
    // Wake up when the state would change by time alone: entering the expiring window, then expiry.
    const e = s.expiresAt;
    this.scheduler.schedule(
      p.id,
      e === undefined ? undefined : e - EXPIRING_WINDOW_MS > now ? e - EXPIRING_WINDOW_MS : e > now ? e : undefined,
    );
    if (emit) this.emit();
  }

  private helperState(
    p: Profile,
    fetchedAt: number,
    ttl: number,
    now: number,
    hint: string,
    check?: KeyCheck,
  ): AuthState {
    const expiresAt = fetchedAt + ttl;
    const base = { profileId: p.id, expiresAt, lastCheckedAt: now, hint };
    if (check?.verdict === 'invalid')
      return { ...base, status: 'invalid', detail: { kind: 'revoked', message: check.message }, next: 'fix-helper' };
    if (expiresAt <= now)
      return {
        ...base,
        status: 'expired',
        detail: { kind: 'cached', message: 'the cached key is older than its TTL' },
        next: 'refresh',
      };
    return {
      ...base,
      status: 'ok',
      detail: {
        kind: check?.verdict === 'valid' ? 'valid' : 'cached',
        message: check?.message ?? 'key from the helper',
      },
      next: 'none',
    };
  }

  private async refreshProfile(id: string): Promise<RefreshOutcome> {
    const p = this.profiles.find((x) => x.id === id);
    if (!p) return { ok: true };
    const now = (): number => this.deps.clock.now();
    const m = monitoringOf(p, this.deps.env);
    if (m.how === 'helper') {
      const helper = m.helper;
      const ttl = this.helperTtl(helper);
      const runOnce = async (): Promise<{ key: string; fetchedAt: number }> => {
        const r = await refreshHelperKey(this.deps.store, this.deps.dataDir, helper, () => false, { now });
        if (r.ranHelper) this.helperRuns++;
        return { key: r.key, fetchedAt: now() };
      };
      try {
        let got = await runOnce();
        let check = await this.check(got.key, helper.baseUrl);
        if (check.verdict === 'invalid') {
          // A 401 right after a run: the helper gave a revoked key; run it once more at once.
          got = await runOnce();
          check = await this.check(got.key, helper.baseUrl);
        }
        this.set(this.helperState(p, got.fetchedAt, ttl, now(), maskSecret(got.key), check));
        this.emit();
        if (check.verdict === 'invalid') return { ok: false };
        return { ok: true, nextDueAt: got.fetchedAt + ttl - earlyMarginMs(ttl) };
      } catch (e) {
        this.set({
          profileId: id,
          status: 'error',
          lastCheckedAt: now(),
          detail: isAppError(e)
            ? { kind: e.kind, message: e.commonLine() }
            : { kind: 'io-error', message: 'the helper could not be run' },
          next: 'fix-helper',
          ...(this.states.get(id)?.expiresAt !== undefined ? { expiresAt: this.states.get(id)!.expiresAt! } : {}),
        });
        this.emit();
        return { ok: false };
      }
    }
    if (m.how === 'static-key' || m.how === 'login-check') {
      const { state, outcome } = await m.check.run(p, this.checkContext());
      this.set(state);
      this.emit();
      return outcome;
    }
    if (m.how === 'credential-command') {
      const s = await checkCredentialCommand(id, m.command, this.deps.env, now);
      this.set(s);
      this.emit();
      // A failed run backs off; a run that printed credentials is due again a little before they expire.
      if (s.status === 'error') return { ok: false };
      return { ok: true, nextDueAt: nextExportRun(s.expiresAt, s.lastCheckedAt) };
    }
    this.recompute(p, true);
    return { ok: true, ...(this.scheduler.dueAt(id) !== undefined ? { nextDueAt: this.scheduler.dueAt(id)! } : {}) };
  }

  /** Records the command a profile runs now; true when it differs from the last one (run it at once). */
  private noteCommand(id: string, cmd: CredentialCommand): boolean {
    const key = `${cmd.format}:${cmd.command}`;
    const changed = this.exportCommands.get(id) !== key;
    this.exportCommands.set(id, key);
    return changed;
  }

  /** What a provider's live check may use: this monitor's clock, fetch and test endpoints. */
  private checkContext(): CheckContext {
    return {
      store: this.deps.store,
      env: this.deps.env,
      now: () => this.deps.clock.now(),
      ...(this.deps.platform ? { platform: this.deps.platform } : {}),
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.apiBaseUrl ? { apiBaseUrl: this.deps.apiBaseUrl } : {}),
      ...(this.deps.googleTokenUrl ? { googleTokenUrl: this.deps.googleTokenUrl } : {}),
    };
  }

  private helperTtl(p: Profile & { kind: 'api-key-helper' }): number {
    return resolveHelperTtl(p.ttlMs, this.deps.env).ms;
  }

  private check(key: string, baseUrl: string | undefined): Promise<KeyCheck> {
    return checkKey(key, {
      baseUrl: baseUrl ?? this.deps.apiBaseUrl,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      now: () => this.deps.clock.now(),
    });
  }

  private set(s: AuthState): void {
    this.states.set(s.profileId, s);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.states);
  }
}
