import * as path from 'node:path';
import { renewsItself } from '../../common/providers';
import type { AuthState } from '../../common/auth-state';
import type { Snapshot } from '../../common/ipc-contract';
import { readFileIfExists, writeFileAtomic } from './atomic-write';
import type { Clock } from './clock';
import { notificationPolicy, pruneSent, type Notice } from './notification-policy';
import { appDataDir, type Env } from './paths';
import { DEFAULT_USAGE_THRESHOLDS_PCT } from '../../common/app-settings';
import { usageNotices } from './usage/usage-notices';
import { billingOf } from '../../common/providers';

/** The notification port (Electron's Notification in the app, a twin in tests). */
export interface Notifier {
  show(n: Notice, onClick: () => void): void;
}

/**
 * Feeds every snapshot through the notification policy and shows what it decides. The sent set is
 * persisted (notifications-sent.json), so a restart does not repeat a notification.
 */
export class NotificationCenter {
  private readonly file: string;
  private sent: Set<string>;
  private readonly prev = new Map<string, AuthState>();

  constructor(
    env: Env,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly failures: (profileId: string) => number,
    private readonly onOpen: (n: Notice) => void,
  ) {
    this.file = path.join(appDataDir(env), 'notifications-sent.json');
    this.sent = this.load();
  }

  private load(): Set<string> {
    try {
      const v = JSON.parse(readFileIfExists(this.file) ?? '[]') as unknown;
      return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }

  update(s: Snapshot): readonly Notice[] {
    const now = this.clock.now();
    const shown: Notice[] = [];
    let sent: ReadonlySet<string> = this.sent;
    for (const v of s.profiles) {
      const out = notificationPolicy({
        profile: {
          id: v.profile.id,
          name: v.profile.name,
          kind: v.profile.kind,
          active: v.active,
          muted: s.settings.mutedProfiles.includes(v.profile.id),
          renewsItself: renewsItself(v.profile),
        },
        prev: this.prev.get(v.profile.id),
        next: v.state,
        sent,
        now,
        thresholdsMin: s.settings.notifyThresholdsMin,
        consecutiveFailures: this.failures(v.profile.id),
      });
      sent = out.sent;
      this.prev.set(v.profile.id, v.state);
      const usage =
        billingOf(v.profile) === 'subscription'
          ? usageNotices({
              profile: {
                id: v.profile.id,
                name: v.profile.name,
                muted: s.settings.mutedProfiles.includes(v.profile.id),
              },
              usage: v.usage,
              sent,
              now,
              thresholdsPct: s.settings.usageThresholdsPct ?? DEFAULT_USAGE_THRESHOLDS_PCT,
            })
          : undefined;
      if (usage) sent = usage.sent;
      for (const n of [...out.notices, ...(usage?.notices ?? [])]) {
        this.notifier.show(n, () => this.onOpen(n));
        shown.push(n);
      }
    }
    const pruned = pruneSent(sent, now);
    if (JSON.stringify([...pruned]) !== JSON.stringify([...this.sent])) {
      this.sent = pruned;
      writeFileAtomic(this.file, JSON.stringify([...pruned]) + '\n');
    }
    return shown;
  }
}
