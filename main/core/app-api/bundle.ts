import { assertNameFree } from '../profile-store';
import { bundleToProfile, exportBundle, parseBundle } from '../team/bundle';
import { previewBundle } from '../team/bundle-preview';
import type { HandlerContext, HandlersOf } from './context';

/** Team bundles: export a profile without its secret, preview and import one. */
export function bundleHandlers(c: HandlerContext): HandlersOf<'bundle:export' | 'bundle:preview' | 'bundle:import'> {
  const { svc } = c;
  return {
    'bundle:export': async (id) => {
      const p = svc.profiles.find(id);
      return { text: JSON.stringify(exportBundle(p), null, 2) + '\n', fileName: `${p.id}.claude-auth-tray.json` };
    },
    'bundle:preview': async ({ text }) => previewBundle(parseBundle(text)),
    'bundle:import': async ({ text, name, allowCommand }) => {
      const input = bundleToProfile(parseBundle(text), name, { allowCommand: Boolean(allowCommand) });
      assertNameFree(svc.list(), input.name);
      await c.commands.check(undefined, input, 'bundle');
      const p = svc.add(input, undefined, { secretLater: true });
      c.monitor.reload();
      return c.view(p);
    },
  };
}
