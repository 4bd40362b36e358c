import type { AuthState } from '../../common/auth-state';
import { isAppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { maskSecret } from '../../common/redact';
import type { Clock } from './clock';
import { awsFilesFor } from './expiry/aws';
import { loginReadEnv } from './accounts/account-env';
import { credentialsFile } from './expiry/claude-login';
import { EXPIRING_WINDOW_MS } from './expiry/expiry-state';
import { checkCredentialCommand, credentialCommandOf } from './expiry/aws-export';
import { adcFile, checkVertexAdc } from './expiry/gcloud-adc';
import { offlineState } from './offline-state';
import { FileWatcher } from './file-watch';
import { readCachedKey } from './helper-cache';
import { refreshHelperKey } from './helper-refresh';
import { checkKey, type FetchLike, type KeyCheck } from './key-validation';
import type { Env } from './paths';
import { ProfileStore } from './profile-store';
import { earlyMarginMs, RefreshScheduler, type RefreshOutcome, type RefreshReason } from './scheduler';
import { resolveHelperTtl } from './ttl';
import type { SecretStore } from './vault';

export const STATIC_KEY_CHECK_INTERVAL_MS = 60 * 60_000;
/** How often a Vertex profile's Application Default Credentials are tried against Google's token endpoint. */
export const ADC_CHECK_INTERVAL_MS = 30 * 60_000;

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
      if (p.kind === 'api-key-helper') {
        const c = readCachedKey(this.deps.store, p.id);
        const ttl = resolveHelperTtl(p.ttlMs, this.deps.env).ms;
        if (c) this.set(this.helperState(p, c.fetchedAt, ttl, now, maskSecret(c.key)));
        this.scheduler.schedule(p.id, c ? c.fetchedAt + ttl - earlyMarginMs(ttl) : now);
      } else if (p.kind === 'anthropic-api-key') {
        this.scheduler.schedule(
          p.id,
          this.states.get(p.id)?.lastCheckedAt
            ? this.states.get(p.id)!.lastCheckedAt + STATIC_KEY_CHECK_INTERVAL_MS
            : now,
        );
      } else if (credentialCommandOf(p, this.deps.env)) {
        // Run like Claude Code (or its AWS SDK) runs it: at once, then a little before the credentials expire.
        const changed = this.noteCommand(p);
        if (changed) this.set(offlineState(p, this.deps.store, this.deps.env, now, this.deps.platform));
        this.scheduler.schedule(p.id, changed ? now : (this.scheduler.dueAt(p.id) ?? now));
      } else if (p.kind === 'vertex') {
        // Checked at once, then every 30 min and on every change of the ADC file. A reload (profiles.json
        // changed, e.g. a switch) keeps that rhythm and the last verdict instead of asking Google again.
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
    for (const p of this.profiles) {
      if (p.kind === 'claude-ai') files.add(credentialsFile(loginReadEnv(p, this.deps.env)));
      if (p.kind === 'bedrock' && p.authMode !== 'api-key' && p.authMode !== 'credential-export')
        awsFilesFor(p.awsProfile, this.deps.env).forEach((f) => files.add(f));
      if (p.kind === 'vertex') files.add(adcFile(this.deps.env, this.deps.platform));
    }
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
            for (const p of this.profiles.filter(isFileBased)) {
              if (p.kind === 'vertex') void this.scheduler.trigger(p.id, 'file-changed');
              else if (credentialCommandOf(p, this.deps.env)) {
                // ~/.aws/config gave the profile a (new) credential_process: run it now.
                if (this.noteCommand(p)) void this.scheduler.trigger(p.id, 'file-changed');
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
    if (p.kind === 'api-key-helper') {
      const ttl = resolveHelperTtl(p.ttlMs, this.deps.env).ms;
      const runOnce = async (): Promise<{ key: string; fetchedAt: number }> => {
        const r = await refreshHelperKey(this.deps.store, this.deps.dataDir, p, () => false, { now });
        if (r.ranHelper) this.helperRuns++;
        return { key: r.key, fetchedAt: now() };
      };
      try {
        let got = await runOnce();
        let check = await this.check(got.key, p.baseUrl);
        if (check.verdict === 'invalid') {
          // A 401 right after a run: the helper gave a revoked key; run it once more at once.
          got = await runOnce();
          check = await this.check(got.key, p.baseUrl);
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
            ? { kind: e.kind, message: e.toLine() }
            : { kind: 'io-error', message: 'the helper could not be run' },
          next: 'fix-helper',
          ...(this.states.get(id)?.expiresAt !== undefined ? { expiresAt: this.states.get(id)!.expiresAt! } : {}),
        });
        this.emit();
        return { ok: false };
      }
    }
    if (p.kind === 'anthropic-api-key') {
      const key = this.deps.store.get(p.id);
      if (!key) {
        this.set(offlineState(p, this.deps.store, this.deps.env, now(), this.deps.platform)); // "missing from the keychain"
        this.emit();
        return { ok: true };
      }
      const check = await this.check(key, p.baseUrl);
      this.set(staticKeyState(id, check, maskSecret(key)));
      this.emit();
      if (check.verdict === 'rate-limited')
        return { ok: false, ...(check.retryAfterMs !== undefined ? { retryAfterMs: check.retryAfterMs } : {}) };
      return { ok: true, nextDueAt: now() + STATIC_KEY_CHECK_INTERVAL_MS };
    }
    if (p.kind === 'vertex') return this.checkVertex(p);
    const cmd = credentialCommandOf(p, this.deps.env);
    if (cmd) {
      const s = await checkCredentialCommand(id, cmd, this.deps.env, now);
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
  private noteCommand(p: Profile): boolean {
    const cmd = credentialCommandOf(p, this.deps.env);
    const key = cmd ? `${cmd.format}:${cmd.command}` : undefined;
    const changed = this.exportCommands.get(p.id) !== key;
    this.exportCommands.set(p.id, key);
    return changed;
  }

  /** ADC present → ask Google for a token; a dead login becomes `expired` with "sign in". */
  private async checkVertex(p: Profile): Promise<RefreshOutcome> {
    this.set(
      await checkVertexAdc(p.id, this.deps.env, () => this.deps.clock.now(), {
        ...(this.deps.platform ? { platform: this.deps.platform } : {}),
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
        ...(this.deps.googleTokenUrl ? { tokenUrl: this.deps.googleTokenUrl } : {}),
      }),
    );
    this.emit();
    return { ok: true, nextDueAt: this.deps.clock.now() + ADC_CHECK_INTERVAL_MS };
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

function isFileBased(p: Profile): boolean {
  if (p.kind === 'bedrock' && p.authMode === 'credential-export') return false;
  return p.kind === 'claude-ai' || p.kind === 'bedrock' || p.kind === 'vertex' || p.kind === 'foundry';
}

export function staticKeyState(profileId: string, check: KeyCheck, hint: string): AuthState {
  const base = { profileId, lastCheckedAt: check.checkedAt, hint };
  switch (check.verdict) {
    case 'valid':
      return { ...base, status: 'ok', detail: { kind: 'valid', message: check.message }, next: 'none' };
    case 'invalid':
      return { ...base, status: 'invalid', detail: { kind: 'revoked', message: check.message }, next: 'replace-key' };
    case 'forbidden':
      return {
        ...base,
        status: 'invalid',
        detail: { kind: 'permission', message: check.message },
        next: 'replace-key',
      };
    case 'billing':
      return { ...base, status: 'error', detail: { kind: 'billing', message: check.message }, next: 'open-doctor' };
    case 'org-disabled':
      return {
        ...base,
        status: 'invalid',
        detail: { kind: 'org-disabled', message: check.message },
        next: 'replace-key',
      };
    case 'rate-limited':
      return { ...base, status: 'unknown', detail: { kind: 'rate-limited', message: check.message }, next: 'wait' };
    case 'unknown':
      return { ...base, status: 'unknown', detail: { kind: 'network', message: check.message }, next: 'wait' };
  }
}
