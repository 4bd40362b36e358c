/** FileWatcher's fallback (issue 13): it polls only where fs.watch fails, at the owner's interval. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWatcher } from '../../main/core/file-watch';
import { FakeClock } from '../support/fake-clock';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const file = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-watch-'));
  dirs.push(d);
  return path.join(d, 'profiles.json');
};
/** fs.watch as it fails past the inotify limit. */
const failing = (): fs.FSWatcher => {
  throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
};

describe('FileWatcher', () => {
  it('where fs.watch works it arms no timer at all (no polling)', () => {
    const clock = new FakeClock();
    const w = new FileWatcher([file()], () => undefined, clock, 100, { fallbackPollMs: 2000 });
    expect(w.watching).toBe(1);
    expect(clock.pending).toBe(0);
    w.dispose();
    expect(w.watching).toBe(0);
  });

  it('where fs.watch fails it calls back every fallbackPollMs (plus the debounce), until disposed', async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    const start = clock.now();
    const w = new FileWatcher([file()], () => calls.push(clock.now() - start), clock, 100, {
      fallbackPollMs: 2000,
      watch: failing,
    });
    expect(w.watching).toBe(0);
    await clock.advance(2099);
    expect(calls).toEqual([]);
    await clock.advance(1);
    expect(calls).toEqual([2100]);
    await clock.advance(2100);
    expect(calls).toEqual([2100, 4200]);
    w.dispose();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(calls).toEqual([2100, 4200]);
  });

  it('without a fallback, a failed watch does not poll', async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    const w = new FileWatcher([file()], () => calls.push(1), clock, 100, { watch: failing });
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    expect(calls).toEqual([]);
    w.dispose();
  });
});
