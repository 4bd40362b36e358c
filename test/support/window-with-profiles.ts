/**
 * The real window core behind the bridge, started on a profiles.json written by hand (a real
 * Secret Service, a sandbox home): for browser specs about what outside text does to the window.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBridge, type Bridge } from './bridge-server';
import { CLI, ROOT, sandbox } from './cli';
import { coreApp } from './core-app';
import { startKeyring } from './keyring';

export interface WindowWithProfiles {
  readonly bridge: Bridge;
  stop(): Promise<void>;
}

/** `profiles(home, at)` gives the file's profiles (at: an ISO time for createdAt). */
export async function windowWithProfiles(
  profiles: (home: string, at: string) => readonly object[],
  activeProfileId?: string,
): Promise<WindowWithProfiles> {
  const kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  const sb = sandbox();
  fs.mkdirSync(sb.appDir, { recursive: true });
  fs.writeFileSync(
    path.join(sb.appDir, 'profiles.json'),
    JSON.stringify({
      version: 1,
      ...(activeProfileId ? { activeProfileId } : {}),
      profiles: profiles(sb.home, new Date().toISOString()),
    }),
  );
  const app = coreApp({ ...sb.env, ...kr.env }, sb.home, {}, CLI);
  app.start();
  const bridge = await startBridge(app, path.join(ROOT, 'dist', 'renderer'));
  return {
    bridge,
    async stop() {
      await bridge.close();
      app.stop();
      sb.cleanup();
      await kr.stop();
    },
  };
}
