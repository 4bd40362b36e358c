/**
 * A private gnome-keyring for one test file that is also this process's session bus while the file
 * runs (the native store, used in-process, finds it there), restored afterwards. Vitest-only (it
 * registers the file's beforeAll/afterAll): Playwright specs import keyring.ts, not this.
 */
import { afterAll, beforeAll } from 'vitest';
import { startKeyring, type PrivateKeyring } from './keyring';

export function keyringInProcess(): { readonly env: NodeJS.ProcessEnv } {
  let kr: PrivateKeyring | undefined;
  let saved: string | undefined;
  beforeAll(async () => {
    kr = await startKeyring();
    saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    await kr?.stop();
  });
  return {
    get env(): NodeJS.ProcessEnv {
      return kr!.env;
    },
  };
}
