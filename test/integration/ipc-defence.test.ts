/**
 * Issue 12, item 11: IPC defence in depth. A compromised renderer may call any channel with any
 * argument the schemas allow. A stored key must reach only the address its profile was saved with,
 * and `helper:run` must run only a stored profile's command. Driven through the real IPC wrapper over
 * the real AppApi, keychain and loopback servers that record which key arrived where.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appHarness } from '../support/app-harness';
import { canaryKey } from '../support/cli';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

let anthropic: FakeAnthropic;
let attacker: FakeAnthropic;
const h = appHarness({
  setup: async () => {
    [anthropic, attacker] = await Promise.all([startFakeAnthropic(), startFakeAnthropic()]);
    // The user allows the commands saved here; ipc-confirm-command.test.ts covers Cancel.
    return { apiBaseUrl: anthropic.url, confirmCommand: async () => true };
  },
  teardown: () => Promise.all([anthropic.close(), attacker.close()]),
});
const { call, value } = h;
const add = async (input: Record<string, unknown>): Promise<string> =>
  (await value<{ profile: { id: string } }>('profiles:add', input)).profile.id;
const keysAt = (s: FakeAnthropic): string[] => s.requests.map((r) => r.apiKey ?? r.authorization ?? '');

describe('keys:check sends a stored key only where its profile was saved to send it', () => {
  it('a stored API key is not sent to a base URL the renderer names; its own check still works', async () => {
    const key = canaryKey('STORED');
    const id = await add({ kind: 'anthropic-api-key', name: 'Stored key', secret: key });
    const r = await call('keys:check', { profileId: id, baseUrl: attacker.url });
    expect(keysAt(attacker)).not.toContain(key);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await value('keys:check', { profileId: id })).toMatchObject({ verdict: 'valid' });
    expect(keysAt(anthropic)).toContain(key);
  });

  it('a stored Admin key is not sent to a base URL the renderer names', async () => {
    const key = `sk-ant-admin01-${canaryKey('ADMIN').slice(14)}`;
    const id = await add({ kind: 'anthropic-admin-key', name: 'Admin', secret: key });
    const r = await call('keys:check', { profileId: id, baseUrl: attacker.url });
    expect(keysAt(attacker)).not.toContain(key);
    expect(r.ok).toBe(false);
  });

  it('the saved base URL cannot be moved without the key: profiles:update refuses, the key stays home', async () => {
    const key = canaryKey('MOVED');
    const id = await add({ kind: 'anthropic-api-key', name: 'Gateway key', secret: key });
    const moved = await call('profiles:update', { id, changes: { baseUrl: attacker.url } });
    expect(moved).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    await call('keys:check', { profileId: id });
    await call('profiles:refresh', id);
    expect(keysAt(attacker)).not.toContain(key);
    // With the key typed again (the renderer knows it then), the move is the user's own choice.
    const other = canaryKey('RETYPED');
    expect((await call('profiles:update', { id, changes: { baseUrl: attacker.url, secret: other } })).ok).toBe(true);
    expect(await value('keys:check', { profileId: id })).toMatchObject({ verdict: 'valid' });
    expect(keysAt(attacker)).toContain(other);
    expect(keysAt(attacker)).not.toContain(key);
  });

  it('a stored Bedrock API key (not an Anthropic key) is never sent as x-api-key anywhere', async () => {
    const token = `ABSKQmVkcm9jay${canaryKey('BEDROCK').slice(14)}`;
    const id = await add({
      kind: 'bedrock',
      name: 'Bedrock key',
      region: 'us-east-1',
      authMode: 'api-key',
      allowPlaintextSecret: true,
      secret: token,
    });
    const r = await call('keys:check', { profileId: id, baseUrl: attacker.url });
    const plain = await call('keys:check', { profileId: id });
    expect([...keysAt(attacker), ...keysAt(anthropic)]).not.toContain(token);
    expect([r.ok, plain.ok]).toEqual([false, false]);
  });

  it('a draft key the user pasted is still checked at the base URL typed with it', async () => {
    const draft = canaryKey('DRAFT');
    expect(await value('keys:check', { secret: draft, baseUrl: attacker.url })).toMatchObject({ verdict: 'valid' });
    expect(keysAt(attacker)).toContain(draft);
  });
});

describe('helper:run runs only a stored profile command', () => {
  it('a command sent by the renderer is refused and does not run', async () => {
    const marker = path.join(h.sb.home, 'helper-ran');
    const r = await call('helper:run', { command: `touch '${marker}'; echo sk-ant-x-1234567890` });
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    await new Promise((res) => setTimeout(res, 200));
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('a stored helper profile runs its own command (masked result); other kinds are refused', async () => {
    const key = canaryKey('HELPER');
    const script = path.join(h.sb.home, 'helper.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho ${key}\n`, { mode: 0o755 });
    const id = await add({ kind: 'api-key-helper', name: 'Vault', command: `'${script}'` });
    const r = await value<{ ok: boolean; hint?: string }>('helper:run', { profileId: id });
    expect(r).toMatchObject({ ok: true, hint: `sk-ant-…${key.slice(-4)}` });
    expect(JSON.stringify(r)).not.toContain(key);
    const sub = await add({ kind: 'claude-ai', name: 'Sub' });
    expect(await call('helper:run', { profileId: sub })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-argument' },
    });
  });
});
