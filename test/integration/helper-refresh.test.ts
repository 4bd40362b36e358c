/**
 * refreshHelperKey's stamp (issue 16): a refresh that is due by its stamp takes the lock at once and
 * runs the command without reading the keychain first (the apiKeyHelper's cold path starts the user's
 * command while its keychain connection is still being set up); anything else reads the keychain as
 * before. Real gnome-keyring (the native store in this process), real lock files, real /bin/sh commands.
 */
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedKeyText, isFresh, parseCachedKey } from '../../main/core/helper-cache';
import { helperLockFile, helperStampFile, refreshHelperKey } from '../../main/core/helper-refresh';
import { readConfirmedKey } from '../../main/core/helper-stamp';
import { offlineState } from '../../main/core/offline-state';
import type { Profile } from '../../common/profile';
import { tryLock } from '../../main/core/file-lock';
import { KeyringSecretStore } from '../../main/core/vault';
import { canaryKey, filesContaining } from '../support/cli';
import { keyringInProcess } from '../support/keyring-in-process';

const SERVICE = 'claude-auth-tray-refresh-test';
const rand = (): string => Math.random().toString(36).slice(2, 8);

keyringInProcess();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-refresh-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A helper profile whose command counts its runs and prints `key`; a keychain that counts its reads. */
function world(key: string): {
  profile: { id: string; command: string; timeoutMs: number };
  keychain: { reads: number; writes: number; get(a: string): string | undefined; set(a: string, s: string): void };
  runs(): number;
  /** What the command prints from now on (kept in a file outside the data folder). */
  setKey(k: string): void;
  stamp(): string | undefined;
  dataDir: string;
  native: KeyringSecretStore;
} {
  const id = `h-${rand()}`;
  const dataDir = path.join(dir, id);
  fs.mkdirSync(dataDir);
  const counter = path.join(dataDir, 'runs');
  const keyFile = path.join(dir, `${id}.key`);
  fs.writeFileSync(keyFile, `${key}\n`);
  const native = new KeyringSecretStore(SERVICE);
  const keychain = {
    reads: 0,
    writes: 0,
    get(a: string): string | undefined {
      this.reads++;
      return native.get(a);
    },
    set(a: string, s: string): void {
      this.writes++;
      native.set(a, s);
    },
  };
  return {
    profile: { id, command: `echo x >> '${counter}'; cat '${keyFile}'`, timeoutMs: 10_000 },
    keychain,
    runs: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').trim().split('\n').length : 0),
    setKey: (k) => fs.writeFileSync(keyFile, `${k}\n`),
    stamp: () => {
      const f = helperStampFile(dataDir, id);
      try {
        return fs.readlinkSync(f);
      } catch {
        return undefined;
      }
    },
    dataDir,
    native,
  };
}

/** A stamp as a refresh writes it: a symbolic link whose target is the text, replacing what is there. */
function plantStamp(file: string, text: string): void {
  fs.rmSync(file, { force: true });
  fs.symlinkSync(text, file);
}

const TTL = 60_000;
const fresh = (c: { readonly fetchedAt: number }): boolean => isFresh(c, TTL, Date.now());

describe('refreshHelperKey and its stamp (issue 16)', () => {
  it('without a stamp the keychain is read (and read again under the lock); the refresh leaves a stamp, no key', async () => {
    const key = canaryKey('STAMP');
    const w = world(key);
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(r).toMatchObject({ key, ranHelper: true });
    expect(w.keychain.reads).toBe(2);
    expect(w.runs()).toBe(1);
    expect(w.stamp()).toBe(`${r.fetchedAt}`);
    expect(parseCachedKey(w.native.get(w.profile.id))).toEqual({ key, fetchedAt: r.fetchedAt });
    expect(filesContaining([w.dataDir], key)).toEqual([]);
    // A stamp that says the key is usable: the keychain is read and its key served, nothing runs.
    const again = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(again).toMatchObject({ key, fetchedAt: r.fetchedAt, ranHelper: false });
    expect(w.keychain.reads).toBe(3);
    expect(w.runs()).toBe(1);
    w.native.delete(w.profile.id);
  });

  it('a refresh due by its stamp runs the command at once (the keychain read while it runs); the same key is confirmed by the stamp, not written', async () => {
    const key = canaryKey('DUE');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const reads = w.keychain.reads;
    await new Promise((r) => setTimeout(r, 5));
    // Expired (a TTL of 1 ms), or rejected (a 401: the key this requester already got).
    for (const usable of [(c: { readonly fetchedAt: number }) => isFresh(c, 1, Date.now()), () => false]) {
      const before = w.stamp();
      const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, usable);
      expect(r).toMatchObject({ key, ranHelper: true });
      expect(r.fetchedAt).toBeGreaterThan(first.fetchedAt);
      expect(w.stamp()).toBe(`${r.fetchedAt}-${first.fetchedAt}`);
      expect(w.stamp()).not.toBe(before);
      expect(parseCachedKey(w.native.get(w.profile.id))).toEqual({ key, fetchedAt: first.fetchedAt });
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(w.keychain.reads).toBe(reads + 2); // one each, asked after the command started
    expect(w.keychain.writes).toBe(1);
    expect(w.runs()).toBe(3);
    expect(fs.existsSync(helperLockFile(w.dataDir, w.profile.id))).toBe(false);
    w.native.delete(w.profile.id);
  });

  it('the same key again: nothing written to the keychain, the stamp confirms the stored item, every reader sees it as fetched now', async () => {
    const key = canaryKey('SAME');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(w.keychain.writes).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
    expect(r).toMatchObject({ key, ranHelper: true });
    expect(r.fetchedAt).toBeGreaterThan(first.fetchedAt);
    expect(w.keychain.writes).toBe(1); // no second write
    expect(parseCachedKey(w.native.get(w.profile.id))).toEqual({ key, fetchedAt: first.fetchedAt });
    expect(w.stamp()).toBe(`${r.fetchedAt}-${first.fetchedAt}`);
    // Readers: the refresh (a caller wanting a key fetched since the run: served, nothing runs) and the
    // tray's and status's reader.
    const since = (c: { readonly fetchedAt: number }): boolean => c.fetchedAt >= r.fetchedAt;
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, since)).toEqual({
      key,
      fetchedAt: r.fetchedAt,
      ranHelper: false,
    });
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, Date.now())).toEqual({ key, fetchedAt: r.fetchedAt });
    expect(w.runs()).toBe(2);
    // Confirmed again later: the stamp still names the stored item.
    await new Promise((res) => setTimeout(res, 5));
    const again = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
    expect(w.stamp()).toBe(`${again.fetchedAt}-${first.fetchedAt}`);
    expect(w.keychain.writes).toBe(1);
    expect(filesContaining([w.dataDir], key)).toEqual([]);
    w.native.delete(w.profile.id);
  });

  it('a changed key is written and stamped as before', async () => {
    const w = world(canaryKey('CHANGE'));
    await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const next = canaryKey('CHANGENEW');
    w.setKey(next);
    await new Promise((r) => setTimeout(r, 5));
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
    expect(r).toMatchObject({ key: next, ranHelper: true });
    expect(w.keychain.writes).toBe(2);
    expect(parseCachedKey(w.native.get(w.profile.id))).toEqual({ key: next, fetchedAt: r.fetchedAt });
    expect(w.stamp()).toBe(`${r.fetchedAt}`);
    expect(filesContaining([w.dataDir], next)).toEqual([]);
    w.native.delete(w.profile.id);
  });

  it('a confirmation names one item: an item with another fetchedAt (written since) keeps its own', async () => {
    const key = canaryKey('NAMES');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const later = first.fetchedAt + 1_000;
    const newer = (c: { readonly fetchedAt: number }): boolean => c.fetchedAt >= later;
    const stampFile = helperStampFile(w.dataDir, w.profile.id);
    // It names another item: the stored one is as old as it is, so the command runs.
    plantStamp(stampFile, `${later}-${first.fetchedAt - 1}`);
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, Date.now())).toEqual({
      key,
      fetchedAt: first.fetchedAt,
    });
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, newer)).toMatchObject({ ranHelper: true });
    expect(w.runs()).toBe(2);
    // It names the stored item: that item counts as fetched at its time, nothing runs.
    const stored = parseCachedKey(w.native.get(w.profile.id))!;
    plantStamp(stampFile, `${stored.fetchedAt + 1_000}-${stored.fetchedAt}`);
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, (c) => c.fetchedAt > stored.fetchedAt)).toEqual({
      key,
      fetchedAt: stored.fetchedAt + 1_000,
      ranHelper: false,
    });
    expect(w.runs()).toBe(2);
    w.native.delete(w.profile.id);
  });

  it('a key another writer stored since a confirmation (one that keeps no stamp) is read with its own time; a deleted item is not revived', async () => {
    const key = canaryKey('ROTATED');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    await new Promise((r) => setTimeout(r, 5));
    const confirmed = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
    expect(w.stamp()).toBe(`${confirmed.fetchedAt}-${first.fetchedAt}`);
    // Stored since, dated before the confirmation (another clock, an older version): not vouched for.
    const other = canaryKey('ROTATEDNEW');
    const at = first.fetchedAt + 1;
    w.native.set(w.profile.id, cachedKeyText({ key: other, fetchedAt: at }));
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, Date.now())).toEqual({ key: other, fetchedAt: at });
    const since = (c: { readonly fetchedAt: number }): boolean => c.fetchedAt >= confirmed.fetchedAt;
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, since);
    expect(r).toMatchObject({ key, ranHelper: true });
    expect(parseCachedKey(w.native.get(w.profile.id))).toEqual({ key, fetchedAt: r.fetchedAt });
    expect(w.runs()).toBe(3);
    w.native.delete(w.profile.id);
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, Date.now())).toBeUndefined();
    expect(filesContaining([w.dataDir], other)).toEqual([]);
  });

  it("a confirmation dated in the future (a clock set back since, or planted text) vouches for nothing: every reader keeps the item's own time", async () => {
    const key = canaryKey('FUTURE');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const stampFile = helperStampFile(w.dataDir, w.profile.id);
    const now = Date.now();
    // A day ahead: the tray would show the key good for a day and not look at it until then.
    plantStamp(stampFile, `${now + 86_400_000}-${first.fetchedAt}`);
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, now)).toEqual({ key, fetchedAt: first.fetchedAt });
    const profile = { ...w.profile, kind: 'api-key-helper', name: 'F', ttlMs: TTL } as unknown as Profile;
    const later = first.fetchedAt + TTL + 1;
    expect(offlineState(profile, w.native, { CLAUDE_AUTH_TRAY_HOME: w.dataDir }, later, 'linux')).toMatchObject({
      status: 'expired',
      expiresAt: first.fetchedAt + TTL,
    });
    // Within the clock skew every reader allows (isFresh: a minute), it is taken as it says.
    plantStamp(stampFile, `${now + 30_000}-${first.fetchedAt}`);
    expect(readConfirmedKey(w.native, w.dataDir, w.profile.id, now)).toEqual({ key, fetchedAt: now + 30_000 });
    expect(w.runs()).toBe(1);
    w.native.delete(w.profile.id);
  });

  it.each([
    ['a link to no number', (f: string) => plantStamp(f, 'soon')],
    ['a regular file that is not digits and a newline', (f: string) => fs.writeFileSync(f, '1')],
    ['a regular file with other text', (f: string) => fs.writeFileSync(f, 'soon\n')],
    ['a link to a real file', (f: string) => plantStamp(f, path.join(path.dirname(f), '..', 'profiles.json'))],
    ['a folder', (f: string) => fs.mkdirSync(f)],
  ])('a stamp that is %s: the keychain decides, as without one', async (_, plant) => {
    const key = canaryKey('ODD');
    const w = world(key);
    // A real file where the link points, whose text would be a stamp: read only through a link it is not.
    const target = path.join(w.dataDir, 'profiles.json');
    fs.writeFileSync(target, '1\n');
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    fs.rmSync(helperStampFile(w.dataDir, w.profile.id));
    plant(helperStampFile(w.dataDir, w.profile.id));
    const reads = w.keychain.reads;
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(r).toMatchObject({ key, fetchedAt: first.fetchedAt, ranHelper: false });
    expect(w.keychain.reads).toBe(reads + 1);
    expect(w.runs()).toBe(1);
    // A refresh after it replaces what is there (a folder stays: no stamp), never writes through it.
    const again = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
    expect(again).toMatchObject({ key, ranHelper: true });
    expect(fs.readFileSync(target, 'utf8')).toBe('1\n');
    const st = fs.lstatSync(helperStampFile(w.dataDir, w.profile.id), { throwIfNoEntry: false });
    if (st?.isDirectory()) expect(fs.readdirSync(helperStampFile(w.dataDir, w.profile.id))).toEqual([]);
    else expect(w.stamp()).toBe(`${again.fetchedAt}-${first.fetchedAt}`);
    w.native.delete(w.profile.id);
  });

  it("an older version's stamp (a regular file: digits and a newline) is a stamp: read as one, replaced by a link", async () => {
    const key = canaryKey('OLDFILE');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const file = helperStampFile(w.dataDir, w.profile.id);
    // It says the key is usable: the keychain is read and its key served, nothing runs.
    fs.rmSync(file);
    fs.writeFileSync(file, `${first.fetchedAt}\n`);
    let reads = w.keychain.reads;
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh)).toMatchObject({
      key,
      fetchedAt: first.fetchedAt,
      ranHelper: false,
    });
    expect(w.keychain.reads).toBe(reads + 1);
    // It says the key is due (an hour old): the command runs under the lock at once.
    fs.rmSync(file);
    fs.writeFileSync(file, `${first.fetchedAt - 3_600_000}\n`);
    reads = w.keychain.reads;
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(r).toMatchObject({ key, ranHelper: true });
    expect(w.keychain.reads).toBe(reads + 1); // while the command ran
    expect(w.runs()).toBe(2);
    expect(w.stamp()).toBe(`${r.fetchedAt}-${first.fetchedAt}`); // a link now
    w.native.delete(w.profile.id);
  });

  it("where a symbolic link cannot be made (EPERM: Windows without Developer Mode, exFAT, some SMB mounts) the stamp is main's file, and works as a stamp", async () => {
    const key = canaryKey('NOLINK');
    const w = world(key);
    const file = helperStampFile(w.dataDir, w.profile.id);
    const cjsFs = createRequire(import.meta.url)('node:fs') as typeof fs;
    const symlink = cjsFs.symlinkSync;
    let refused = 0;
    cjsFs.symlinkSync = (() => {
      refused++;
      throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
    }) as typeof fs.symlinkSync;
    syncBuiltinESMExports(); // the module's `import * as fs` sees it too
    try {
      const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
      expect(refused).toBe(2); // the lock's link (then the file lock) and the stamp's
      expect(fs.existsSync(helperLockFile(w.dataDir, w.profile.id))).toBe(false);
      expect(fs.lstatSync(file).isFile()).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toBe(`${first.fetchedAt}\n`);
      expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
      await new Promise((r) => setTimeout(r, 5));
      // Due by that stamp: the command runs at once, and the file is rewritten (confirming the item).
      const reads = w.keychain.reads;
      const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
      expect(r).toMatchObject({ key, ranHelper: true });
      expect(w.keychain.reads).toBe(reads + 1);
      expect(fs.readFileSync(file, 'utf8')).toBe(`${r.fetchedAt}-${first.fetchedAt}\n`);
      // A changed key: written, and the file stamp names it alone.
      const next = canaryKey('NOLINKNEW');
      w.setKey(next);
      await new Promise((res) => setTimeout(res, 5));
      const changed = await refreshHelperKey(w.keychain, w.dataDir, w.profile, () => false);
      expect(changed).toMatchObject({ key: next, ranHelper: true });
      expect(fs.readFileSync(file, 'utf8')).toBe(`${changed.fetchedAt}\n`);
      expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      cjsFs.symlinkSync = symlink;
      syncBuiltinESMExports();
    }
    expect(filesContaining([w.dataDir], key)).toEqual([]);
    w.native.delete(w.profile.id);
  });

  it('a due refresh that finds the lock taken waits, then serves what the holder stored (no second run)', async () => {
    const key = canaryKey('WAIT');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    // Another process holds the lock and is refreshing.
    const release = tryLock(helperLockFile(w.dataDir, w.profile.id))!;
    expect(release).toBeDefined();
    const waiting = refreshHelperKey(w.keychain, w.dataDir, w.profile, (c) => c.fetchedAt >= since);
    await new Promise((r) => setTimeout(r, 150));
    const held = canaryKey('HOLDER');
    const fetchedAt = Date.now();
    w.native.set(w.profile.id, cachedKeyText({ key: held, fetchedAt }));
    plantStamp(helperStampFile(w.dataDir, w.profile.id), `${fetchedAt}`);
    release();
    expect(await waiting).toMatchObject({ key: held, fetchedAt, ranHelper: false });
    expect(w.runs()).toBe(1);
    expect(first.ranHelper).toBe(true);
    w.native.delete(w.profile.id);
  });

  it('a stamp that changed before the lock was taken: the keychain is read under the lock, nothing runs', async () => {
    const key = canaryKey('LANDED');
    const w = world(key);
    await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    // The stamp is read twice, before and under the lock: a refresh that lands in between (here: as
    // the lock's link is made, the first step of taking it) changes it, and its key is used.
    const landed = canaryKey('LANDEDNEW');
    const stampFile = helperStampFile(w.dataDir, w.profile.id);
    const lockFile = helperLockFile(w.dataDir, w.profile.id);
    const cjsFs = createRequire(import.meta.url)('node:fs') as typeof fs;
    const symlink = cjsFs.symlinkSync;
    let landedAt = 0;
    cjsFs.symlinkSync = ((...a: Parameters<typeof fs.symlinkSync>) => {
      if (!landedAt && a[1] === lockFile) {
        landedAt = Date.now();
        w.native.set(w.profile.id, cachedKeyText({ key: landed, fetchedAt: landedAt }));
        plantStamp(stampFile, `${landedAt}`);
      }
      return symlink(...a);
    }) as typeof fs.symlinkSync;
    syncBuiltinESMExports(); // the module's `import * as fs` sees it too
    try {
      const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, (c) => c.fetchedAt >= since);
      expect(landedAt).toBeGreaterThan(0);
      expect(r).toMatchObject({ key: landed, fetchedAt: landedAt, ranHelper: false });
    } finally {
      cjsFs.symlinkSync = symlink;
      syncBuiltinESMExports();
    }
    expect(w.runs()).toBe(1);
    w.native.delete(w.profile.id);
  });

  it('a keychain write that fails leaves the stamp ahead: the next refresh reads the keychain first', async () => {
    const key = canaryKey('AHEAD');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    const failing = {
      get: (a: string) => w.keychain.get(a),
      set: (): Promise<void> => Promise.reject(new Error('The Secret Service did not confirm the new secret.')),
    };
    w.setKey(canaryKey('AHEADNEW')); // a new key: the refresh writes it (and that write fails)
    await expect(refreshHelperKey(failing, w.dataDir, w.profile, () => false)).rejects.toThrow(/did not confirm/);
    expect(w.runs()).toBe(2);
    expect(Number(w.stamp())).toBeGreaterThan(first.fetchedAt); // ahead of the keychain
    expect(fs.existsSync(helperLockFile(w.dataDir, w.profile.id))).toBe(false);
    const reads = w.keychain.reads;
    // The key in the keychain is still the first one, inside its TTL: served, nothing runs.
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh)).toMatchObject({
      key,
      fetchedAt: first.fetchedAt,
      ranHelper: false,
    });
    expect(w.keychain.reads).toBe(reads + 1);
    expect(w.runs()).toBe(2);
    w.native.delete(w.profile.id);
  });

  it('a stamp behind the keychain (a key stored by something that keeps no stamp) costs one run under the lock', async () => {
    const key = canaryKey('STEP');
    const w = world(key);
    const first = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    // The keychain holds a key fetched now; the stamp still names one from an hour ago.
    plantStamp(helperStampFile(w.dataDir, w.profile.id), `${first.fetchedAt - 3_600_000}`);
    const r = await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh);
    expect(r).toMatchObject({ key, ranHelper: true });
    expect(w.runs()).toBe(2);
    expect(w.stamp()).toBe(`${r.fetchedAt}-${first.fetchedAt}`); // in step again: the same key confirmed
    expect(await refreshHelperKey(w.keychain, w.dataDir, w.profile, fresh)).toMatchObject({ ranHelper: false });
    expect(w.runs()).toBe(2);
    w.native.delete(w.profile.id);
  });
});
