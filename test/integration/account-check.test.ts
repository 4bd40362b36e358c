/**
 * `status` notices when Claude Code would not use the active account's folder. The real Claude Code
 * 2.1.197 honours CLAUDE_SECURESTORAGE_CONFIG_DIR (no warning); a `claude` that ignores it — as a
 * future version might — is played by a script answering `auth status` from the default login only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, sandbox, type Sandbox } from '../support/cli';
import { coreApp } from '../support/core-app';
import { login, plantLogin, realClaudeEnv } from '../support/claude-accounts';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
});

async function world(): Promise<NodeJS.ProcessEnv> {
  kr = await startKeyring();
  sb = sandbox();
  const env = {
    ...sb.env,
    ...kr.env,
    ...realClaudeEnv(),
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  };
  plantLogin(login('DEF', 'pro'), sb.claudeDir);
  plantLogin(login('WORK', 'team'), path.join(sb.home, 'work'));
  expect(cli(['add', 'claude-ai', '--name', 'Work', '--from-config-dir', path.join(sb.home, 'work')], env).code).toBe(
    0,
  );
  expect(cli(['use', 'Work'], env).code).toBe(0);
  return env;
}

describe('status and the storage folder', () => {
  it('the real Claude Code follows the folder: status confirms the account, no warning', async () => {
    const env = await world();
    const s = JSON.parse(cli(['status', '--json'], env).stdout);
    expect(s.claudeCode).toMatchObject({ loggedIn: true, authMethod: 'claude.ai', subscriptionType: 'team' });
    expect(s.warnings).toEqual([]);
  });

  it('a Claude Code that ignores CLAUDE_SECURESTORAGE_CONFIG_DIR is reported by status', async () => {
    const env = await world();
    // Answers every `auth status` with the default login, wherever the settings point.
    const fake = path.join(sb!.home, 'old-claude');
    fs.writeFileSync(
      fake,
      `#!/bin/sh\necho '{"loggedIn":true,"authMethod":"claude.ai","apiProvider":"firstParty","subscriptionType":"pro"}'\n`,
      { mode: 0o755 },
    );
    const s = JSON.parse(cli(['status', '--json'], { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake }).stdout);
    expect(s.warnings[0]).toMatchObject({
      kind: 'claude-code-mismatch',
      message: expect.stringContaining('no longer follows CLAUDE_SECURESTORAGE_CONFIG_DIR'),
    });
    const doctor = cli(['doctor'], { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake });
    expect(doctor.code).toBe(4);
    expect(doctor.stdout).toContain('no longer follows CLAUDE_SECURESTORAGE_CONFIG_DIR');
    // The window's Doctor lists the same finding (one doctor report for both).
    const app = coreApp({ ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake }, sb!.home);
    const windowFindings = await app.handlers['doctor:run'](undefined);
    expect(windowFindings.map((x) => x.message).join('\n')).toContain(
      'no longer follows CLAUDE_SECURESTORAGE_CONFIG_DIR',
    );
    expect(cli(['doctor'], env).stdout).not.toContain('CLAUDE_SECURESTORAGE_CONFIG_DIR');
  });

  it("the doctor's account check reuses Claude Code's fresh verdict of this state (issue 15)", async () => {
    const env = await world();
    // The real Claude Code behind a wrapper that logs every run's first argument.
    const log = path.join(sb!.home, 'runs.log');
    const fake = path.join(sb!.home, 'logging-claude');
    const real = path.resolve('node_modules/.bin/claude');
    fs.writeFileSync(fake, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const e = { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake };
    // `auth status` as the user runs it; the storage-folder probe runs with `--settings` each time.
    const runs = (): number =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l === 'auth').length
        : 0;
    expect(cli(['status', '--json'], e).code).toBe(0);
    const afterStatus = runs();
    expect(afterStatus).toBeGreaterThan(0);
    const d = cli(['doctor', '--json'], e);
    expect(d.stdout).not.toContain('CLAUDE_SECURESTORAGE_CONFIG_DIR');
    expect(runs()).toBe(afterStatus);
  });
});
