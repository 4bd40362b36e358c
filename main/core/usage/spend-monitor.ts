import { isAdminKey, providerOf } from '../../../common/providers';
import type { SpendView } from '../../../common/usage';
import type { Profile } from '../../../common/profile';
import type { Clock, TimerHandle } from '../clock';
import { readCachedKey } from '../helper-cache';
import { appDataDir, type Env } from '../paths';
import type { ProfileService } from '../profile-service';
import { adminApiFor } from '../team/admin-profile';
import { readSpend, SPEND_REFRESH_MS, spendFor, spendForKey } from './spend';

/**
 * The tray's spend lines: for each Admin-key profile, its organisation's cost report at most hourly;
 * then which API-key profiles belong to that organisation (their key against the organisation's key
 * hints — the keychain is read once per refresh, never kept).
 *
 * A key helper profile (ours runs the user's helper command) is told by the key its helper gave last:
 * the helper cache keeps it in the profile's keychain item anyway (helper-cache.ts), so this stores
 * nothing new. One that has not run yet, or whose helper returns a key of no listed organisation,
 * shows no spend: nothing else ties it to one. A user's own apiKeyHelper outside any profile is
 * never run or read by the app.
 */
export class SpendMonitor {
  private timer: TimerHandle | undefined;
  private byProfile = new Map<string, SpendView>();
  private stopped = false;

  constructor(
    private readonly svc: ProfileService,
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    void this.refresh();
  }

  of(profileId: string): SpendView | undefined {
    return this.byProfile.get(profileId);
  }

  async refresh(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const dataDir = appDataDir(this.env);
    const f = this.svc.list();
    for (const admin of f.profiles.filter(isAdminKey)) {
      try {
        await spendFor(admin.id, adminApiFor(this.svc, admin.id, this.env), dataDir, this.clock.now());
      } catch {
        // offline, key revoked, no billing access: the last report (if any) stays, with its age
      }
    }
    if (this.stopped) return;
    const records = readSpend(dataDir);
    const next = new Map<string, SpendView>();
    if (Object.keys(records).length) {
      for (const p of f.profiles) {
        const s = spendForKey(this.keyOf(p), records);
        if (s) next.set(p.id, s);
      }
    }
    this.byProfile = next;
    this.timer = this.clock.setTimeout(() => void this.refresh(), SPEND_REFRESH_MS);
    this.onChange();
  }

  /** The API key a profile serves Claude Code, as this app keeps it: the key itself, or a helper's last. */
  private keyOf(p: Profile): string | undefined {
    const serves = providerOf(p.kind).traits.helperServes;
    try {
      if (serves === 'keychain-key') return this.svc.secrets.get(p.id);
      if (serves === 'helper-key') return readCachedKey(this.svc.secrets, p.id)?.key;
    } catch {
      // keychain locked or unavailable: no spend line this time
    }
    return undefined;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
