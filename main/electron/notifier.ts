/** Notification adapter: shows a notice, and clicking it opens the window on the profile. */
import type { NotificationConstructorOptions } from 'electron';
import type { Notifier } from '../core/notification-center';
import type { Notice } from '../core/notification-policy';

export interface NotificationPort {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}
export type NotificationCtor = new (opts: NotificationConstructorOptions) => NotificationPort;

/** What a notification shows: an expiry warning, a tray action that failed, a link no browser opened. */
export type NoticeText = Pick<Notice, 'key' | 'title' | 'body'>;

/**
 * The body as the platform reads it. Linux: Electron passes it to libnotify unchanged and the
 * freedesktop notification spec reads a body as markup (`<a href>`, `<b>`; a bare `&` or `<` makes
 * strict daemons drop the text), so the three markup characters are escaped. The summary (title) is
 * plain text by the spec; macOS and Windows show plain text.
 */
export function notificationBody(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body;
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class ElectronNotifier implements Notifier {
  /** Kept referenced until clicked or replaced, or the click handler may be collected. */
  private readonly live = new Map<string, NotificationPort>();
  constructor(
    private readonly Ctor: NotificationCtor,
    private readonly supported: () => boolean,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}
  show(n: NoticeText, onClick: () => void): void {
    if (!this.supported()) return;
    const note = new this.Ctor({
      title: n.title,
      body: notificationBody(n.body, this.platform),
      silent: false,
    });
    note.on('click', () => {
      this.live.delete(n.key);
      onClick();
    });
    this.live.set(n.key, note);
    note.show();
  }
}
