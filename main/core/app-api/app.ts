import { forWindow } from '../../../common/errors';
import { runDoctorAsync } from '../doctor';
import { fixPlaintextApiKey } from '../doctor-fix';
import { doctorReport } from '../doctor-report';
import { isAllowedExternal } from '../external-links';
import { setStatusLine } from '../usage/status-line-switch';
import type { HandlerContext, HandlersOf } from './context';

type AppChannels =
  'app:snapshot' | 'doctor:run' | 'doctor:fix' | 'settings:get' | 'settings:set' | 'shell:open-external';

/** The app itself: its snapshot, the doctor, its settings, links to open. */
export function appHandlers(c: HandlerContext): HandlersOf<AppChannels> {
  const { svc, deps } = c;
  return {
    'app:snapshot': async () => c.snapshot(),
    // The window's words for each fix (issue 17): no command of the CLI.
    'doctor:run': async () =>
      (
        await doctorReport(svc.list(), deps.store, deps.env, deps.cwd, (active) =>
          runDoctorAsync(deps.env, deps.cwd, active),
        )
      ).map(forWindow),
    'doctor:fix': async ({ file }) => {
      const r = fixPlaintextApiKey(svc, deps.env, deps.cwd, file);
      c.monitor.reload();
      await c.askClaude();
      return r;
    },
    'settings:get': async () => c.settings.load(),
    'settings:set': async (s) => {
      const before = c.settings.load();
      const saved = c.settings.save(s);
      if (before.startAtLogin !== saved.startAtLogin) deps.setStartAtLogin?.(saved.startAtLogin);
      // The status line switch goes through the settings bridge like `statusline on|off`.
      if ((before.statusLine === true) !== (saved.statusLine === true)) {
        try {
          setStatusLine(svc, saved.statusLine === true);
        } catch (e) {
          c.settings.save({ ...saved, statusLine: before.statusLine === true });
          throw e;
        }
      }
      c.publish();
      return saved;
    },
    'shell:open-external': async (url) => {
      if (!isAllowedExternal(url)) return false;
      await deps.openExternal?.(url);
      return true;
    },
  };
}
