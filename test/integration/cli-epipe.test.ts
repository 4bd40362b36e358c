/**
 * `claude-auth-tray status | head -1`: the reader closes the pipe before the command is done writing.
 * Every command then ends quietly — its own exit code (or 0), nothing on stderr — as `ls | head -1`
 * does, not with an EPIPE stack. The real bin/ dispatcher and the built CLI, a real pipe.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, ROOT, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const BIN = path.join(ROOT, 'bin', 'claude-auth-tray.js');

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  for (let i = 0; i < 3; i++) {
    const r = cli(['add', 'anthropic-api-key', '--name', `Key ${i}`, '--key-stdin'], env, `${canaryKey()}\n`);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
});

/** Runs the command with stdout a pipe the reader closes: at once, or after the first chunk. */
function closedEarly(
  args: readonly string[],
  when: 'at-once' | 'after-first-chunk',
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    if (when === 'at-once') c.stdout.destroy();
    else c.stdout.once('data', () => c.stdout.destroy());
    c.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const COMMANDS = [
  ['status'],
  ['list'],
  ['doctor'],
  ['completion', 'bash'],
  ['help'],
  ['status', '--json'],
  // `use` writes a switch's lines straight to the descriptor (no process.stdout; issue 16), and
  // hands other forms to the full command set.
  ['use', 'Key 1'],
  ['use', '--help'],
];

describe('a command whose stdout is closed early (`| head -1`)', () => {
  it.each(COMMANDS)('%s … ends quietly, with no stack, when the reader is gone at once', async (...args) => {
    const full = cli(args, env);
    const r = await closedEarly(args, 'at-once');
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(full.code); // the command's own code (status/doctor may report findings)
  });

  it.each(COMMANDS)('%s … ends quietly when the reader leaves after the first chunk', async (...args) => {
    const full = cli(args, env);
    const r = await closedEarly(args, 'after-first-chunk');
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(full.code);
  });
});
