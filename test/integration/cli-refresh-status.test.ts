/**
 * Issue 13, "One check, one status": what CLI `refresh` found is what `status` shows next, and what
 * the tray shows. Real child processes (the built CLI), the real Secret Service, a loopback fake API.
 * The recorded checks hold no secret; a record about another key or another command is not shown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';
import { keyringForFile } from '../support/app-harness';
import { canaryKey, cliAsync, credentialExportScript, filesContaining, type Sandbox } from '../support/cli';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

const keyring = keyringForFile();
let api: FakeAnthropic;
beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(() => api.close());

interface StatusJson {
  profiles: { name: string; state: { status: string; expiresAt?: number; detail: { message: string } } }[];
}
const stateIn = (out: string, name: string): StatusJson['profiles'][number]['state'] | undefined =>
  (JSON.parse(out) as StatusJson).profiles.find((p) => p.name === name)?.state;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const box = (): Sandbox => keyring.box();

describe('status shows what refresh found', () => {
  it('a revoked API key: refresh says invalid, and so does the next status (text and JSON)', async () => {
    const s = box();
    const key = canaryKey('RECORD');
    const add = await cliAsync(
      ['add', 'anthropic-api-key', '--name', 'K', '--key-stdin', '--base-url', api.url],
      s.env,
      key,
    );
    expect(add.code, add.stderr).toBe(0);
    api.revoked.add(key);
    const r = await cliAsync(['refresh', 'K'], s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Checked K \(Anthropic API key\): invalid/);

    const st = await cliAsync(['status'], s.env);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/ K: invalid · /);
    const json = await cliAsync(['status', '--json'], s.env);
    expect(stateIn(json.stdout, 'K')).toMatchObject({ status: 'invalid' });

    // The record lives in the app's folder and holds no secret.
    expect(fs.existsSync(path.join(s.appDir, 'profile-checks.json'))).toBe(true);
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
    expect(filesContaining([s.appDir], key.slice(-4))).toEqual([]);

    // The key works again: the next refresh replaces the record.
    api.revoked.delete(key);
    expect((await cliAsync(['refresh', 'K'], s.env)).code).toBe(0);
    expect(stateIn((await cliAsync(['status', '--json'], s.env)).stdout, 'K')).toMatchObject({ status: 'ok' });
  });

  it('a credential command: after refresh, status shows its expiry instead of "has not been run yet"', async () => {
    const s = box();
    const secretKey = canaryKey('AWSREC');
    const expiry = new Date(Date.now() + 3 * 3600_000).toISOString();
    const creds = credentialExportScript(s.home, secretKey, expiry);
    const add = await cliAsync(
      ['add', 'bedrock', '--name', 'Exp', '--region', 'us-east-1', '--credential-export', creds],
      s.env,
    );
    expect(add.code, add.stderr).toBe(0);
    const before = await cliAsync(['status'], s.env);
    expect(before.stdout).toMatch(/has not been run yet/);

    expect((await cliAsync(['refresh', 'Exp'], s.env)).code).toBe(0);
    const st = await cliAsync(['status'], s.env);
    expect(st.stdout).not.toMatch(/has not been run yet/);
    expect(st.stdout).toMatch(/ Exp: ok · expires in (2|3) h/);
    expect(stateIn((await cliAsync(['status', '--json'], s.env)).stdout, 'Exp')).toMatchObject({
      status: 'ok',
      expiresAt: Date.parse(expiry),
    });
    expect(filesContaining([s.appDir, s.claudeDir], secretKey)).toEqual([]);

    // Another command: the record is about the old one and is not shown.
    const profiles = path.join(s.appDir, 'profiles.json');
    fs.writeFileSync(profiles, fs.readFileSync(profiles, 'utf8').replace(creds, `${creds} --other`));
    expect((await cliAsync(['status'], s.env)).stdout).toMatch(/has not been run yet/);
  });

  it('a key helper that fails: refresh says why (its own error line), and status shows that error', async () => {
    const s = box();
    const helper = path.join(s.home, 'helper.sh');
    fs.writeFileSync(helper, '#!/bin/sh\necho "vault: permission denied" >&2\nexit 3\n', { mode: 0o755 });
    const add = await cliAsync(['add', 'api-key-helper', '--name', 'H', '--command', helper], s.env);
    expect(add.code, add.stderr).toBe(0);
    const before = stateIn((await cliAsync(['status', '--json'], s.env)).stdout, 'H');
    const r = await cliAsync(['refresh', 'H'], s.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^claude-auth-tray: .+/);
    const after = stateIn((await cliAsync(['status', '--json'], s.env)).stdout, 'H');
    expect(after).toMatchObject({ status: 'error' });
    expect(after?.detail.message).not.toBe(before?.detail.message);
  });

  it('a new key in the keychain: the record about the old one is not shown', async () => {
    const s = box();
    const key = canaryKey('OLDKEY');
    expect(
      (await cliAsync(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin', '--base-url', api.url], s.env, key))
        .code,
    ).toBe(0);
    api.revoked.add(key);
    expect((await cliAsync(['refresh', 'K'], s.env)).code).toBe(1);
    const id = (JSON.parse((await cliAsync(['list', '--json'], s.env)).stdout) as { profiles: { id: string }[] })
      .profiles[0]!.id;
    // (the masked hint, which tells keys apart for the user, tells them apart for the record too)
    new KeyringSecretStore().set(id, canaryKey('NEWKEY').replace(/FAKE$/, 'N3WK'));
    // The new key's own state: in the keychain, not checked yet (not the old key's "invalid").
    expect(stateIn((await cliAsync(['status', '--json'], s.env)).stdout, 'K')).toMatchObject({
      status: 'unknown',
      detail: { kind: 'not-checked' },
    });
  });

  it('the running tray shows what a CLI refresh found', async () => {
    const s = box();
    const key = canaryKey('TRAYREC');
    expect(
      (await cliAsync(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin', '--base-url', api.url], s.env, key))
        .code,
    ).toBe(0);
    const a = new AppApi({
      env: { ...s.env, PATH: path.join(s.home, 'no-bin') },
      cwd: s.home,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    });
    let last: Snapshot | undefined;
    a.onSnapshot((x) => (last = x));
    a.start();
    try {
      const state = () => last?.profiles.find((p) => p.profile.name === 'K')?.state;
      const status = (): string | undefined => state()?.status;
      const end = Date.now() + 10_000;
      while (state()?.detail.kind !== 'valid' && Date.now() < end) await sleep(20); // the tray's own first check
      expect(state()).toMatchObject({ status: 'ok', detail: { kind: 'valid' } });
      const checks = api.requests.length;
      api.revoked.add(key);
      expect((await cliAsync(['refresh', 'K'], s.env)).code).toBe(1);
      const until = Date.now() + 10_000;
      while (status() !== 'invalid' && Date.now() < until) await sleep(20);
      expect(status()).toBe('invalid');
      expect(api.requests.length).toBe(checks + 1); // the CLI's check; the tray did not ask again
    } finally {
      a.stop();
    }
  });
});
