/**
 * Issue 12, item 13 (part): an Admin API answer that is not the documented shape gives one clear
 * line and exit 1 in the CLI, and a typed error in the window (never a crash, never "undefined", never
 * the body itself: it may hold secrets or terminal escape sequences). Fake Admin API on 127.0.0.1.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appHarness } from '../support/app-harness';
import { cliAsync } from '../support/cli';
import { startFakeAdmin, type FakeAdmin } from '../support/fake-admin-api';

const ADMIN_KEY = 'sk-ant-admin01-SHAPES-for-tests-only-0000';
const LEAK = 'sk-ant-api03-LEAKEDINBODY-0000';
let admin: FakeAdmin;
const h = appHarness({
  apiBaseUrl: undefined,
  ipc: 'any-sender',
  setup: async ({ env }) => {
    admin = await startFakeAdmin(ADMIN_KEY, ['member0@example.com'], ['pending0@example.com']);
    const add = await cliAsync(
      ['add', 'anthropic-admin-key', '--name', 'Admin', '--key-stdin', '--base-url', admin.url],
      env,
      ADMIN_KEY,
    );
    expect(add.code, add.stderr).toBe(0);
    return {};
  },
  teardown: () => admin.close(),
});
beforeEach(() => {
  admin.wrongAnswer = undefined;
});

/** Wrong answers to a 200: each one is a way a proxy, a captive portal or a changed API can answer. */
const WRONG: Record<string, { body: string; contentType?: string }> = {
  'an array instead of an object': { body: JSON.stringify([{ id: 'x', email: LEAK }]) },
  'no data': { body: JSON.stringify({ has_more: false, note: LEAK }) },
  null: { body: 'null' },
  'an HTML page': {
    body: `<!doctype html><html><body><h1>Sign in to the corporate proxy</h1>${LEAK}</body></html>`,
    contentType: 'text/html',
  },
  'garbage with escape sequences': { body: `\u001b[2J\u001b]0;pwned\u0007garbage ${LEAK}` },
  'items of the wrong shape': { body: JSON.stringify({ data: [{ id: 7, mail: LEAK }], has_more: false }) },
};

const ONE_LINE = /^claude-auth-tray: The Admin API answered in an unexpected format \([^)\n]+\)\. [^\n]+\n$/;

function expectOneCleanLine(r: { code: number | null; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(ONE_LINE);
  const all = r.stdout + r.stderr;
  for (const bad of [LEAK, ADMIN_KEY, 'undefined', '\u001b', '<html', 'pwned', 'garbage'])
    expect(all).not.toContain(bad);
}

describe('CLI team commands on answers that are not the documented shape', () => {
  for (const [name, w] of Object.entries(WRONG)) {
    it(`${name}: team members, invites and invite say one line and exit 1`, async () => {
      admin.wrongAnswer = w;
      for (const args of [
        ['team', 'members'],
        ['team', 'invites', '--json'],
        ['team', 'invite', '--role', 'developer', 'new@example.com'],
      ])
        expectOneCleanLine(await cliAsync(args, h.env));
    });
  }

  it('a wrong answer to a write (set role, revoke, invite) is one line too, never "undefined is now undefined"', async () => {
    const memberId = admin.members[0]!.id;
    admin.wrongAnswer = { route: 'POST /v1/organizations/users/', body: '{}' };
    expectOneCleanLine(await cliAsync(['team', 'members', '--set-role', memberId, '--role', 'developer'], h.env));
    admin.wrongAnswer = { route: 'DELETE /v1/organizations/invites/', body: '[]' };
    expectOneCleanLine(await cliAsync(['team', 'invites', '--revoke', admin.invites[0]!.id], h.env));
    admin.wrongAnswer = { route: 'POST /v1/organizations/invites', body: JSON.stringify({ ok: LEAK }) };
    const r = await cliAsync(['team', 'invite', '--role', 'developer', 'fresh@example.com'], h.env);
    // The invite itself is a per-row result: failed, with the same sentence, and exit 1.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^failed\s+fresh@example\.com \(developer\) — The Admin API answered in an unexpected format/m,
    );
    expect(r.stdout + r.stderr).not.toContain(LEAK);
  });

  it('an error answer (500) whose message holds escape sequences is printed without them', async () => {
    admin.wrongAnswer = {
      status: 500,
      body: JSON.stringify({
        type: 'error',
        error: { type: 'api_error', message: '\u001b[31mboom\u001b[0m\nsecond line' },
      }),
    };
    const r = await cliAsync(['team', 'members'], h.env);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Admin API: boom second line');
  });
});

describe("the window's Team screen on answers that are not the documented shape", () => {
  const invoke = h.call;

  for (const [name, w] of Object.entries(WRONG)) {
    it(`${name}: team:list and team:invite answer a typed error with one sentence`, async () => {
      admin.wrongAnswer = w;
      for (const r of [
        await invoke('team:list', {}),
        await invoke('team:invite', { emails: ['new@example.com'], role: 'developer' }),
      ]) {
        expect(r).toMatchObject({ ok: false, error: { kind: 'admin-api-unexpected' } });
        const e = (r as { ok: false; error: { message: string; nextStep?: string } }).error;
        expect(e.message).toMatch(/^The Admin API answered in an unexpected format \([^)]+\)\.$/);
        expect(e.nextStep).toBeTruthy();
        expect(JSON.stringify(r)).not.toContain(LEAK);
      }
    });
  }

  it('the documented shape still works', async () => {
    const r = await invoke('team:list', {});
    expect(r).toMatchObject({ ok: true, value: { members: [{ email: 'member0@example.com' }] } });
  });
});
