/**
 * Issue 16 review: `use` starts its background Claude Code check before the switch, as
 * `claude-check --after <pid>`, which waits for that `use` to end. A `use` that has ended but whose
 * parent has not reaped it yet (a zombie: Python's Popen without wait(), a shell that exec'd) still
 * answers kill(pid, 0): the check must see it as ended, not wait out its 10 s limit.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, CLI, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let log: string;
beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  log = path.join(sb.home, 'claude-runs.log');
  const fake = path.join(sb.home, 'fake-claude');
  fs.writeFileSync(
    fake,
    `#!/bin/sh\ndate +%s%3N >> '${log}'\nprintf '{"loggedIn":false,"authMethod":"none","apiProvider":"firstParty"}\\n'\n`,
    { mode: 0o755 },
  );
  env = { ...sb.env, ...kr.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake };
  expect(cli(['add', 'anthropic-api-key', '--name', 'A', '--key-stdin'], env, canaryKey()).code).toBe(0);
  expect(cli(['use', 'A'], env).code).toBe(0);
});
/** Waits (bounded) until Claude Code has been asked (the fake logs each run). */
async function asked(ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!fs.existsSync(log) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return fs.existsSync(log);
}
afterAll(async () => {
  await asked(12_000); // the check ends before its folder goes
  sb.cleanup();
  await kr.stop();
});

describe('the background check of a `use` whose parent has not reaped it yet', () => {
  it('asks Claude Code soon after the switch ended, not 10 s later', async () => {
    expect(await asked(10_000)).toBe(true); // the check of the first switch
    fs.rmSync(log, { force: true });
    // The shell starts `use` and becomes `sleep` (exec): nobody reaps `use` until sleep ends.
    const parent = spawn('/bin/sh', ['-c', '"$0" "$1" use A & exec sleep 11', process.execPath, CLI], {
      env,
      stdio: 'ignore',
    });
    const t0 = Date.now();
    const ok = await asked(11_000);
    const after = ok ? Number(fs.readFileSync(log, 'utf8').trim().split('\n')[0]) - t0 : Infinity;
    parent.kill();
    expect(after).toBeLessThan(5_000);
  }, 30_000);
});
