import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, type RunResult } from './cli';

/**
 * The Linux kernel keyring (keyutils) as a desktop session sees it. A test child runs in a fresh
 * session keyring (keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) through perl, which Debian ships as
 * an essential package; keyctl(1) is usually not installed), like a process of a desktop login
 * (pam_keyinit). Without it, children fall back to the shared per-user session keyring, where this
 * kernel fails the first keyutils call of every process — not what users see.
 */
const KEYCTL_SYSCALL: Readonly<Record<string, number>> = { x64: 250, arm64: 219 };

function inFreshSession(argv: readonly string[], env: NodeJS.ProcessEnv, input = ''): RunResult {
  const nr = KEYCTL_SYSCALL[process.arch];
  if (nr === undefined) throw new Error(`no keyctl syscall number known for ${process.arch}`);
  const join = `syscall(${nr}, 1, 0) >= 0 or die "keyctl join: $!"; exec @ARGV or die "exec: $!"`;
  const r = spawnSync('perl', ['-e', join, ...argv], { env, input, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built CLI in a fresh session keyring. */
export function cliInSession(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): RunResult {
  return inFreshSession([process.execPath, CLI, ...args], env, input ?? '');
}

const NO_BUS: NodeJS.ProcessEnv = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };

/** Runs @napi-rs/keyring pinned to keyutils in a fresh session: op 'set' | 'get' | 'delete'. */
function keyutils(op: 'set' | 'get' | 'delete', service: string, account: string, secret = ''): string {
  const lib = path.join(ROOT, 'node_modules', '@napi-rs', 'keyring');
  const script = `const k = require(${JSON.stringify(lib)});
const e = new k.Entry(process.argv[1], process.argv[2], { linux: { store: 'keyutils' } });
const op = process.argv[3];
if (op === 'set') e.setPassword(process.argv[4]);
else if (op === 'get') process.stdout.write(String(e.getPassword() ?? ''));
else process.stdout.write(String(e.deletePassword()));`;
  const r = inFreshSession([process.execPath, '-e', script, service, account, op, secret], {
    PATH: process.env.PATH,
    ...NO_BUS,
  });
  if (r.code !== 0) throw new Error(`keyutils ${op} failed: ${r.stderr}`);
  return r.stdout;
}

export const plantKernelKey = (service: string, account: string, secret: string): void =>
  void keyutils('set', service, account, secret);

/** Deletes the account's kernel key (also kernel keys an old build leaked there). */
export function purgeKernelKey(service: string, account: string): void {
  while (keyutils('delete', service, account) === 'true') {
    // a key can be linked more than once; delete until none is found
  }
}

/** Accounts of live (not invalidated) keys "keyring:<account>@<service>" in /proc/keys. */
export function kernelKeyAccounts(service: string): string[] {
  const out: string[] = [];
  for (const line of fs.readFileSync('/proc/keys', 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    const flags = cols[1] ?? '';
    const desc = /\buser\s+keyring:(.+)@([^@:]+): \d+$/.exec(line);
    if (desc && desc[2] === service && !flags.includes('i')) out.push(desc[1]!);
  }
  return out;
}

export { NO_BUS };
