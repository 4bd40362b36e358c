/**
 * Stopping the user's status line after its deadline (issue 15), when the shell — not we — started it:
 * the status-line command Claude Code runs is `… | sh -c '<theirs>' | <our CLI> statusline --wrapped`,
 * so theirs is our sibling (same parent shell). A portable POSIX shell cannot put it in a process group
 * of its own (dash turns `set -m` off without a terminal, and Claude Code starts status lines detached,
 * with none), so we stop it by its process tree and by the group Claude Code gave the whole line
 * (see toStop). Only on the slow path (a line still running at the deadline), never on every update.
 */
import * as fs from 'node:fs';

interface Proc {
  readonly ppid: number;
  readonly pgid: number;
}

/** Every process we can see (pid → parent, group): /proc on Linux, else `ps` (macOS, BSD). */
export function processTable(): Map<number, Proc> {
  const table = new Map<number, Proc>();
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const [, ppid, pgid] = stat
          .slice(stat.lastIndexOf(')') + 2)
          .split(' ')
          .map(Number);
        if (Number.isInteger(ppid) && Number.isInteger(pgid)) table.set(Number(d), { ppid: ppid!, pgid: pgid! });
      } catch {
        // gone meanwhile
      }
    }
    if (table.size > 0) return table;
  } catch {
    // no /proc
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const out = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'pgid='], {
      encoding: 'utf8',
      timeout: 2_000,
    });
    for (const line of out.split('\n')) {
      const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
      if (Number.isInteger(pid) && Number.isInteger(ppid) && Number.isInteger(pgid))
        table.set(pid!, { ppid: ppid!, pgid: pgid! });
    }
  } catch {
    // nothing to see: nothing is stopped
  }
  return table;
}

/** The processes under `roots` (roots included). */
export function descendants(roots: readonly number[], table: ReadonlyMap<number, Proc>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const todo = [...roots];
  const seen = new Set<number>();
  while (todo.length > 0) {
    const p = todo.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/**
 * What to stop when the user's line overruns: our siblings in our process group (the other commands
 * of the pipeline that started us — the user's line and what feeds it its input; a hand-run
 * interactive shell's other jobs are in other groups) with everything they started; and, when our
 * parent shell leads our group — Claude Code starts status lines detached, a group of their own —
 * every other member of that group too, which catches what theirs left running in the background
 * (reparented, so out of the tree, but still in the group). Never us, never our parent.
 */
export function toStop(table: ReadonlyMap<number, Proc>, self: number, parent: number): number[] {
  const group = table.get(self)?.pgid;
  if (group === undefined || parent <= 1) return []; // orphaned: init's children are not ours to stop
  const siblings = [...table].filter(([pid, p]) => p.ppid === parent && p.pgid === group && pid !== self);
  const out = new Set(
    descendants(
      siblings.map(([pid]) => pid),
      table,
    ),
  );
  if (group === parent) for (const [pid, p] of table) if (p.pgid === group) out.add(pid);
  out.delete(self);
  out.delete(parent);
  return [...out];
}

/**
 * The fast shell line's watchdog (statusLineCommand): at the user's deadline `statusline --stop <line>`
 * runs from a background subshell of the line's shell. It stops what the line started except itself
 * and its own ancestors (the watchdog subshell, the line): the user's command with its tree, and, when
 * the line leads its process group (Claude Code starts it detached), what that command left behind in
 * the group. Only while the line still waits for the user's output — it has a child besides the
 * watchdog (the command substitution, a zombie once reaped is gone) —, so a recorder the line starts
 * after that output is never stopped.
 */
export function lineToStop(table: ReadonlyMap<number, Proc>, self: number, line: number): number[] {
  const keep = new Set<number>([line]);
  for (let p: number | undefined = self; p !== undefined && p > 1 && p !== line; p = table.get(p)?.ppid) keep.add(p);
  const waiting = [...table].some(([pid, p]) => p.ppid === line && !keep.has(pid));
  if (!waiting || !table.has(line)) return [];
  const out = new Set(descendants([line], table));
  if (table.get(line)!.pgid === line) for (const [pid, p] of table) if (p.pgid === line) out.add(pid);
  for (const k of keep) out.delete(k);
  return [...out];
}

/** `statusline --stop <line>`: SIGKILLs lineToStop(). */
export function stopLine(line: number, self = process.pid): void {
  for (const pid of lineToStop(processTable(), self, line)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** SIGKILLs toStop(): the user's status line after its deadline, with what it started. */
export function stopSiblings(self = process.pid, parent = process.ppid): void {
  for (const pid of toStop(processTable(), self, parent)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
