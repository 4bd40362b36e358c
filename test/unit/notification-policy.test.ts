import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/auth-state';
import { DEFAULT_APP_SETTINGS } from '../../common/app-settings';
import type { Snapshot } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { stateFromExpiry } from '../../main/core/expiry/expiry-state';
import { NotificationCenter } from '../../main/core/notification-center';
import { notificationPolicy, type Notice, type PolicyInput } from '../../main/core/notification-policy';
import { FakeClock } from '../support/fake-clock';
import { authState, BED, HELPER, KEY } from '../support/profile-fixtures';

const H = 3600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 2, 1, 8);
const bed = BED;
const helper = HELPER;
const key: Profile = { ...KEY, id: 'key-1', name: 'Work' };

const session = (expiresAt: number, now: number): AuthState =>
  stateFromExpiry(
    'bed-1',
    expiresAt,
    now,
    { kind: 'session', message: 'AWS SSO session' },
    { expiring: 'sign-in', expired: 'sign-in' },
  );
const plain = (id: string, s: Partial<AuthState>): AuthState => authState(id, s, T0);

function run(p: Profile, over: Partial<PolicyInput>) {
  return notificationPolicy({
    profile: { id: p.id, name: p.name, kind: p.kind, active: true, muted: false },
    prev: undefined,
    next: plain(p.id, {}),
    sent: new Set(),
    now: T0,
    thresholdsMin: [1440, 60, 10],
    consecutiveFailures: 0,
    ...over,
  });
}
const titles = (ns: readonly Notice[]) => ns.map((n) => n.title);

describe('notificationPolicy (table)', () => {
  const e = T0 + 10 * H;
  it.each([
    ['far from expiry', T0 + 40 * H, []],
    ['inside 24 h', T0 + 23 * H, ['Bedrock prod expires in 23 h']],
    ['inside 1 h (late start): only the most urgent', T0 + 50 * M, ['Bedrock prod expires in 50 min']],
    ['inside 10 min', T0 + 9 * M, ['Bedrock prod expires in 9 min']],
    ['expired', T0 - M, ['Bedrock prod has expired']],
  ])('%s', (_n, expiresAt, want) => {
    const r = run(bed, { next: session(expiresAt, T0) });
    expect(titles(r.notices)).toEqual(want);
    expect(r.notices.every((n) => n.screen === 'edit' && n.profileId === 'bed-1')).toBe(true);
  });

  it('sends nothing twice for the same (profile, threshold, expiresAt)', () => {
    const first = run(bed, { next: session(e, e - 30 * M), now: e - 30 * M });
    expect(first.notices).toHaveLength(1);
    const again = run(bed, { next: session(e, e - 29 * M), now: e - 29 * M, sent: first.sent });
    expect(again.notices).toHaveLength(0);
  });

  it('a muted profile gets nothing, and unmuting does not replay what was due while muted', () => {
    const muted = notificationPolicy({
      ...runArgs(bed, session(e, e - 5 * M), e - 5 * M),
      profile: { id: 'bed-1', name: 'Bedrock prod', kind: 'bedrock', active: true, muted: true },
    });
    expect(muted.notices).toEqual([]);
    const unmuted = run(bed, { next: session(e, e - 4 * M), now: e - 4 * M, sent: muted.sent });
    expect(unmuted.notices).toEqual([]);
  });

  it('helper keys renew themselves: their TTL expiry never notifies', () => {
    const r = run(helper, { next: plain('vault-1', { status: 'expired', expiresAt: T0 - 1000 }) });
    expect(r.notices).toEqual([]);
  });

  it('three consecutive helper failures notify once per streak', () => {
    const err = plain('vault-1', {
      status: 'error',
      detail: { kind: 'helper-exit', message: 'The key helper exited with code 3.' },
    });
    expect(run(helper, { next: err, consecutiveFailures: 2 }).notices).toEqual([]);
    const third = run(helper, { next: err, consecutiveFailures: 3 });
    expect(titles(third.notices)).toEqual(['Vault: the key helper keeps failing']);
    expect(third.notices[0]?.body).toContain('exited with code 3');
    expect(run(helper, { next: err, consecutiveFailures: 4, sent: third.sent }).notices).toEqual([]);
    const healed = run(helper, { next: plain('vault-1', {}), consecutiveFailures: 0, sent: third.sent });
    expect(titles(run(helper, { next: err, consecutiveFailures: 3, sent: healed.sent }).notices)).toHaveLength(1);
  });

  it('the active key turning invalid notifies once; an inactive one does not', () => {
    const bad = plain('key-1', { status: 'invalid', detail: { kind: 'revoked', message: '' } });
    const r = run(key, { prev: plain('key-1', {}), next: bad });
    expect(titles(r.notices)).toEqual(['Work: the key was rejected']);
    expect(run(key, { prev: bad, next: bad, sent: r.sent }).notices).toEqual([]);
    expect(
      notificationPolicy({
        ...runArgs(key, bad, T0),
        profile: { id: 'key-1', name: 'Work', kind: 'anthropic-api-key', active: false, muted: false },
      }).notices,
    ).toEqual([]);
  });

  it('the active login ending without an expiry time (Google refused the ADC login) notifies once, again after a recovery', () => {
    const vtx: Profile = {
      id: 'vtx-1',
      name: 'Vertex',
      kind: 'vertex',
      projectId: 'my-project-1',
      region: 'global',
      createdAt: 'x',
    };
    const out = plain('vtx-1', {
      status: 'expired',
      next: 'sign-in',
      detail: { kind: 'not-logged-in', message: 'Google no longer accepts this login' },
    });
    const r = run(vtx, { prev: plain('vtx-1', {}), next: out });
    expect(r.notices.map((n) => [n.title, n.body])).toEqual([
      ['Vertex: signed out', 'Google no longer accepts this login. Sign in again to keep using Claude Code.'],
    ]);
    expect(run(vtx, { prev: out, next: out, sent: r.sent }).notices).toEqual([]);
    const back = run(vtx, { prev: out, next: plain('vtx-1', {}), sent: r.sent });
    expect(titles(run(vtx, { prev: plain('vtx-1', {}), next: out, sent: back.sent }).notices)).toEqual([
      'Vertex: signed out',
    ]);
    // A session with an expiry time gets the expiry notices instead, not this one too.
    expect(titles(run(bed, { next: session(T0 - M, T0) }).notices)).toEqual(['Bedrock prod has expired']);
  });
});

describe('profiles that renew themselves (awsCredentialExport)', () => {
  const exp = { id: 'bed-1', name: 'Bedrock export', kind: 'bedrock' as const, active: true, muted: false };
  const input = (over: Partial<PolicyInput>): PolicyInput => ({
    profile: { ...exp, renewsItself: true },
    prev: undefined,
    next: session(T0 + 30 * M, T0),
    sent: new Set(),
    now: T0,
    thresholdsMin: [1440, 60, 10],
    consecutiveFailures: 0,
    ...over,
  });
  it('their short-lived credentials are no session to warn about', () => {
    expect(notificationPolicy(input({})).notices).toEqual([]);
    expect(notificationPolicy({ ...input({}), profile: exp }).notices).toHaveLength(1); // the same, as a session
  });
  it('a command failing three times in a row is', () => {
    const err = plain('bed-1', { status: 'error', detail: { kind: 'helper-exit', message: 'exited with code 255' } });
    expect(titles(notificationPolicy(input({ next: err, consecutiveFailures: 3 })).notices)).toEqual([
      'Bedrock export: the credential command keeps failing',
    ]);
  });
});

function runArgs(p: Profile, next: AuthState, now: number): PolicyInput {
  return {
    profile: { id: p.id, name: p.name, kind: p.kind, active: true, muted: false },
    prev: undefined,
    next,
    sent: new Set(),
    now,
    thresholdsMin: [1440, 60, 10],
    consecutiveFailures: 0,
  };
}

describe('NotificationCenter: a two-day timeline on a fake clock, restarted in the middle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-notify-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends each notification exactly once, at the right time, across a restart and a renewal', async () => {
    const clock = new FakeClock(T0);
    const env = { CLAUDE_AUTH_TRAY_HOME: dir, HOME: dir };
    const shown: { at: number; title: string }[] = [];
    const opened: Notice[] = [];
    const make = () =>
      new NotificationCenter(
        env,
        clock,
        {
          show: (n, click) => {
            shown.push({ at: clock.now() - T0, title: n.title });
            if (n.title.includes('expired')) click();
          },
        },
        () => 0,
        (n) => opened.push(n),
      );
    let center = make();
    let expiresAt = T0 + 30 * H;
    const snap = (): Snapshot => ({
      profiles: [{ profile: bed, active: true, state: session(expiresAt, clock.now()) }],
      activeProfileId: 'bed-1',
      warnings: [],
      settings: DEFAULT_APP_SETTINGS,
      claudeInstalled: false,
    });
    for (let t = 0; t <= 48 * H; t += 5 * M) {
      await clock.advance(t - (clock.now() - T0));
      if (t === 20 * H) center = make(); // restart: a new process with the persisted sent set
      if (t === 31 * H) expiresAt = T0 + 39 * H; // the user signs in again: an 8-hour session
      center.update(snap());
    }
    expect(shown).toEqual([
      { at: 6 * H, title: 'Bedrock prod expires in 24 h' },
      { at: 29 * H, title: 'Bedrock prod expires in 1 h' },
      { at: 29 * H + 50 * M, title: 'Bedrock prod expires in 10 min' },
      { at: 30 * H, title: 'Bedrock prod has expired' },
      { at: 38 * H, title: 'Bedrock prod expires in 1 h' },
      { at: 38 * H + 50 * M, title: 'Bedrock prod expires in 10 min' },
      { at: 39 * H, title: 'Bedrock prod has expired' },
    ]);
    expect(opened.map((n) => [n.profileId, n.screen])).toEqual([
      ['bed-1', 'edit'],
      ['bed-1', 'edit'],
    ]);
    // A third start on day 3 repeats nothing.
    const late = make();
    const before = shown.length;
    late.update(snap());
    expect(shown.length).toBe(before);
  });
});
