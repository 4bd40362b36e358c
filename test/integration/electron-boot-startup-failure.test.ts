/**
 * The built main bundle under the recording fake electron (test/support/fake-electron.cjs), with a
 * tray that cannot be created: an exception while starting (main/index.ts) must be an error box and
 * one redacted log line, then the process ends (a tray app without its tray would be an invisible
 * process holding the single-instance lock).
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBundle, bootMain, type BootedMain } from '../support/boot-main';
import { canaryKey, sandbox, type Sandbox } from '../support/cli';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('an exception while starting', () => {
  let sb: Sandbox;
  let main: BootedMain;
  const secret = canaryKey('STARTUP');
  beforeAll(() => {
    assertFreshBundle();
    sb = sandbox({
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true',
      FAKE_ELECTRON_FAIL: 'Tray',
      // An error text that carries a secret, as a library's message might: it must not reach the log.
      FAKE_ELECTRON_FAIL_MESSAGE: `no status notifier host (session token ${secret})`,
    });
    main = bootMain(sb.env, path.join(sb.home, 'electron-calls.jsonl'));
  });
  afterAll(() => {
    main?.kill();
    sb?.cleanup();
  });

  it('is an error box and one log line without the secret, and the process ends', async () => {
    await main.until('whenReady', () => main.calls('app.whenReady').length === 1);
    void main.send({ cmd: 'ready' }).catch(() => undefined); // the process may end before it answers
    const exit = await Promise.race([main.exited, sleep(5_000).then(() => undefined)]);
    expect(exit).toMatchObject({ code: 1 });
    const shown = main.calls('dialog.showErrorBox').map((e) => e.args);
    expect(shown).toEqual([
      ['Claude Auth Tray could not start', expect.stringContaining('no status notifier host (session token sk-ant-…')],
    ]);
    expect(JSON.stringify(shown)).not.toContain(secret);
    const lines = main.stderr().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^claude-auth-tray: Claude Auth Tray could not start: no status/)]);
    expect(main.stderr()).not.toContain(secret);
  });
});
