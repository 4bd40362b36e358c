/**
 * Issue 15, item 3 and Proof: an Admin-key organisation's spend from the cost report against the fake
 * Admin API — every page, 429 with Retry-After waited out, amounts in cents as documented — cached for
 * an hour, and shown on the API-key profile that belongs to that organisation (by the key hint).
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AdminApi } from '../../main/core/team/admin-api';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { fetchSpend, keyMatchesHint } from '../../main/core/usage/spend';
import { coreApp } from '../support/core-app';
import { canaryKey, cli, cliAsync, sandbox, type Sandbox } from '../support/cli';
import { startFakeAdmin, type FakeAdmin } from '../support/fake-admin-api';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const ADMIN_KEY = 'sk-ant-admin01-FAKE-spend-tests-0000000000';
let kr: PrivateKeyring;
let admin: FakeAdmin;
let sb: Sandbox;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

const day = (offset: number): string => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset)).toISOString().slice(0, 10);
};
const thisMonth = (iso: string): boolean => iso.slice(0, 7) === new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
  admin = await startFakeAdmin(ADMIN_KEY);
  sb = sandbox({ ...kr.env, CLAUDE_AUTH_TRAY_ADMIN_API_URL: admin.url });
});
afterAll(async () => {
  await admin.close();
  sb.cleanup();
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

/** Expected totals from what the fake holds for this month (cents → dollars). */
function expected(): { today: number; month: number } {
  let month = 0;
  for (const [d, amounts] of admin.costs) if (thisMonth(d)) month += amounts.reduce((s, a) => s + Number(a), 0);
  const today = (admin.costs.get(day(0)) ?? []).reduce((s, a) => s + Number(a), 0);
  return { today: today / 100, month: month / 100 };
}

/** What the app shows after it refreshed spend (a fresh AppApi over the sandbox, no API base URL). */
async function snapshotAfterSpendRefresh(): Promise<Snapshot> {
  const app = coreApp(sb.env, sb.home, { apiBaseUrl: undefined });
  await app.spend.refresh();
  const snap = app.snapshot();
  app.stop();
  return snap;
}

describe('cost report', () => {
  it('sums every page of this month in dollars, waiting out 429 Retry-After', async () => {
    admin.costs.set(day(0), ['1234.5', '100']);
    for (let i = 1; i <= 20; i++) if (thisMonth(day(-i))) admin.costs.set(day(-i), [String(1000 * i)]);
    admin.costs.set(day(-40), ['999999']); // last month or earlier: not this month's
    admin.costPageSize = 3;
    admin.throttleEvery = 2;
    const waits: number[] = [];
    const api = new AdminApi(ADMIN_KEY, { baseUrl: admin.url, onWait: (ms) => waits.push(ms) });
    const r = await fetchSpend(api, Date.now());
    const want = expected();
    expect(r.todayUsd).toBeCloseTo(13.345, 6);
    expect(r.todayUsd).toBeCloseTo(want.today, 6);
    expect(r.monthUsd).toBeCloseTo(want.month, 6);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w === 50)).toBe(true); // Retry-After: 0.05 s
    const dayOfMonth = new Date().getUTCDate();
    expect(admin.costQueries.length).toBeGreaterThanOrEqual(Math.ceil(dayOfMonth / 3));
    expect(admin.costQueries[0]).toContain(
      `starting_at=${encodeURIComponent(new Date().toISOString().slice(0, 8))}01T00`,
    );
    expect(admin.costQueries.slice(1).every((q) => q.includes('page='))).toBe(true);
    admin.throttleEvery = 0;
  });

  it('an answer not as documented is one typed error, not a zero', async () => {
    admin.wrongAnswer = {
      route: 'GET /v1/organizations/cost_report',
      body: JSON.stringify({ data: [{ starting_at: 'x' }] }),
    };
    const api = new AdminApi(ADMIN_KEY, { baseUrl: admin.url });
    await expect(fetchSpend(api, Date.now())).rejects.toMatchObject({ kind: 'admin-api-unexpected' });
    admin.wrongAnswer = undefined;
  });

  it('team spend: fetched at most hourly (--refresh fetches now); the organisation key shows it in the tray', async () => {
    const orgKey = canaryKey('ORGKEY');
    admin.apiKeys.push(
      {
        id: 'apikey_1',
        name: 'ci',
        status: 'active',
        partial_key_hint: `${orgKey.slice(0, 16)}...${orgKey.slice(-4)}`,
        type: 'api_key',
      },
      { id: 'apikey_2', name: 'old', status: 'archived', partial_key_hint: 'sk-ant-api03-zzz...zzzz', type: 'api_key' },
    );
    expect(keyMatchesHint(orgKey, admin.apiKeys[0]!.partial_key_hint)).toBe(true);
    expect(keyMatchesHint(canaryKey('OTHER'), admin.apiKeys[0]!.partial_key_hint)).toBe(false);
    expect(cli(['add', 'anthropic-admin-key', '--name', 'Admin', '--key-stdin'], sb.env, ADMIN_KEY).code).toBe(0);
    expect(cli(['add', 'anthropic-api-key', '--name', 'Org key', '--key-stdin'], sb.env, orgKey).code).toBe(0);
    expect(
      cli(['add', 'anthropic-api-key', '--name', 'Private key', '--key-stdin'], sb.env, canaryKey('PRIV')).code,
    ).toBe(0);
    admin.costQueries.length = 0;
    // Async: the fake Admin API answers from this process.
    const first = await cliAsync(['team', 'spend', '--json'], sb.env);
    expect(first.stderr).toBe('');
    const want = expected();
    const j = JSON.parse(first.stdout) as { todayUsd: number; monthUsd: number };
    expect(j.todayUsd).toBeCloseTo(want.today, 6);
    expect(j.monthUsd).toBeCloseTo(want.month, 6);
    const asked = admin.costQueries.length;
    expect(asked).toBeGreaterThan(0);
    expect((await cliAsync(['team', 'spend'], sb.env)).stdout).toMatch(
      /^Admin: today \$13\.35 · this month \$\d+\.\d\d \(UTC days/,
    );
    expect(admin.costQueries.length).toBe(asked); // within the hour: the cached report
    expect((await cliAsync(['team', 'spend', '--refresh', '--json'], sb.env)).code).toBe(0);
    expect(admin.costQueries.length).toBeGreaterThan(asked);

    const snap = await snapshotAfterSpendRefresh();
    const org = snap.profiles.find((p) => p.profile.name === 'Org key');
    expect(org?.spend?.monthUsd).toBeCloseTo(want.month, 6);
    expect(snap.profiles.find((p) => p.profile.name === 'Private key')?.spend).toBeUndefined();
    const labels = trayMenuModel({
      profiles: snap.profiles,
      refreshing: false,
      startAtLogin: false,
      now: Date.now(),
    }).items.map((i) => (i.kind === 'separator' ? '' : i.label));
    const at = labels.indexOf('Org key (Anthropic API key)');
    expect(labels[at + 1]).toMatch(/^ {4}organisation spend: today \$13\.35 · this month \$\d+\.\d\d$/);
    expect(JSON.stringify(snap)).not.toContain(orgKey);
  });

  it('a key helper profile belongs to the organisation when the key its helper last gave matches a hint', async () => {
    const helperKey = canaryKey('HELPERKEY');
    admin.apiKeys.push({
      id: 'apikey_3',
      name: 'from a vault',
      status: 'active',
      partial_key_hint: `${helperKey.slice(0, 16)}...${helperKey.slice(-4)}`,
      type: 'api_key',
    });
    // The helper reads it from elsewhere (here a file), as a vault client would.
    const keyFile = `${sb.home}/vault-key`;
    fs.writeFileSync(keyFile, `${helperKey}\n`, { mode: 0o600 });
    const id = cli(
      ['add', 'api-key-helper', '--name', 'Vault key', '--command', `cat ${keyFile}`],
      sb.env,
    ).stdout.trim();
    const never = cli(['add', 'api-key-helper', '--name', 'Never run', '--command', `cat ${keyFile}`], sb.env);
    expect(never.code, never.stderr).toBe(0);
    // Claude Code runs the helper (our api-key command runs the user's): its key is cached in the keychain.
    const served = cli(['api-key', '--profile', id], sb.env);
    expect(served.stdout.trim()).toBe(helperKey);
    expect((await cliAsync(['team', 'spend', '--refresh', '--json'], sb.env)).code).toBe(0);
    const snap = await snapshotAfterSpendRefresh();
    expect(snap.profiles.find((p) => p.profile.name === 'Vault key')?.spend?.monthUsd).toBeCloseTo(expected().month, 6);
    // A helper that never ran has given no key yet: nothing to tell it by.
    expect(snap.profiles.find((p) => p.profile.name === 'Never run')?.spend).toBeUndefined();
    const text = JSON.stringify(snap);
    const at = text.indexOf(helperKey);
    expect(at, text.slice(Math.max(0, at - 300), at + 100)).toBe(-1);
  });
});
