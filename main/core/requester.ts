import * as fs from 'node:fs';

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'busybox', 'cmd.exe', 'cmd']);

function procStat(pid: number): { comm: string; ppid: number; start: string } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const rest = s.slice(close + 2).split(' ');
    // Fields after comm: state(3) ppid(4) … starttime(22) → indices 0-based from field 3.
    return { comm, ppid: Number(rest[1]), start: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * Who is asking for a key: the Claude Code process that ran `apiKeyHelper` (through /bin/sh, which
 * usually execs us; when it does not, one level further up). pid plus start time on Linux, so a
 * reused pid is a different requester; elsewhere the pid alone.
 */
export function requesterId(ppid: number = process.ppid): string {
  const p = procStat(ppid);
  if (!p) return `pid:${ppid}`;
  if (SHELLS.has(p.comm) && p.ppid > 1) {
    const up = procStat(p.ppid);
    if (up) return `pid:${p.ppid}:${up.start}`;
  }
  return `pid:${ppid}:${p.start}`;
}
