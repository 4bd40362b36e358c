/**
 * Issue 15: what the status line stops when the user's line overruns (main/core/usage/process-tree.ts).
 * Pure decisions over a process table; the integration test stops real processes.
 */
import { describe, expect, it } from 'vitest';
import { processTable, toStop } from '../../main/core/usage/process-tree';

const table = (rows: Array<[pid: number, ppid: number, pgid: number]>) =>
  new Map(rows.map(([pid, ppid, pgid]) => [pid, { ppid, pgid }]));

describe('toStop', () => {
  it('as Claude Code runs it (the shell leads its own group): the siblings, their tree and the group, never us or the shell', () => {
    const t = table([
      [1, 0, 1],
      [50, 1, 50], // Claude Code
      [100, 50, 100], // sh -c <our line>, detached
      [101, 100, 100], // printf feeding theirs
      [102, 100, 100], // sh -c <theirs>
      [103, 102, 100], // a child of theirs
      [104, 1, 100], // something theirs left in the background, reparented to init
      [110, 100, 100], // us
      [200, 1, 200], // someone else
    ]);
    expect(toStop(t, 110, 100).sort()).toEqual([101, 102, 103, 104]);
  });

  it('run by hand in an interactive shell: only our pipeline, never the shell’s other jobs', () => {
    const t = table([
      [1, 0, 1],
      [100, 1, 100], // interactive shell
      [120, 100, 120], // another job of the user's
      [121, 120, 120],
      [130, 100, 130], // our pipeline: printf, theirs, us
      [131, 100, 130],
      [132, 131, 130],
      [133, 100, 130],
    ]);
    expect(toStop(t, 133, 100).sort()).toEqual([130, 131, 132]);
  });

  it('orphaned, or absent from the table: nothing', () => {
    expect(toStop(table([[5, 1, 5]]), 5, 1)).toEqual([]);
    expect(toStop(table([]), 5, 4)).toEqual([]);
  });

  it('reads this machine’s table, with us and our parent in it', () => {
    const t = processTable();
    expect(t.get(process.pid)?.ppid).toBe(process.ppid);
  });
});
