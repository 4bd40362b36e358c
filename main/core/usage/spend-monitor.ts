import { isAdminKey, providerOf } from '../../../common/providers';
import type { SpendView } from '../../../common/usage';
import type { Clock, TimerHandle } from '../clock';
import { appDataDir, type Env } from '../paths';
import type { ProfileService } from '../profile-service';
import { adminApiFor } from '../team/admin-profile';
import { readSpend, SPEND_REFRESH_MS, spendFor, spendForKey } from './spend';

/**
 * The tray's spend lines: for each Admin-key profile, its organisation's cost report at most hourly;
 * then which API-key profiles belong to that organisation (their key against the organisation's key
 * hints — the keychain is read once per refresh, never kept).
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
      // Profiles whose keychain item is the API key itself (a helper's key is not this app's to read).
      for (const p of f.profiles.filter((x) => providerOf(x.kind).traits.helperServes === 'keychain-key')) {
        let key: string | undefined;
        try {
          key = this.svc.secrets.get(p.id);
        } catch {
          key = undefined;
        }
        const s = spendForKey(key, records);
        if (s) next.set(p.id, s);
      }
    }
    this.byProfile = next;
    this.timer = this.clock.setTimeout(() => void this.refresh(), SPEND_REFRESH_MS);
    this.onChange();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
