import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryLock, withFileLock } from '../../main/core/file-lock';
import { bundleSupportScript } from '../support/bundle';

let root: string;
let worker: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-lock-'));
  worker = await bundleSupportScript('lock-worker', root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function run(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<number | null>;
} {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, done };
}

function freshDir(): string {
  return fs.mkdtempSync(path.join(root, 'd-'));
}

describe('file lock between real processes', () => {
  it('four processes incrementing one counter 100 times each lose no update', async () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const workers = [0, 1, 2, 3].map(() => run(['count', lock, counter, '100']));
    const codes = await Promise.all(workers.map((w) => w.done));
    expect(workers.map((w) => w.err())).toEqual(['', '', '', '']);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(fs.readFileSync(counter, 'utf8')).toBe('400');
    expect(fs.readdirSync(dir).sort()).toEqual(['counter']);
  });

  it('a holder killed with SIGKILL does not block the next taker (its pid is dead)', async () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const holder = run(['hold', lock]);
    await new Promise<void>((resolve) => holder.child.stdout!.on('data', () => resolve()));
    expect(tryLock(lock)).toBeUndefined(); // alive: it is respected
    holder.child.kill('SIGKILL');
    await holder.done;
    const started = Date.now();
    expect(withFileLock(lock, () => 'mine', { timeoutMs: 1_000 })).toBe('mine');
    expect(Date.now() - started).toBeLessThan(500);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('killed at random moments, writers never leave a lock or draft that blocks or lingers', async () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    let emptySeen = 0;
    for (let i = 0; i < 40; i++) {
      const w = run(['count', lock, counter, '100000']);
      await new Promise<void>((resolve) =>
        w.child.stdout!.on('data', () => {
          if (!w.child.killed) setTimeout(() => w.child.kill('SIGKILL'), Math.random() * 3);
          resolve();
        }),
      );
      await w.done;
      expect(w.err()).toBe('');
      try {
        if (fs.readFileSync(lock, 'utf8') === '') emptySeen++;
      } catch {
        // no lock left: the kill fell outside the locked span
      }
      // The dead writer's lock is taken over at once, not after the two-minute stale age.
      expect(withFileLock(lock, () => true, { timeoutMs: 1_000 })).toBe(true);
    }
    expect(emptySeen).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['counter']);
  });

  it('a lock with no pid in it is taken over after two seconds, not two minutes', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    fs.writeFileSync(lock, '');
    expect(tryLock(lock)).toBeUndefined(); // it may be a holder mid-write
    const old = new Date(Date.now() - 3_000);
    fs.utimesSync(lock, old, old);
    const release = tryLock(lock);
    expect(release).toBeDefined();
    release!();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a holder that overran the stale age does not delete the lock of the process that took over', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const slow = tryLock(lock)!;
    // Pretend our own lock is from a dead pid so the takeover path runs; then the slow holder releases.
    fs.writeFileSync(lock, '999999999\n');
    const next = tryLock(lock)!;
    expect(next).toBeDefined();
    slow();
    expect(fs.existsSync(lock)).toBe(true);
    next();
    expect(fs.existsSync(lock)).toBe(false);
  });
});

describe('link locks (tryLock asLink: the apiKeyHelper cold path, issue 16)', () => {
  it('two processes with link locks and two with file locks on one name lose no update', async () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const workers = ['count-link', 'count', 'count-link', 'count'].map((m) => run([m, lock, counter, '100']));
    const codes = await Promise.all(workers.map((w) => w.done));
    expect(workers.map((w) => w.err())).toEqual(['', '', '', '']);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(fs.readFileSync(counter, 'utf8')).toBe('400');
    expect(fs.readdirSync(dir).sort()).toEqual(['counter']);
  });

  it('is a symbolic link to the holder text, one call, no draft; both forms respect it; released only by its holder', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'locks', 'x.lock'); // its folder is made when missing
    const release = tryLock(lock, 120_000, true)!;
    expect(release).toBeDefined();
    expect(fs.lstatSync(lock).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(lock)).toMatch(new RegExp(`^${process.pid}\\n\\d+-\\d+\\n$`));
    expect(fs.readdirSync(path.dirname(lock))).toEqual(['x.lock']);
    expect(tryLock(lock)).toBeUndefined();
    expect(tryLock(lock, 120_000, true)).toBeUndefined();
    release();
    expect(fs.existsSync(lock)).toBe(false);
    // A file lock held: a link lock waits for it too.
    const file = tryLock(lock)!;
    expect(tryLock(lock, 120_000, true)).toBeUndefined();
    file();
  });

  it('a link-lock holder killed with SIGKILL does not block the next taker (either form)', async () => {
    for (const asLink of [true, false]) {
      const dir = freshDir();
      const lock = path.join(dir, 'x.lock');
      const holder = run(['hold-link', lock]);
      await new Promise<void>((resolve) => holder.child.stdout!.on('data', () => resolve()));
      expect(tryLock(lock, 120_000, asLink)).toBeUndefined(); // alive: it is respected
      holder.child.kill('SIGKILL');
      await holder.done;
      const release = tryLock(lock, 120_000, asLink);
      expect(release).toBeDefined();
      release!();
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });

  it('a link planted at the name is read as what it says, never followed (its target is left alone)', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, `${process.pid}\nprecious\n`);
    fs.symlinkSync(victim, lock); // says no pid: taken over after two seconds, like an empty lock
    expect(tryLock(lock, 120_000, true)).toBeUndefined();
    const old = new Date(Date.now() - 3_000);
    fs.lutimesSync(lock, old, old);
    const release = tryLock(lock, 120_000, true)!;
    expect(release).toBeDefined();
    release();
    expect(fs.readFileSync(victim, 'utf8')).toBe(`${process.pid}\nprecious\n`);
    expect(fs.readdirSync(dir)).toEqual(['victim.txt']);
  });

  it('a FIFO or a folder planted at the name is a held lock (either form), never read from or blocked on', () => {
    for (const plant of ['fifo', 'dir'] as const) {
      const dir = freshDir();
      const lock = path.join(dir, 'x.lock');
      if (plant === 'fifo') execFileSync('mkfifo', [lock]);
      else fs.mkdirSync(lock);
      for (const mode of ['hold-link', 'hold']) {
        // A child process: a read that blocks on the FIFO would hang this test's worker for good.
        const r = spawnSync(process.execPath, [worker, mode, lock], { encoding: 'utf8', timeout: 30_000 });
        expect({ plant, mode, signal: r.signal, busy: /lock busy/.test(r.stderr) }).toEqual({
          plant,
          mode,
          signal: null,
          busy: true,
        });
      }
      expect(plant === 'fifo' ? fs.lstatSync(lock).isFIFO() : fs.lstatSync(lock).isDirectory()).toBe(true);
    }
  });

  it('a live link lock moved away by a taker that lost the race is put back where link() follows links (macOS, the BSDs)', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const dead = spawnSync('true').pid!; // reaped: its pid names no holder
    fs.symlinkSync(`${dead}\n1-1\n`, lock);
    const live = `${process.pid}\n${Date.now()}-9\n`;
    const cjsFs = createRequire(import.meta.url)('node:fs') as typeof fs;
    const { renameSync, linkSync } = cjsFs;
    // Between our look and our rename another taker replaces the dead lock with its live one.
    cjsFs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
      if (from === lock && fs.readlinkSync(lock) !== live) {
        fs.unlinkSync(lock);
        fs.symlinkSync(live, lock);
      }
      renameSync(from, to);
    }) as typeof fs.renameSync;
    // link(2) there follows a symbolic link: a link lock's target is no file, so it fails.
    cjsFs.linkSync = ((from: fs.PathLike, to: fs.PathLike) => {
      if (fs.lstatSync(from).isSymbolicLink()) fs.statSync(from); // ENOENT, as link(2) there
      linkSync(from, to);
    }) as typeof fs.linkSync;
    syncBuiltinESMExports();
    try {
      expect(tryLock(lock, 120_000, true)).toBeUndefined();
    } finally {
      cjsFs.renameSync = renameSync;
      cjsFs.linkSync = linkSync;
      syncBuiltinESMExports();
    }
    expect(fs.readlinkSync(lock)).toBe(live); // the live holder keeps its lock
    expect(fs.readdirSync(dir)).toEqual(['x.lock']);
  });

  it('where a link cannot be made (EPERM) it is the file lock', () => {
    const dir = freshDir();
    const lock = path.join(dir, 'x.lock');
    const cjsFs = createRequire(import.meta.url)('node:fs') as typeof fs;
    const symlink = cjsFs.symlinkSync;
    cjsFs.symlinkSync = (() => {
      throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
    }) as typeof fs.symlinkSync;
    syncBuiltinESMExports();
    try {
      const release = tryLock(lock, 120_000, true)!;
      expect(release).toBeDefined();
      expect(fs.lstatSync(lock).isFile()).toBe(true);
      expect(tryLock(lock, 120_000, true)).toBeUndefined();
      release();
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      cjsFs.symlinkSync = symlink;
      syncBuiltinESMExports();
    }
  });
});
