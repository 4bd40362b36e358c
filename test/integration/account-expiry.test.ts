/**
 * Expiry per Claude.ai account (issue 14): each account's login file is followed read only; a login
 * Claude Code blanked after a refused refresh turns "sign in again" for that account only, with one
 * notification, active or not. The files are never written by this app (their bytes are compared).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AuthMonitor } from '../../main/core/auth-monitor';
import { systemClock } from '../../main/core/clock';
import { NotificationCenter } from '../../main/core/notification-center';
import type { Notice } from '../../main/core/notification-policy';
import { ProfileService } from '../../main/core/profile-service';
import { KeyringSecretStore } from '../../main/core/vault';
import { sandbox, type Sandbox } from '../support/cli';
import { credentialsJson, login, plantLogin } from '../support/claude-accounts';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { waitFor } from '../support/wait';

let kr: PrivateKeyring;
const boxes: Sandbox[] = [];
const monitors: AuthMonitor[] = [];
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
beforeAll(async () => {
  kr = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
});
afterEach(() => monitors.splice(0).forEach((m) => m.stop()));
afterAll(async () => {
  boxes.forEach((b) => b.cleanup());
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

const RUNTIME = { execPath: process.execPath, cliPath: '/x/cli.js', runAsNode: false, platform: 'linux' as const };

describe('expiry per Claude.ai account', () => {
  it("a refresh Claude Code found refused turns that account to 'sign in again' with one notification; the others stay ok", async () => {
    const sb = sandbox();
    boxes.push(sb);
    const env = { ...sb.env, ...kr.env };
    const store = new KeyringSecretStore();
    const svc = new ProfileService(store, RUNTIME, env);
    const clock = systemClock({ unref: true });
    const workDir = path.join(sb.home, 'work');
    const homeDir = path.join(sb.home, 'home');
    const work = login('WORK');
    plantLogin(login('DEF'), sb.claudeDir);
    plantLogin(work, workDir);
    plantLogin(login('HOME'), homeDir);
    const def = svc.add({ kind: 'claude-ai', name: 'Default' });
    const w = svc.add({ kind: 'claude-ai', name: 'Work', storageDir: workDir, adopted: true });
    const h = svc.add({ kind: 'claude-ai', name: 'Home', storageDir: homeDir, adopted: true });
    svc.activate(h.id);
    const monitor = new AuthMonitor({ env, store, clock, dataDir: sb.appDir, random: () => 1 });
    monitors.push(monitor);
    const shown: Notice[] = [];
    const center = new NotificationCenter(
      env,
      clock,
      { show: (n) => shown.push(n) },
      () => 0,
      () => undefined,
    );
    const snapshot = (): Snapshot => {
      const f = svc.list();
      return {
        profiles: f.profiles.map((p) => ({
          profile: p,
          active: p.id === f.activeProfileId,
          state: monitor.get(p.id)!,
        })),
        activeProfileId: f.activeProfileId ?? null,
        warnings: [],
        settings: { version: 1, startAtLogin: false, notifyThresholdsMin: [1440, 60, 10], mutedProfiles: [] },
        claudeInstalled: true,
      };
    };
    monitor.subscribe(() => center.update(snapshot()));
    monitor.reload();
    for (const p of [def, w, h]) expect(monitor.get(p.id)).toMatchObject({ status: 'ok', next: 'none' });

    // Claude Code's refresh for Work was refused: it blanks that login (as 2.1.197 does).
    const blank = JSON.stringify({ claudeAiOauth: { refreshToken: '', accessToken: '', expiresAt: 0 } });
    fs.writeFileSync(path.join(workDir, '.credentials.json'), blank);
    await waitFor(() => monitor.get(w.id)?.status === 'expired');
    expect(monitor.get(w.id)).toMatchObject({ next: 'sign-in', detail: { kind: 'revoked' } });
    expect(monitor.get(h.id)?.status).toBe('ok');
    expect(monitor.get(def.id)?.status).toBe('ok');
    await waitFor(() => shown.length > 0);
    expect(shown).toEqual([
      expect.objectContaining({
        profileId: w.id,
        title: 'Work: signed out',
        body: 'Claude Code could not renew this login (its refresh token was refused). Sign in again to keep using Claude Code.',
      }),
    ]);
    // Claude Code writes the file again (same content): no second notification.
    fs.writeFileSync(path.join(workDir, '.credentials.json'), blank);
    monitor.reload();
    await new Promise((r) => setTimeout(r, 200));
    expect(shown).toHaveLength(1);
    // Signed in again: ok, and the file is what Claude Code wrote (this app never writes it).
    const again = credentialsJson(work);
    fs.writeFileSync(path.join(workDir, '.credentials.json'), again);
    await waitFor(() => monitor.get(w.id)?.status === 'ok');
    expect(fs.readFileSync(path.join(workDir, '.credentials.json'), 'utf8')).toBe(again);
  });
});
