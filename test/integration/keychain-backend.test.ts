/**
 * Issue 12, items 5–7: secrets only in the platform keychain (never the Linux kernel keyring),
 * exit 3 with "unlock or start your keyring" whenever the keychain cannot answer, and a `remove`
 * that never orphans a keychain item. Real Secret Service, real kernel keyring (/proc/keys), real
 * CLI child processes; every secret is a canary that no output or file may contain.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { cliInSession, kernelKeyAccounts, NO_BUS, plantKernelKey, purgeKernelKey } from '../support/kernel-keyring';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const SERVICE = 'claude-auth-tray';
const UNLOCK = /unlock or start your keyring/i;
const rand = (): string => Math.random().toString(36).slice(2, 8);

let kr: PrivateKeyring;
const started: PrivateKeyring[] = [];
const boxes: Sandbox[] = [];
beforeAll(async () => {
  kr = await startKeyring();
});
// Also after a failed assertion: no keyring daemon or temp folder outlives its test.
afterEach(async () => {
  boxes.splice(0).forEach((b) => b.cleanup());
  await Promise.all(started.splice(0).map((k) => k.stop()));
});
afterAll(async () => {
  await kr.stop();
});

async function ownKeyring(): Promise<PrivateKeyring> {
  const k = await startKeyring();
  started.push(k);
  return k;
}
function box(extra: NodeJS.ProcessEnv): Sandbox {
  const b = sandbox(extra);
  boxes.push(b);
  return b;
}

function lookup(env: NodeJS.ProcessEnv, account: string): string {
  return spawnSync('secret-tool', ['lookup', 'service', SERVICE, 'username', account], { env, encoding: 'utf8' })
    .stdout;
}
function plantItem(env: NodeJS.ProcessEnv, account: string, secret: string): void {
  const r = spawnSync('secret-tool', ['store', '--label', 'planted', 'service', SERVICE, 'username', account], {
    env,
    input: secret,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
}
function addKey(s: Sandbox, name: string, key: string): string {
  const r = cli(['add', 'anthropic-api-key', '--name', name, '--key-stdin'], s.env, key);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}
const profileIds = (s: Sandbox): string[] =>
  (JSON.parse(cli(['list', '--json'], s.env).stdout) as { profiles: { id: string }[] }).profiles.map((p) => p.id);
function noCanary(key: string, s: Sandbox, ...outputs: { stdout: string; stderr: string }[]): void {
  for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(key);
  expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
}

describe('no Secret Service: the kernel keyring is refused (12.5)', () => {
  it('add exits 3 with the install hint and writes nothing, not even to the kernel keyring', () => {
    const s = box(NO_BUS);
    const key = canaryKey('KERNEL');
    const name = `Leak ${rand()}`;
    const slug = name.toLowerCase().replace(' ', '-');
    const r = cliInSession(['add', 'anthropic-api-key', '--name', name, '--key-stdin'], s.env, key);
    const leaked = kernelKeyAccounts(SERVICE).filter((a) => a.startsWith(slug));
    leaked.forEach((a) => purgeKernelKey(SERVICE, a));
    expect(leaked).toEqual([]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no Secret Service is available\. Unlock or start your keyring: install .*gnome-keyring/);
    expect(fs.existsSync(path.join(s.appDir, 'profiles.json'))).toBe(false);
    noCanary(key, s, r);
  });

  it('api-key and use never serve a key that sits in the kernel keyring', () => {
    const s = box(kr.env);
    const id = addKey(s, `Kern ${rand()}`, canaryKey('REAL'));
    const planted = canaryKey('INKERNEL');
    plantKernelKey(SERVICE, id, planted);
    try {
      const env = { ...s.env, ...NO_BUS };
      const served = cliInSession(['api-key', '--profile', id], env);
      const used = cliInSession(['use', id], env);
      expect(served.stdout).toBe('');
      expect(served.code).toBe(3);
      expect(served.stderr).toMatch(UNLOCK);
      expect(used.code).toBe(3);
      expect(used.stderr).toMatch(UNLOCK);
      noCanary(planted, s, served, used);
    } finally {
      purgeKernelKey(SERVICE, id);
    }
    expect(kernelKeyAccounts(SERVICE)).not.toContain(id);
  });
});

describe('keychain unreachable or locked: exit 3, never "remove the profile" (12.6)', () => {
  it('without a Secret Service, use and api-key exit 3 and say to unlock or start the keyring', () => {
    const s = box(kr.env);
    const key = canaryKey('UNREACH');
    const id = addKey(s, `Unreach ${rand()}`, key);
    const env = { ...s.env, ...NO_BUS };
    for (const args of [
      ['use', id],
      ['api-key', '--profile', id],
    ]) {
      const r = cliInSession(args, env);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr, args[0]).toMatch(UNLOCK);
      expect(r.stderr, args[0]).not.toMatch(/remove the profile/i);
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
      noCanary(key, s, r);
    }
    expect(kernelKeyAccounts(SERVICE)).not.toContain(id);
    expect(lookup(kr.env, id)).toBe(key);
  });

  it('with the keyring locked, use and api-key exit 3 and say to unlock or start the keyring', async () => {
    const own = await ownKeyring();
    const s = box(own.env);
    const key = canaryKey('LOCKED');
    const id = addKey(s, 'Locked', key);
    own.lock();
    for (const args of [
      ['use', id],
      ['api-key', '--profile', id],
    ]) {
      const r = cli(args, s.env);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr, args[0]).toMatch(/is locked.*Unlock or start your keyring/);
      expect(r.stderr, args[0]).not.toMatch(/remove the profile/i);
      noCanary(key, s, r);
    }
  });
});

describe('remove never orphans a keychain item (12.7)', () => {
  it('with the keyring locked, remove exits 3 and keeps the profile, so a retry can finish', async () => {
    const own = await ownKeyring();
    const s = box(own.env);
    const id = addKey(s, 'Keep', canaryKey('KEEP'));
    own.lock();
    const r = cli(['remove', id], s.env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(UNLOCK);
    expect(profileIds(s)).toEqual([id]);
  });

  it('without a Secret Service, remove exits 3 and keeps the profile and its item', () => {
    const s = box(kr.env);
    const key = canaryKey('NOBUS');
    const id = addKey(s, `Nobus ${rand()}`, key);
    const r = cliInSession(['remove', id], { ...s.env, ...NO_BUS });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(UNLOCK);
    expect(profileIds(s)).toEqual([id]);
    expect(lookup(kr.env, id)).toBe(key);
    expect(cli(['remove', id], s.env).code).toBe(0);
    expect(lookup(kr.env, id)).toBe('');
  });

  it('is idempotent: "already removed" only when no item is left; a leftover item is deleted', () => {
    const s = box(kr.env);
    const id = addKey(s, `Twice ${rand()}`, canaryKey('TWICE'));
    const first = cli(['remove', id], s.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Removed .* and its keychain item\.$/m);
    expect(lookup(kr.env, id)).toBe('');
    const again = cli(['remove', id], s.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already removed/);
    const orphan = `orphan-${rand()}`;
    const secret = canaryKey('LEFTOVER');
    plantItem(kr.env, orphan, secret);
    const leftover = cli(['remove', orphan], s.env);
    expect(leftover.code).toBe(0);
    expect(leftover.stdout).not.toMatch(/already removed/);
    expect(leftover.stdout).toMatch(/keychain item/);
    expect(lookup(kr.env, orphan)).toBe('');
    noCanary(secret, s, leftover);
  });

  it('doctor lists keychain items no profile owns (account only) and --fix deletes them', async () => {
    const own = await ownKeyring();
    const s = box(own.env);
    const key = canaryKey('OWNED');
    const id = addKey(s, 'Owned', key);
    const orphan = `gone-${rand()}`;
    const secret = canaryKey('ORPHAN');
    plantItem(own.env, orphan, secret);
    const found = cli(['doctor', '--json'], s.env);
    expect(found.code).toBe(4);
    const findings = (JSON.parse(found.stdout) as { findings: { kind: string; account?: string }[] }).findings;
    expect(findings.map((f) => [f.kind, f.account])).toEqual([['keychain-orphan', orphan]]);
    const text = cli(['doctor'], s.env);
    expect(text.stdout).toContain(orphan);
    expect(text.stdout).toMatch(/claude-auth-tray doctor --fix/);
    const fixed = cli(['doctor', '--fix'], s.env);
    expect(fixed.stdout).toMatch(new RegExp(`Deleted the keychain item "${orphan}"`));
    expect(fixed.code).toBe(0);
    expect(lookup(own.env, orphan)).toBe('');
    expect(lookup(own.env, id)).toBe(key);
    noCanary(secret, s, found, text, fixed);
    noCanary(key, s, found, text, fixed);
  });
});
