/** Notification adapter: shows a notice, and clicking it opens the window on the profile. */
import type { NotificationConstructorOptions } from 'electron';
import type { Notifier } from '../core/notification-center';
import type { Notice } from '../core/notification-policy';
import type { TrayNotice } from '../core/tray-actions';

export interface NotificationPort {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}
export type NotificationCtor = new (opts: NotificationConstructorOptions) => NotificationPort;

export class ElectronNotifier implements Notifier {
  /** Kept referenced until clicked or replaced, or the click handler may be collected. */
  private readonly live = new Map<string, NotificationPort>();
  constructor(
    private readonly Ctor: NotificationCtor,
    private readonly supported: () => boolean,
  ) {}
  /** Shows a notice: an expiry warning from the policy, or a tray action that failed. */
  show(n: Notice | TrayNotice, onClick: () => void): void {
    if (!this.supported()) return;
    const note = new this.Ctor({ title: n.title, body: n.body, silent: false });
    note.on('click', () => {
      this.live.delete(n.key);
      onClick();
    });
    this.live.set(n.key, note);
    note.show();
  }
}
