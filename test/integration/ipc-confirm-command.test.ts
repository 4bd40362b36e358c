/**
 * Issue 12, item 11, the part ipc-defence.test.ts leaves open: a compromised renderer cannot run a
 * command string, but it could SAVE one (a key-helper command, a Bedrock credentialExport, a bundle
 * carrying one) and let the monitor, `helper:run` or Claude Code run it, or move a helper's key to
 * another base URL. Every such change that arrives over IPC waits for the user's answer in a dialog
 * the main process owns (here a twin of that port). Driven through the real IPC wrapper over the
 * real AppApi, keychain and files; a marker file proves whether a command ran.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/ipc-contract';
import type { CommandConfirmRequest } from '../../main/core/command-confirm';
import { exportBundle } from '../../main/core/team/bundle';
import { appHarness } from '../support/app-harness';
import { canaryKey } from '../support/cli';

/** The confirm port's twin: records every question, answers with `answer`. */
const asked: CommandConfirmRequest[] = [];
let answer = false;

const h = appHarness({
  start: true,
  setup: () => ({
    confirmCommand: async (req) => {
      asked.push(req);
      return answer;
    },
  }),
});
const { call, value } = h;
beforeEach(() => {
  asked.length = 0;
  answer = false;
});

const profiles = async (): Promise<Snapshot['profiles'][number]['profile'][]> =>
  (await value<Snapshot>('app:snapshot', undefined)).profiles.map((v) => v.profile);
const byName = async (name: string) => (await profiles()).find((p) => p.name === name);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** A command that leaves a marker file when it runs (and prints a key, as a helper would). */
const marking = (tag: string): { command: string; marker: string } => {
  const marker = path.join(h.sb.home, `ran-${tag}`);
  return { marker, command: `touch '${marker}'; echo ${canaryKey(tag)}` };
};
const refused = { ok: false, error: { kind: 'command-not-confirmed' } };

describe('a command saved over IPC needs the user’s answer in the main process’s dialog', () => {
  it('profiles:add of a key helper: Cancel saves nothing and the command never runs', async () => {
    const { command, marker } = marking('ADD');
    const r = await call('profiles:add', { kind: 'api-key-helper', name: 'Planted helper', command });
    expect(r).toMatchObject(refused);
    expect(asked).toEqual([expect.objectContaining({ profileName: 'Planted helper', command, why: 'new-command' })]);
    expect(await byName('Planted helper')).toBeUndefined();
    await sleep(300); // the monitor would have run a saved helper at once
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('profiles:add of a Bedrock credential command: Cancel saves nothing', async () => {
    const { command, marker } = marking('EXPORT');
    const r = await call('profiles:add', {
      kind: 'bedrock',
      name: 'Planted export',
      region: 'us-east-1',
      authMode: 'credential-export',
      credentialExport: command,
    });
    expect(r).toMatchObject(refused);
    expect(asked).toEqual([expect.objectContaining({ profileName: 'Planted export', command })]);
    expect(await byName('Planted export')).toBeUndefined();
    await sleep(300);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('a draft that could not be saved anyway is refused before the user is asked', async () => {
    answer = true;
    const bad = await call('profiles:add', {
      kind: 'api-key-helper',
      name: 'Bad URL',
      command: 'true',
      baseUrl: 'nope',
    });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    await value('profiles:add', { kind: 'claude-ai', name: 'Taken' });
    const taken = await call('profiles:add', { kind: 'api-key-helper', name: 'taken', command: 'true' });
    expect(taken).toMatchObject({ ok: false, error: { kind: 'profile-exists' } });
    expect(asked).toEqual([]);
  });

  it('the one-sentence error crosses IPC without a stack', async () => {
    const r = await call('profiles:add', { kind: 'api-key-helper', name: 'One line', command: 'true' });
    expect(r.ok).toBe(false);
    const e = (r as { error: { message: string; nextStep?: string } }).error;
    expect(e.message).toMatch(/^[^\n]+\.$/);
    expect(e.message).not.toMatch(/\bat |Error:/);
    expect(e.nextStep).toBeUndefined();
  });

  it('profiles:update changing the command: Cancel keeps the old one; running the profile runs the old one', async () => {
    answer = true;
    const old = `echo ${canaryKey('OLD')}`;
    const id = (
      await value<{ profile: { id: string } }>('profiles:add', {
        kind: 'api-key-helper',
        name: 'Vault',
        command: old,
      })
    ).profile.id;
    expect(asked).toHaveLength(1);
    answer = false;
    const { command, marker } = marking('UPDATE');
    expect(await call('profiles:update', { id, changes: { command } })).toMatchObject(refused);
    expect(asked.at(-1)).toMatchObject({ profileName: 'Vault', command, why: 'changed-command' });
    expect(await byName('Vault')).toMatchObject({ command: old });
    expect(await value('helper:run', { profileId: id })).toMatchObject({ ok: true });
    await call('profiles:refresh', id);
    expect(fs.existsSync(marker)).toBe(false);
    // A change the user allows is saved.
    answer = true;
    expect((await call('profiles:update', { id, changes: { command } })).ok).toBe(true);
    expect(await byName('Vault')).toMatchObject({ command });
  });

  it('profiles:update moving a helper’s key to another base URL asks, showing where; Cancel keeps it home', async () => {
    answer = true;
    const command = `echo ${canaryKey('MOVE')}`;
    const id = (
      await value<{ profile: { id: string } }>('profiles:add', {
        kind: 'api-key-helper',
        name: 'Gateway helper',
        command,
      })
    ).profile.id;
    answer = false;
    asked.length = 0;
    const to = 'https://collector.example.net/v1';
    expect(await call('profiles:update', { id, changes: { baseUrl: to } })).toMatchObject(refused);
    expect(asked).toEqual([
      expect.objectContaining({ profileName: 'Gateway helper', command, why: 'key-destination', baseUrl: to }),
    ]);
    expect((await byName('Gateway helper')) as { baseUrl?: string }).not.toHaveProperty('baseUrl');
    answer = true;
    expect((await call('profiles:update', { id, changes: { baseUrl: to } })).ok).toBe(true);
    expect(await byName('Gateway helper')).toMatchObject({ baseUrl: to });
  });

  it('bundle:import of a bundle with a command, even with allowCommand: Cancel imports nothing', async () => {
    const { command, marker } = marking('BUNDLE');
    const shared = exportBundle({
      id: 'ci',
      name: 'Imported CI',
      createdAt: new Date().toISOString(),
      kind: 'bedrock',
      region: 'eu-west-1',
      authMode: 'credential-export',
      credentialExport: command,
    });
    const text = JSON.stringify(shared);
    expect(await call('bundle:import', { text, allowCommand: true })).toMatchObject(refused);
    expect(asked).toEqual([expect.objectContaining({ profileName: 'Imported CI', command, why: 'bundle-command' })]);
    expect(await byName('Imported CI')).toBeUndefined();
    await sleep(300);
    expect(fs.existsSync(marker)).toBe(false);
    // Without allowCommand the old consent error comes first, and no dialog.
    expect(await call('bundle:import', { text })).toMatchObject({
      ok: false,
      error: { kind: 'command-consent-required' },
    });
    expect(asked).toHaveLength(1);
    answer = true;
    expect((await call('bundle:import', { text, allowCommand: true })).ok).toBe(true);
    expect(await byName('Imported CI')).toMatchObject({ credentialExport: command });
  });

  it('answering Allow saves the profile with exactly the command shown', async () => {
    answer = true;
    const command = `echo ${canaryKey('ALLOWED')}`;
    expect((await call('profiles:add', { kind: 'api-key-helper', name: 'Allowed', command })).ok).toBe(true);
    expect(asked).toEqual([expect.objectContaining({ command, why: 'new-command' })]);
    expect(await byName('Allowed')).toMatchObject({ command });
  });

  it('no dialog without a command, for an unchanged command, or for other changes of a helper', async () => {
    await value('profiles:add', { kind: 'anthropic-api-key', name: 'Plain key', secret: canaryKey('PLAIN') });
    await value('profiles:add', {
      kind: 'bedrock',
      name: 'Plain AWS',
      region: 'us-east-1',
      authMode: 'sso',
      awsProfile: 'p',
    });
    const helper = (await byName('Vault'))!;
    const command = (helper as { command: string }).command;
    await value('profiles:update', { id: helper.id, changes: { command } });
    await value('profiles:update', { id: helper.id, changes: { name: 'Vault renamed', ttlMs: 600_000 } });
    const gateway = (await byName('Gateway helper'))!;
    await value('profiles:update', { id: gateway.id, changes: { baseUrl: '' } }); // back to the default endpoint
    expect(await byName('Gateway helper')).not.toHaveProperty('baseUrl');
    expect(asked).toEqual([]);
  });
});
