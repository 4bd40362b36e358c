/**
 * Issue 12, item 10: text from outside (a command's stderr, Admin API answers, names from a
 * hand-edited profiles.json) reaches the terminal, the window, the tray and notifications without
 * its control characters.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../common/profile';
import { runHelper } from '../../main/core/helper-runner';
import { notificationPolicy } from '../../main/core/notification-policy';
import { AdminApi } from '../../main/core/team/admin-api';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { cli, cliAsync, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { authState } from '../support/profile-fixtures';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'boom\x1b[1A\x1b[2K\rall good\x07\u202Eevil\x1b]0;pwned\x07';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let server: http.Server;
let adminUrl = '';
beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  // An "Admin API" whose error message carries escape sequences.
  server = http.createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: HOSTILE } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  adminUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  sb.cleanup();
  await kr.stop();
});

describe('a command’s stderr', () => {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const command = `printf '${HOSTILE.replace(/\x1b/g, '\\033').replace(/\x07/g, '\\007').replace(/\r/g, '\\r')}\\n' >&2; exit 3`;

  it('is kept without control characters in the error the window and notifications show', async () => {
    const r = await runHelper(command);
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(message).toMatch(/exited with code 3: “boomall goodevil/);
    expect(message).not.toMatch(CONTROLS);
  });

  it('and in the CLI’s one error line', async () => {
    expect(cli(['add', 'api-key-helper', '--name', 'Noisy', '--command', command], env).code).toBe(0);
    const r = await cliAsync(['refresh', 'Noisy'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/boomall goodevil/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toMatch(CONTROLS);
  });
});

describe('Admin API answers', () => {
  it('an error message from the server is cleaned in the error (window) and on the terminal', async () => {
    const api = new AdminApi('sk-ant-admin01-FAKE-outside-text-000000', { baseUrl: adminUrl, maxRetries: 0 });
    const e = (await api.invites().catch((x: unknown) => x)) as Error;
    expect(e.message).toBe('Admin API: boom all goodevil');
    const add = cli(
      ['add', 'anthropic-admin-key', '--name', 'Admin', '--key-stdin', '--base-url', adminUrl],
      env,
      'sk-ant-admin01-FAKE-outside-text-000000',
    );
    expect(add.code, add.stderr).toBe(0);
    const r = await cliAsync(['team', 'invites'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Admin API: boom all goodevil/);
    expect(r.stderr).not.toMatch(CONTROLS);
  });
});

describe('names in the tray menu and notifications', () => {
  const evil: Profile = {
    id: 'evil-0001',
    name: 'Evil\x1b[2K\n* Fake\u202E',
    kind: 'claude-ai',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  it('the tray labels carry no control characters', () => {
    const now = Date.UTC(2026, 5, 1);
    const m = trayMenuModel({
      profiles: [{ profile: evil, active: true, state: authState(evil.id, {}, now) }],
      now,
      warnings: [{ kind: 'claude-code-mismatch', message: `Claude Code says ${HOSTILE}` }],
      refreshing: false,
      startAtLogin: false,
    });
    const labels = m.items.map((i) => ('label' in i ? i.label : ''));
    expect(labels.join('|')).toContain('Evil* Fake');
    expect(labels.join('|')).not.toMatch(CONTROLS);
  });

  it('a notification title carries no control characters', () => {
    const now = Date.UTC(2026, 5, 1);
    const out = notificationPolicy({
      profile: { id: evil.id, name: evil.name, kind: 'claude-ai', active: true, muted: false },
      prev: authState(evil.id, {}, now),
      next: authState(evil.id, { status: 'expired', expiresAt: now - 1000, next: 'sign-in' }, now),
      sent: new Set(),
      now,
      thresholdsMin: [1440, 60, 10],
      consecutiveFailures: 0,
    });
    expect(out.notices.length).toBeGreaterThan(0);
    for (const n of out.notices) {
      expect(n.title).toMatch(/^Evil\* Fake/);
      expect(n.title + n.body).not.toMatch(CONTROLS);
    }
  });
});
