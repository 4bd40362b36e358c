/**
 * The window after the keyring locks mid-session (desktop audit): every channel the window uses
 * answers a value — the snapshot still comes, an action that needs the key says the keychain is
 * locked and what to do in the window's words — nothing of the user's is lost, and no payload
 * carries the key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcResult, ProfileView, Snapshot } from '../../common/ipc-contract';
import { appHarness } from '../support/app-harness';
import { canaryKey } from '../support/cli';

const h = appHarness({ start: true, ipc: 'own-frame' });

describe('keyring locked mid-session', () => {
  it('the window keeps working, says how to unlock, and loses nothing', async () => {
    const key = canaryKey('LOCKEDWIN');
    const added = await h.value<ProfileView>('profiles:add', {
      kind: 'anthropic-api-key',
      name: 'Locked',
      secret: key,
    });
    const id = added.profile.id;
    h.kr.lock();
    const answers: IpcResult<unknown>[] = [];
    const ask = async (channel: string, arg: unknown) => {
      const r = await h.call(channel, arg);
      answers.push(r);
      return r;
    };
    const snap = await ask('app:snapshot', undefined);
    expect(snap.ok).toBe(true);
    const activate = await ask('profiles:activate', id);
    const remove = await ask('profiles:remove', id);
    await ask('profiles:refresh', id);
    await ask('keys:check', { profileId: id });
    await ask('profiles:update', { id, changes: { name: 'Locked two' } });
    for (const r of [activate, remove]) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.kind).toBe('keychain-locked');
      expect(`${r.error.message} ${r.error.nextStep ?? ''}`).toMatch(/unlock/i);
      expect(`${r.error.message} ${r.error.nextStep ?? ''}`).not.toMatch(/--[a-z]|claude-auth-tray /);
    }
    // A new key while locked: refused with the same words, and no profile without its key is left.
    const fresh = canaryKey('LOCKEDNEW');
    const add = await ask('profiles:add', { kind: 'anthropic-api-key', name: 'Fresh', secret: fresh });
    expect(add).toMatchObject({ ok: false, error: { kind: 'keychain-locked' } });
    const after = await h.value<Snapshot>('app:snapshot', undefined);
    expect(after.profiles.map((v) => v.profile.name)).not.toContain('Fresh');
    expect(JSON.stringify(answers)).not.toContain(fresh);
    // The profile is still there, its state says why its key cannot be read and what to do.
    const view = after.profiles.find((v) => v.profile.id === id);
    expect(view?.state).toMatchObject({ status: 'error', detail: { kind: 'keychain-locked' }, next: 'none' });
    expect(view?.state.detail.message).toMatch(/Unlock or start your keyring/);
    expect(view?.state.detail.message).not.toMatch(/--[a-z]|claude-auth-tray /);
    expect(JSON.stringify(answers)).not.toContain(key);
    expect(JSON.stringify(after)).not.toContain(key);
  });
});

describe('outside text in what the window receives', () => {
  it('a hand-edited name and what claude auth status recorded reach the window without controls or bidi overrides', async () => {
    const file = path.join(h.sb.appDir, 'profiles.json');
    const f = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Record<string, unknown>[] };
    f.profiles.push({
      id: 'spoof-1',
      name: 'Work\u202e yek\u001b[31m',
      createdAt: new Date().toISOString(),
      kind: 'claude-ai',
      storageDir: path.join(h.sb.home, 'acct'),
      email: 'me\u202e@corp.example',
      organization: 'Corp\u2066\u0007',
    });
    fs.writeFileSync(file, JSON.stringify(f));
    // The folder watch tells the running app about the hand edit.
    let snap = await h.value<Snapshot>('app:snapshot', undefined);
    for (let i = 0; i < 100 && !snap.profiles.some((x) => x.profile.id === 'spoof-1'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      snap = await h.value<Snapshot>('app:snapshot', undefined);
    }
    const v = snap.profiles.find((x) => x.profile.id === 'spoof-1');
    expect(v?.profile).toMatchObject({ name: 'Work yek', email: 'me@corp.example', organization: 'Corp' });
    expect(JSON.stringify(snap)).not.toMatch(/\\u202e|\\u2066|\\u001b|\\u0007|\u202e|\u2066/);
  });
});
