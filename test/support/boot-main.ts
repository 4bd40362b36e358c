/**
 * Boots the BUILT main bundle (dist/main/index.js) in a child `node` process whose `electron` is the
 * recording fake (test/support/fake-electron.cjs), and drives it like the OS and the user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './cli';

export interface LogEntry {
  readonly seq: number;
  readonly api: string;
  readonly args: readonly unknown[];
}

export type Command =
  | { readonly cmd: 'ready' | 'quit' | 'resources' }
  | { readonly cmd: 'click'; readonly label: string }
  | { readonly cmd: 'click-notification'; readonly index: number }
  | { readonly cmd: 'window-open'; readonly url: string }
  /** The button (label) later message boxes answer with; unset: their cancel button. */
  | { readonly cmd: 'dialog-answer'; readonly button: string }
  | { readonly cmd: 'dialog-folder'; readonly folder: string | undefined }
  | { readonly cmd: 'invoke'; readonly channel: string; readonly args?: readonly unknown[] };

export interface Reply {
  readonly done: string;
  readonly error?: string;
  readonly result?: unknown;
  readonly resources?: readonly string[];
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

export interface BootedMain {
  /** Every call the app made into `electron`, in order. */
  log(): LogEntry[];
  calls(api: string): LogEntry[];
  send(c: Command): Promise<Reply>;
  /** Resolves when the predicate holds (polled every 25 ms), or rejects after timeoutMs. */
  until(what: string, pred: () => boolean, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<Exit>;
  stderr(): string;
  /** Ends the child if it is still running (test cleanup only). */
  kill(): void;
}

export const MAIN_BUNDLE = path.join(ROOT, 'dist', 'main', 'index.js');
const FAKE = path.join(ROOT, 'test', 'support', 'fake-electron.cjs');

/** The boot test runs the bundle, so a missing or stale one would test other code: say so instead. */
export function assertFreshBundle(): void {
  if (!fs.existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run \`npm run build\` first.`);
  const built = fs.statSync(MAIN_BUNDLE).mtimeMs;
  const newer = (dir: string): string | undefined => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const hit = e.isDirectory() ? newer(p) : /\.ts$/.test(e.name) && fs.statSync(p).mtimeMs > built ? p : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  const stale = newer(path.join(ROOT, 'main')) ?? newer(path.join(ROOT, 'common'));
  if (stale)
    throw new Error(`${path.relative(ROOT, stale)} is newer than the main bundle: run \`npm run build\` first.`);
}

export function bootMain(env: NodeJS.ProcessEnv, logFile: string): BootedMain {
  const child: ChildProcess = spawn(process.execPath, ['--require', FAKE, MAIN_BUNDLE], {
    env: { ...env, FAKE_ELECTRON_LOG: logFile, FAKE_ELECTRON_APP_PATH: ROOT },
    cwd: env.HOME,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (err += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let gone: Exit | undefined;
  const pending: { cmd: string; resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  void exited.then((e) => {
    gone = e;
    for (const p of pending.splice(0))
      p.reject(new Error(`main exited (${e.code ?? e.signal}) before ${p.cmd}:\n${err}`));
  });
  child.on('message', (m: Reply) => {
    const i = pending.findIndex((p) => p.cmd === m.done);
    if (i >= 0) pending.splice(i, 1)[0]!.resolve(m);
  });
  const log = (): LogEntry[] =>
    fs.existsSync(logFile)
      ? fs
          .readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as LogEntry)
      : [];
  const until = async (what: string, pred: () => boolean, timeoutMs = 8_000): Promise<void> => {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      if (gone) throw new Error(`main exited (${gone.code ?? gone.signal}) while waiting for ${what}:\n${err}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    log,
    calls: (api) => log().filter((e) => e.api === api),
    send: (c) =>
      new Promise<Reply>((resolve, reject) => {
        if (gone) return reject(new Error(`main exited (${gone.code ?? gone.signal}) before ${c.cmd}:\n${err}`));
        pending.push({ cmd: c.cmd, resolve, reject });
        child.send(c);
      }),
    until,
    exited,
    stderr: () => err,
    kill: () => {
      if (!gone) child.kill('SIGKILL');
    },
  };
}
