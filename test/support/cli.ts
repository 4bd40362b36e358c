import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');

export interface Sandbox {
  readonly home: string;
  readonly appDir: string;
  readonly claudeDir: string;
  readonly env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** A temp HOME, app folder and Claude config folder; env for child processes (plus extra). */
export function sandbox(extra: NodeJS.ProcessEnv = {}): Sandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-home-'));
  const appDir = path.join(home, 'app');
  const claudeDir = path.join(home, 'claude');
  fs.mkdirSync(claudeDir);
  const env: NodeJS.ProcessEnv = {
    // Without Claude Code (npx puts node_modules/.bin, and so `claude`, on the PATH): `use` would ask
    // it in the background, outliving the test and writing into its folders. Tests of that check
    // bring a fake (CLAUDE_AUTH_TRAY_CLAUDE_BIN) or the real one (test/compat) themselves.
    PATH: withoutClaude(process.env.PATH),
    HOME: home,
    LANG: 'C.UTF-8',
    CLAUDE_AUTH_TRAY_HOME: appDir,
    CLAUDE_CONFIG_DIR: claudeDir,
    // Every node process a test starts (the CLI, the apiKeyHelper command) is kept off the internet.
    NODE_OPTIONS: `--require ${path.join(ROOT, 'scripts', 'offline-guard.cjs')}`,
    ...extra,
  };
  return {
    home,
    appDir,
    claudeDir,
    env,
    cleanup: () => {
      waitForBackgroundCheck(appDir);
      // Every `use` starts a check that outlives it, and the record names only the last one: after a
      // few switches in a row an earlier check could still be writing here (CI, stop 22: ENOTEMPTY
      // in settings-files). Waits for every process still running with this sandbox's app folder.
      waitForSandboxProcesses(appDir);
      // Retried (ENOTEMPTY): a process a test started may still be ending and writing its last record;
      // a throw here skipped the rest of a file's clean-up (its keyring left running).
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

function withoutClaude(p: string | undefined): string {
  return (p ?? '')
    .split(path.delimiter)
    .filter((d) => d && !fs.existsSync(path.join(d, 'claude')))
    .join(path.delimiter);
}

/** The pid of the `claude auth status` check `use` recorded as running in the background, if any. */
export function runningBackgroundCheck(appDir: string): number | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(appDir, 'claude-check.json'), 'utf8')) as { running?: number })
      .running;
  } catch {
    return undefined;
  }
}

/** Waits (at most 20 s) for a process to end (kill(pid, 0) fails). */
export function waitForExit(pid: number): void {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/**
 * The processes (other than this one) whose environment names `appDir` as the app's folder
 * (CLAUDE_AUTH_TRAY_HOME), read from /proc: what a sandbox's commands left running. Empty where there
 * is no /proc.
 */
export function sandboxProcesses(appDir: string): number[] {
  const mark = `CLAUDE_AUTH_TRAY_HOME=${appDir}\0`;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of pids) {
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (env.startsWith(mark) || env.includes(`\0${mark}`)) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Waits (at most 20 s) until no process runs with this sandbox's app folder (sandboxProcesses). */
export function waitForSandboxProcesses(appDir: string): void {
  const until = Date.now() + 20_000;
  while (sandboxProcesses(appDir).length > 0 && Date.now() < until)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/**
 * Waits (at most 20 s) for a `claude auth status` check that `use` left running in the background, as
 * far as its record still says so: a record another writer replaced since (the tray's own verdict) no
 * longer names it — a test that runs both keeps the pid right after `use` and waits with waitForExit.
 */
export function waitForBackgroundCheck(appDir: string): void {
  const pid = runningBackgroundCheck(appDir);
  if (pid !== undefined) waitForExit(pid);
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv, input?: string, cwd?: string): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    ...(cwd ? { cwd } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.on('close', (code) => resolve({ code, stdout, stderr }));
    c.stdin.end(input ?? '');
  });
}

export function sh(command: string, env: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync('/bin/sh', ['-c', command], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under the folders, recursively, whose bytes contain needle. */
export function filesContaining(dirs: readonly string[], needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  dirs.forEach(walk);
  return hits;
}

/** An obviously fake key with a unique canary inside. */
export function canaryKey(tag = 'CANARY'): string {
  return `sk-ant-api03-${tag}${Math.random().toString(36).slice(2, 10)}-FAKEFAKEFAKEFAKE`;
}

/** Polls until read() gives a value (the machine is loaded: a generous bound, never a timing assertion). */
export async function until<T>(read: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Bedrock credential command (`--credential-export`) at dir/creds.sh printing STS-style credentials; its path. */
export function credentialExportScript(dir: string, secretKey: string, expiry: string): string {
  const creds = path.join(dir, 'creds.sh');
  fs.writeFileSync(
    creds,
    `#!/bin/sh\necho '{"Credentials":{"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"${secretKey}","Expiration":"${expiry}"}}'\n`,
    { mode: 0o755 },
  );
  return creds;
}

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), types `keys` once `waitFor` appeared, and
 * returns everything the terminal showed and the exit code.
 */
export function inTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  waitFor: string,
  keys: string,
): Promise<{ screen: string; code: number }> {
  const q = (x: string): string => `'${x.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(q).join(' ');
  return new Promise((resolve, reject) => {
    const c = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => {
      c.kill('SIGKILL');
      reject(new Error(`no "${waitFor}" on the terminal; it showed: ${JSON.stringify(screen)}`));
    }, 60_000);
    const onData = (b: Buffer): void => {
      screen += b.toString();
      if (!typed && screen.includes(waitFor)) {
        typed = true;
        c.stdin.write(keys);
      }
    };
    c.stdout.on('data', onData);
    c.stderr.on('data', onData);
    c.on('close', (code) => {
      clearTimeout(timer);
      c.stdin.destroy();
      resolve({ screen, code: code ?? -1 });
    });
  });
}
