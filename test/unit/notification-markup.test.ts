/**
 * Notifications carry outside text (a profile's name, a helper's error). On Linux Electron hands the
 * body to libnotify as is, and the notification spec reads a body as markup: `<a href>` became a
 * link, `<b>` bold, and a bare `&` or `<` made strict daemons (xfce4-notifyd, notification-daemon)
 * drop the text. The body is escaped there; the title (plain text by the spec) and other platforms'
 * text stay as they are.
 */
import { describe, expect, it } from 'vitest';
import { ElectronNotifier } from '../../main/electron/notifier';
import { NotificationTwin } from '../support/electron-twins';

const hostile = { key: 'k', title: 'R&D <key>', body: 'helper said <a href="https://evil.example">fix</a> & exit 1' };

describe('notification text', () => {
  it('on Linux the body reaches libnotify escaped, the title as is', () => {
    new ElectronNotifier(NotificationTwin as never, () => true, 'linux').show(hostile, () => undefined);
    expect(NotificationTwin.shown.at(-1)!.opts).toMatchObject({
      title: 'R&D <key>',
      body: 'helper said &lt;a href="https://evil.example"&gt;fix&lt;/a&gt; &amp; exit 1',
    });
  });

  it.each(['darwin', 'win32'] as const)('on %s the body is plain text, shown as is', (platform) => {
    new ElectronNotifier(NotificationTwin as never, () => true, platform).show(hostile, () => undefined);
    expect(NotificationTwin.shown.at(-1)!.opts).toMatchObject({ title: hostile.title, body: hostile.body });
  });
});
