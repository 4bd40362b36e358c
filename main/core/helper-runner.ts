import { spawn, spawnSync } from 'node:child_process';
import { AppError } from '../../common/errors';
import { redact } from '../../common/redact';
import { MAX_KEY_LENGTH } from './secret-text';

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

/**
 * Runs a user's key helper the way Claude Code runs `apiKeyHelper` (`/bin/sh -c`, or `cmd /d /s /c`
 * on Windows) and applies Claude Code's output rules. A timeout kills the whole process tree.
 * Never throws; never puts the key into an error text.
 */
export function runHelper(command: string, opts: HelperRunOptions = {}): Promise<HelperResult> {
  const platform = opts.platform ?? process.platform;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const win = platform === 'win32';
    const child = win
      ? spawn(process.env.ComSpec || 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], {
          windowsVerbatimArguments: true,
          windowsHide: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: opts.env ?? process.env,
          cwd: opts.cwd,
        })
      : spawn('/bin/sh', ['-c', command], {
          detached: true, // own process group, so a timeout can kill grandchildren too
          stdio: ['ignore', 'pipe', 'pipe'],
          env: opts.env ?? process.env,
          cwd: opts.cwd,
        });
    const out: Buffer[] = [];
    let outLen = 0;
    let errTail = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen <= MAX_KEY_LENGTH + 2) out.push(b);
      outLen += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      errTail = (errTail + b.toString('utf8')).slice(-4096);
    });
    const killTree = (): void => {
      if (child.pid === undefined) return;
      try {
        if (win) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, timeoutMs);
    running.add(killTree);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      running.delete(killTree);
      resolve({
        ok: false,
        durationMs: elapsed(),
        error: new AppError({
          kind: 'helper-not-found',
          message: `The shell to run the key helper could not be started (${e.code ?? 'error'}).`,
          nextStep: 'Check that /bin/sh (or cmd.exe) exists.',
        }),
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(killTree);
      if (!win) killTree(); // a helper's leftovers in its group go with it
      const stdout = Buffer.concat(out).toString('utf8');
      const lastErr = redact(lastLine(errTail), [stdout.trim()]).slice(0, 300);
      resolve(classify({ stdout, outLen, code, signal, timedOut, timeoutMs, lastErr, durationMs: elapsed(), win }));
    });
  });
}

function lastLine(s: string): string {
  const lines = s.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.at(-1)?.trim() ?? '';
}

interface Outcome {
  stdout: string;
  outLen: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  timeoutMs: number;
  lastErr: string;
  durationMs: number;
  win: boolean;
}

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
      `The key helper command was not found${o.lastErr ? `: ${o.lastErr}` : '.'}`,
      'Check the command and that it is on the PATH Claude Code sees (use an absolute path).',
      { exitCode: o.code ?? -1 },
    );
  }
  if (o.code !== 0) {
    const how = o.code === null ? `was killed by ${o.signal ?? 'a signal'}` : `exited with code ${o.code}`;
    return fail(
      'helper-exit',
      `The key helper ${how}${o.lastErr ? `: ${o.lastErr}` : '.'}`,
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
  return { ok: true, key, durationMs: o.durationMs };
}
