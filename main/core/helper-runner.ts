import type * as ChildProcessModule from 'node:child_process';
import { sanitizeForTerminal } from '../../common/terminal-text';
import { AppError } from '../../common/errors';
import { redact } from '../../common/redact';
import { after } from './after';
import { signalProcess } from './node-internals';
import { spawnPiped } from './spawn-piped';
import { MAX_KEY_LENGTH, MIN_KEY_LENGTH, notAKeyReason } from './secret-text';

export const DEFAULT_HELPER_TIMEOUT_MS = 60_000;

/** Helpers running now (their process-tree killers), so quitting the app stops them all. */
const running = new Set<() => void>();

/** Kills every running helper's process tree (app quit). Their runs end as `helper-exit`. */
export function stopAllHelpers(): number {
  const n = running.size;
  for (const kill of [...running]) kill();
  return n;
}

export type HelperResult =
  | { readonly ok: true; readonly key: string; readonly durationMs: number }
  | { readonly ok: false; readonly error: AppError; readonly durationMs: number };

export interface HelperRunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly platform?: NodeJS.Platform;
}

/** What a shell command did: its output (capped), exit, and the last stderr line (redacted). */
export interface ShellRun {
  readonly stdout: string;
  readonly outLen: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly spawnError?: string;
  /** The last non-empty stderr line, with anything that looks like the stdout secrets removed. */
  readonly lastErr: string;
  readonly durationMs: number;
  readonly win: boolean;
}

/**
 * Runs a user's command the way Claude Code runs its helpers (`/bin/sh -c`, or `cmd /d /s /c` on
 * Windows). A timeout kills the whole process tree. Keeps at most `maxStdout` bytes of output.
 * `secretsOf(stdout)` names what must not show up in the stderr line (default: the whole output).
 */
export function runShell(
  command: string,
  opts: HelperRunOptions & { maxStdout: number; secretsOf?: (stdout: string) => string[] },
): Promise<ShellRun> {
  const platform = opts.platform ?? process.platform;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  // process.hrtime, not performance.now(): the global `performance` loads perf_hooks on first use
  // (nine modules, ≈0.5 ms of a cold apiKeyHelper run; issue 16).
  const started = process.hrtime.bigint();
  const elapsed = (): number => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const win = platform === 'win32';
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outLen = 0;
    let errTail = '';
    let timedOut = false;
    let pid: number | undefined;
    const onStdout = (b: Buffer): void => {
      if (outLen <= opts.maxStdout) out.push(b);
      outLen += b.length;
    };
    const onStderr = (b: Buffer): void => {
      errTail = (errTail + b.toString('utf8')).slice(-4096);
    };
    let killWin: ((pid: number) => void) | undefined;
    const killTree = (): void => {
      if (pid === undefined) return;
      try {
        if (win) killWin?.(pid);
        else signalProcess(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    // Not Node's setTimeout: its timer lists cost a cold apiKeyHelper run ≈0.5 ms (after.ts; issue 16).
    const cancelTimer = after(timeoutMs, () => {
      timedOut = true;
      killTree();
    });
    const base = { outLen: 0, stdout: '', code: null, signal: null, lastErr: '', win };
    const onError = (e: NodeJS.ErrnoException): void => {
      cancelTimer();
      running.delete(killTree);
      resolve({ ...base, timedOut: false, spawnError: e.code ?? 'error', durationMs: elapsed() });
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void => {
      cancelTimer();
      running.delete(killTree);
      // A command's leftovers in its group go with it; the group being gone (the usual case) is no
      // exception where Node's unchecked kill is usable (signalProcess). At once: a setImmediate for it
      // cost a cold apiKeyHelper run ≈0.15 ms of Node's timer machinery (issue 16).
      if (!win) killTree();
      const stdout = Buffer.concat(out).toString('utf8');
      // A command's stderr ends up in errors, notifications and the terminal: no escape sequences, no
      // secrets (a silent command, the usual case, needs neither pass).
      const errLine = errTail ? lastLine(errTail) : ''; // lastLine's pattern compiles on first use
      const secrets = (): string[] => (opts.secretsOf ? opts.secretsOf(stdout) : [stdout.trim()]);
      const lastErr = errLine ? sanitizeForTerminal(redact(errLine, secrets())).slice(0, 300) : '';
      resolve({ stdout, outLen, code, signal, timedOut, lastErr, durationMs: elapsed(), win });
    };
    const env = opts.env ?? process.env;
    // Outside Windows, through libuv's process and pipe handles where Node allows it (spawn-piped.ts:
    // the apiKeyHelper hot path starts the user's command without loading node:child_process; issue 16).
    pid = win
      ? undefined
      : spawnPiped(
          '/bin/sh',
          ['-c', command],
          { env, cwd: opts.cwd, detached: true },
          {
            stdout: onStdout,
            stderr: onStderr,
            close: onClose,
          },
        );
    if (pid === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { spawn, spawnSync } = require('node:child_process') as typeof ChildProcessModule;
      killWin = (p) => spawnSync('taskkill', ['/pid', String(p), '/T', '/F'], { windowsHide: true });
      let child;
      try {
        child = win
          ? spawn(process.env.ComSpec || 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], {
              windowsVerbatimArguments: true,
              windowsHide: true,
              stdio: ['ignore', 'pipe', 'pipe'],
              env,
              cwd: opts.cwd,
            })
          : spawn('/bin/sh', ['-c', command], {
              detached: true, // own process group, so a timeout can kill grandchildren too
              stdio: ['ignore', 'pipe', 'pipe'],
              env,
              cwd: opts.cwd,
            });
      } catch (e) {
        // Refused before it started (E2BIG, ENOTDIR, a NUL byte): the timer must not keep us alive.
        onError(e as NodeJS.ErrnoException);
        return;
      }
      pid = child.pid;
      child.stdout.on('data', onStdout);
      child.stderr.on('data', onStderr);
      child.on('error', onError);
      child.on('close', onClose);
    }
    running.add(killTree);
  });
}

/**
 * Runs a user's key helper the way Claude Code runs `apiKeyHelper` and applies Claude Code's output
 * rules. Never throws; never puts the key into an error text.
 */
export async function runHelper(command: string, opts: HelperRunOptions = {}): Promise<HelperResult> {
  const r = await runShell(command, { ...opts, maxStdout: MAX_KEY_LENGTH + 2 });
  if (r.spawnError !== undefined) {
    return {
      ok: false,
      durationMs: r.durationMs,
      error: new AppError({
        kind: 'helper-not-found',
        message: `The shell to run the key helper could not be started (${r.spawnError}).`,
        nextStep: 'Check that /bin/sh (or cmd.exe) exists.',
      }),
    };
  }
  return classify({ ...r, timeoutMs: opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS });
}

/**
 * A command's stderr line inside a sentence (issue 17): quoted, its runs of spaces made one, so
 * "…exited with code 2: “set | add-model”." ends before the next step begins.
 */
export function quotedErr(line: string): string {
  const t = line.replace(/\s+/g, ' ').trim();
  return t ? `: “${t}”.` : '.';
}

function lastLine(s: string): string {
  const lines = s.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.at(-1)?.trim() ?? '';
}

type Outcome = ShellRun & { readonly timeoutMs: number };

function classify(o: Outcome): HelperResult {
  const fail = (
    kind: AppError['kind'],
    message: string,
    nextStep: string,
    details: Record<string, string | number> = {},
  ): HelperResult => ({
    ok: false,
    durationMs: o.durationMs,
    error: new AppError({ kind, message, nextStep, details: { durationMs: o.durationMs, ...details } }),
  });
  if (o.timedOut) {
    return fail(
      'helper-timeout',
      `The key helper did not finish within ${Math.round(o.timeoutMs / 1000)} s and was stopped.`,
      'Check that the helper does not wait for input (it cannot prompt), or raise its timeout.',
    );
  }
  const notFound = o.win ? o.code === 9009 : o.code === 127;
  if (notFound) {
    return fail(
      'helper-not-found',
      `The key helper command was not found${quotedErr(o.lastErr)}`,
      'Check the command and that it is on the PATH Claude Code sees (use an absolute path).',
      { exitCode: o.code ?? -1 },
    );
  }
  if (o.code !== 0) {
    const how = o.code === null ? `was killed by ${o.signal ?? 'a signal'}` : `exited with code ${o.code}`;
    return fail(
      'helper-exit',
      `The key helper ${how}${quotedErr(o.lastErr)}`,
      'Run the helper command in a terminal to see what it needs (a login, a VPN, a path).',
      { exitCode: o.code ?? -1, stderr: o.lastErr },
    );
  }
  if (o.outLen > MAX_KEY_LENGTH + 2) {
    return fail(
      'helper-too-long',
      `The key helper printed ${o.outLen} bytes; Claude Code accepts at most ${MAX_KEY_LENGTH} characters.`,
      'Make the helper print only the key.',
    );
  }
  const key = o.stdout.replace(/\r?\n$/, '');
  if (key.trim() === '') {
    return fail(
      'helper-empty',
      'The key helper printed nothing.',
      'Make the helper print the key on standard output (and logs on standard error).',
    );
  }
  if (/[\r\n]/.test(key)) {
    return fail(
      'helper-invalid-output',
      'The key helper printed more than one line (a banner or log line on stdout makes Claude Code reject it).',
      'Send everything but the key to standard error.',
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    return fail(
      'helper-too-long',
      `The key helper printed ${key.length} characters; Claude Code accepts at most ${MAX_KEY_LENGTH}.`,
      'Make the helper print only the key.',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return fail(
      'helper-invalid-output',
      'The key helper printed spaces or characters that are not printable ASCII.',
      'Make the helper print only the key, with no spaces or colour codes.',
    );
  }
  if (key.length < MIN_KEY_LENGTH) {
    // A status word or placeholder ("ok", "garbage") is not a key (issue 17); never shown, it might be one.
    return fail(
      'helper-invalid-output',
      `The key helper printed ${key.length} characters, which is not a key (keys have at least ${MIN_KEY_LENGTH}; the output is not shown).`,
      'Make the helper print the key itself (logs and status words go to standard error).',
    );
  }
  const notAKey = notAKeyReason(key);
  if (notAKey) {
    // JSON or an error answer on stdout (issue 17); never shown, it might hold a key.
    return fail(
      'helper-invalid-output',
      `The key helper printed something that is not a key: ${notAKey} (the output is not shown).`,
      'Make the helper print the key itself (logs and errors go to standard error, with a non-zero exit code).',
    );
  }
  return { ok: true, key, durationMs: o.durationMs };
}
