/**
 * `claude-auth-tray statusline [--wrap <command>]`: what Claude Code runs as its `statusLine`
 * (issue 15). Prints who pays for this session — the profile, and "subscription" or "API key
 * (billed per token)" — and the subscription's 5-hour and weekly use; records that use for the
 * account (no network, no token: only the JSON Claude Code pipes in).
 *
 * The user's own status line runs next to ours, with the same input, and its output comes first. On
 * macOS and Linux a shell line does it without Node on its path (statusLineCommand): it prints our
 * text from the cache (core/usage/status-line-cache.ts) and starts `--record` detached (records the
 * reading, renders the cache: one refresh behind) and, for a line still running at 4 s, `--stop <line
 * pid>`; without a current cache it pipes theirs into `--wrapped` (theirs' output on our stdin, the
 * JSON in our environment), which prints both and writes the cache. On Windows (Git Bash; not testable
 * here) we start theirs ourselves (`--wrap-b64`).
 *
 * Hot path (Claude Code runs it on every update): its own small bundle, no schema library. It must
 * never break Claude Code's UI: every failure prints something short and exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { appDataDir, profilesPath } from '../core/paths';
import { stopLine, stopSiblings } from '../core/usage/process-tree';
import { limitsText, lineText, readRawProfiles, sessionKey } from '../core/usage/status-line-cache';
import { STATUS_INPUT_VAR } from '../core/usage/status-line-input';
import { drainPending, recordDetached } from '../core/usage/status-line-recorder';
import { readingFromStatusInput, recordUsage } from '../core/usage/usage-record';
import { writeDirect } from './direct-write';
import { guardStdio } from './stdio-guard';

/** Claude Code cancels a status line after 5 s; ours answers well before. */
const THEIRS_DEADLINE_MS = 4_000;
const STDIN_DEADLINE_MS = 1_500;

interface Theirs {
  readonly child: ChildProcess;
  readonly done: Promise<string>;
}

function startTheirs(command: string): Theirs | undefined {
  // As Claude Code runs status lines (2.1.197, its hook runner): `/bin/sh -c` on macOS/Linux, Git
  // Bash (`bash -c`) on Windows (see statusLineCommand).
  const win = process.platform === 'win32';
  let child: ChildProcess;
  try {
    // Loaded only to wrap the user's line: starting child_process costs time on every update.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    // Windows: Git Bash, as Claude Code runs status lines there; it put Git Bash's folder first on PATH.
    child = win
      ? spawn('bash', ['-c', command], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true })
      : spawn('/bin/sh', ['-c', command], {
          stdio: ['pipe', 'pipe', 'ignore'],
          detached: true, // its own process group: a slow line is stopped with everything it started
        });
  } catch {
    return undefined;
  }
  child.stdin?.on('error', () => undefined); // theirs may exit without reading its input
  const done = new Promise<string>((resolve) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const timer = setTimeout(() => {
      try {
        if (!win && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
      resolve(out);
    }, THEIRS_DEADLINE_MS);
    timer.unref();
    child.on('error', () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  return { child, done };
}

/**
 * Reads stdin to its end synchronously: cheaper to start than process.stdin (no stream machinery),
 * and Claude Code writes the JSON and closes the pipe at once. Undefined when the descriptor cannot
 * be read that way (non-blocking: EAGAIN), so the stream reader takes over; '' for a terminal.
 */
function readInputSync(): string | undefined {
  try {
    if (fs.fstatSync(0).isCharacterDevice()) return '';
  } catch {
    return '';
  }
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(64 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code === 'EAGAIN' && total === 0) return undefined;
      break;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > 4 * 1024 * 1024) break; // no status input is this big
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads stdin to its end, or until deadlineMs has passed (then `late` runs first); every chunk also
 * goes to `chunk` as it arrives.
 */
function readStdin(deadlineMs: number, on: { chunk?: (b: Buffer) => void; late?: () => void } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => {
      on.late?.();
      finish();
    }, deadlineMs);
    timer.unref();
    process.stdin.on('data', (b: Buffer) => {
      chunks.push(b);
      on.chunk?.(b);
    });
    process.stdin.on('end', finish);
    process.stdin.on('error', finish);
  });
}

/** Reads stdin to its end (bounded), handing every chunk to theirs as it arrives. */
async function readInput(theirs: Theirs | undefined): Promise<string> {
  const input = await readStdin(STDIN_DEADLINE_MS, { chunk: (b) => theirs?.child.stdin?.write(b) });
  theirs?.child.stdin?.end();
  return input.toString('utf8');
}

/** Our line: profile · payer · limits (and a warning when something else may pay); records the reading. */
export function ourLine(input: unknown, env: NodeJS.ProcessEnv, now: number): string {
  const reading = readingFromStatusInput(input);
  const storageDir = env.CLAUDE_SECURESTORAGE_CONFIG_DIR || undefined;
  if (reading) {
    try {
      recordUsage(appDataDir(env), storageDir, reading, now);
    } catch {
      // the line still shows the reading; the tray just sees it later
    }
  }
  return lineText(readRawProfiles(profilesPath(env)), env, reading !== undefined, limitsText(reading, now));
}

interface Args {
  readonly wrap?: string;
  readonly wrapped?: boolean;
  readonly record?: boolean;
  readonly stop?: number;
  readonly help?: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a = argv.slice(1);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--help' || a[i] === '-h') return { help: true };
    if (a[i] === '--wrapped') return { wrapped: true };
    if (a[i] === '--record') return { record: true };
    if (a[i] === '--stop' && Number(a[i + 1]) > 1) return { stop: Number(a[i + 1]) };
    if (a[i] === '--wrap' && a[i + 1] !== undefined) return { wrap: a[i + 1]! };
    if (a[i] === '--wrap-b64' && a[i + 1] !== undefined) return { wrap: Buffer.from(a[i + 1]!, 'base64').toString() };
  }
  return {};
}

/** Theirs with its trailing whitespace (ASCII, as the shell line's `[[:space:]]`) dropped, ours after its first line. */
function combine(ours: string, theirs: string | undefined): string {
  const t = (theirs ?? '').replace(/[ \t\n\v\f\r]+$/, '');
  if (!t) return ours;
  const [first, ...rest] = t.split('\n');
  return [`${first}  │  ${ours}`, ...rest].join('\n');
}

/**
 * Reads the user's status line output (our stdin) to its end, or until its deadline — counted from
 * our start, which is within a few ms of theirs — when theirs and everything it started are stopped.
 */
function readTheirs(): Promise<Buffer> {
  if (process.stdin.isTTY) return Promise.resolve(Buffer.alloc(0)); // run by hand: no line of theirs to wait for
  return readStdin(Math.max(0, THEIRS_DEADLINE_MS - process.uptime() * 1000), { late: stopSiblings });
}

const UNAVAILABLE = 'Claude Auth Tray: status unavailable';

/** Our line for Claude Code's JSON (text that is no JSON gives the line without it); never throws. */
function ourLineFor(text: string): string {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    input = undefined;
  }
  try {
    return ourLine(input, process.env, Date.now());
  } catch {
    return UNAVAILABLE;
  }
}

/** `statusline --wrapped`: the shell runs theirs; its output arrives on stdin, the JSON in the environment. */
async function runWrapped(): Promise<number> {
  const text = process.env[STATUS_INPUT_VAR] ?? '';
  delete process.env[STATUS_INPUT_VAR];
  const ours = ourLineFor(text);
  const theirs = await readTheirs();
  writeDirect(1, `${combine(ours, theirs.toString('utf8'))}\n`);
  process.stdin.destroy(); // cut off at the deadline, the pipe would keep us alive
  // The slow path of the shell line (no current cache for this session): the next line is fast.
  const key = sessionKey(process.env, text);
  if (key !== undefined) {
    try {
      drainPending(appDataDir(), [key], 300);
    } catch {
      // the next line takes this path again
    }
  }
  return 0;
}

/**
 * `statusline --record`: the fast line's detached recorder (status-line-recorder.ts). Its stdio is
 * /dev/null; the JSON comes in the environment. Prints nothing, exits 0.
 */
function runRecord(): number {
  const text = process.env[STATUS_INPUT_VAR] ?? '';
  delete process.env[STATUS_INPUT_VAR];
  try {
    const reading = readingFromStatusInput(JSON.parse(text));
    const key = sessionKey(process.env, text);
    const storageDir = process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR || undefined;
    // When this process started: the line started it right after Claude Code ran it, so it orders
    // readings of lines that finish out of order — roughly: Node takes this time after a start-up
    // that varies by tens of ms, so recordUsage orders by what the readings say first (contentOrder).
    recordDetached(appDataDir(), {
      at: performance.timeOrigin,
      ...(reading ? { reading } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(storageDir ? { storageDir } : {}),
    });
  } catch {
    // nothing to record
  }
  return 0;
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    guardStdio();
    process.stdout.write(
      "Usage: claude-auth-tray statusline [--wrapped | --wrap <command>]\n\nClaude Code runs this as its statusLine: it prints who pays for the session and the\nsubscription limits, next to your own status line (its output on stdin with --wrapped,\nor run by this command with --wrap). --record and --stop are the wrapped line's helpers.\nTurn it on or off with `claude-auth-tray statusline on|off`.\n",
    );
    return 0;
  }
  if (args.wrapped) return runWrapped();
  if (args.record) return runRecord();
  if (args.stop !== undefined) {
    stopLine(args.stop);
    return 0;
  }
  let theirs: Theirs | undefined;
  let ours: string;
  let streamed = false;
  try {
    const sync = readInputSync();
    theirs = args.wrap ? startTheirs(args.wrap) : undefined;
    if (sync !== undefined) theirs?.child.stdin?.end(sync);
    streamed = sync === undefined;
    ours = ourLineFor(sync ?? (await readInput(theirs)));
  } catch {
    ours = UNAVAILABLE;
  }
  const theirOut = theirs ? await theirs.done : undefined;
  writeDirect(1, `${combine(ours, theirOut)}\n`);
  if (streamed) process.stdin.destroy(); // a stream cut off at its deadline would keep us alive
  return 0;
}
