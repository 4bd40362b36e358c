import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, cliAsync, filesContaining, sandbox, sh, type RunResult, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const KEY = canaryKey('HELPERKEY');
let counter = '';
let helperFile = '';

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
  counter = path.join(sb.home, 'runs');
  helperFile = path.join(sb.home, 'my helper.sh');
  // Slow enough that two callers overlap; logs to stderr like a real helper; prints the canary key.
  fs.writeFileSync(
    helperFile,
    `#!/bin/sh\necho x >> '${counter}'\necho "fetching key (${KEY})" >&2\nsleep 0.4\necho ${KEY}\n`,
    { mode: 0o755 },
  );
});
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
});
const runs = (): number => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').trim().split('\n').length : 0);

describe('helper profiles through the CLI', () => {
  let id = '';
  const outputs: RunResult[] = [];

  it('two `api-key` calls at the same moment run the helper once (lock file)', async () => {
    const add = cli(
      ['add', 'api-key-helper', '--name', 'Vault', '--command', `'${helperFile}'`, '--ttl-ms', '600000'],
      env,
    );
    expect(add.code).toBe(0);
    id = add.stdout.trim();
    const [a, b] = await Promise.all([
      cliAsync(['api-key', '--profile', id], env),
      cliAsync(['api-key', '--profile', id], env),
    ]);
    outputs.push(a, b);
    expect(a.stdout).toBe(`${KEY}\n`);
    expect(b.stdout).toBe(`${KEY}\n`);
    expect(runs()).toBe(1);
  });

  it('inside the TTL the cached key is served without running the helper', () => {
    const r = cli(['api-key', '--profile', id], env);
    outputs.push(r);
    expect(r.stdout).toBe(`${KEY}\n`);
    expect(runs()).toBe(1);
  });

  it('the same Claude Code process asking again inside the TTL gets a fresh key (its last one got a 401)', () => {
    const asClaude = { ...env, CLAUDE_CODE_ENTRYPOINT: 'cli' };
    const before = runs();
    outputs.push(cli(['api-key', '--profile', id], asClaude));
    expect(runs()).toBe(before); // first ask from this requester: the cache
    outputs.push(cli(['api-key', '--profile', id], asClaude));
    expect(runs()).toBe(before + 1); // asked again: that key was rejected
    const served = fs.readFileSync(path.join(sb.appDir, 'served', `${id}.json`), 'utf8');
    expect(served).not.toContain(KEY);
  });

  it('after the TTL the CLI runs the helper itself and stores the result', async () => {
    const short = { ...env, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1' };
    const add = cli(['add', 'api-key-helper', '--name', 'Short', '--command', `'${helperFile}'`], short);
    const shortId = add.stdout.trim();
    const before = runs();
    outputs.push(cli(['api-key', '--profile', shortId], short));
    await new Promise((r) => setTimeout(r, 5));
    outputs.push(cli(['api-key', '--profile', shortId], short));
    expect(runs()).toBe(before + 2);
  });

  it('ten `api-key` calls at the same moment after the TTL run the helper once (the stamp says the key is due)', async () => {
    const add = cli(
      ['add', 'api-key-helper', '--name', 'Ten', '--command', `'${helperFile}'`, '--ttl-ms', '2000'],
      env,
    );
    const tenId = add.stdout.trim();
    const before = runs();
    expect(cli(['api-key', '--profile', tenId], env).stdout).toBe(`${KEY}\n`);
    expect(runs()).toBe(before + 1);
    const stamp = path.join(sb.appDir, 'locks', `helper-${tenId}.fetched`);
    expect(fs.readlinkSync(stamp)).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, 2100));
    const all = await Promise.all(Array.from({ length: 10 }, () => cliAsync(['api-key', '--profile', tenId], env)));
    outputs.push(...all);
    for (const r of all) expect(r.stdout, r.stderr).toBe(`${KEY}\n`);
    expect(runs()).toBe(before + 2);
  });

  it('a cold run starts the helper without loading node:child_process (issue 16), and a failing one too', () => {
    // On Node 20 the user's command starts on libuv's process handle (spawn-piped.ts); elsewhere
    // node:child_process starts it, as before.
    const loaded = path.join(sb.home, 'loaded');
    const probe = path.join(sb.home, 'child-process-probe.cjs');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.filter((m) => m === 'NativeModule child_process').length + '\\n'));\n`,
    );
    const probed = {
      ...env,
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1',
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${probe}`,
    };
    const bad = path.join(sb.home, 'denied.sh');
    fs.writeFileSync(bad, `#!/bin/sh\necho "denied for ${KEY}" >&2\nexit 3\n`, { mode: 0o755 });
    const badId = cli(['add', 'api-key-helper', '--name', 'Denied', '--command', `'${bad}'`], env).stdout.trim();
    const coldId = cli(['add', 'api-key-helper', '--name', 'Cold', '--command', `'${helperFile}'`], env).stdout.trim();
    const before = runs();
    const ok = cli(['api-key', '--profile', coldId], probed);
    const failed = cli(['api-key', '--profile', badId], probed);
    outputs.push(ok, failed);
    expect(ok.stdout).toBe(`${KEY}\n`);
    expect(runs()).toBe(before + 1);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/exited with code 3: “denied for sk-ant-…/);
    const n = process.versions.node.startsWith('20.') ? '0' : '1';
    expect(fs.readFileSync(loaded, 'utf8').trim().split('\n')).toEqual([n, n]);
  });

  it("a cold run sets no Node timer or immediate (the command's timeout waits through Atomics.waitAsync, the group's kill runs at once; Node's timer machinery cost ≈0.5 + 0.15 ms of a cold run)", () => {
    const counted = path.join(sb.home, 'timers');
    const probe = path.join(sb.home, 'timer-probe.cjs');
    fs.writeFileSync(
      probe,
      [
        'const n = { setTimeout: 0, setImmediate: 0 };',
        'for (const f of Object.keys(n)) {',
        '  const real = globalThis[f];',
        '  globalThis[f] = function (...a) { n[f]++; return real.apply(this, a); };',
        '}',
        `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(counted)}, JSON.stringify(n) + '\\n'));`,
      ].join('\n'),
    );
    const probed = {
      ...env,
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1',
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${probe}`,
    };
    const id = cli(['add', 'api-key-helper', '--name', 'NoTimer', '--command', `'${helperFile}'`], env).stdout.trim();
    expect(cli(['api-key', '--profile', id], env).stdout).toBe(`${KEY}\n`); // cached and stamped
    const before = runs();
    const cold = cli(['api-key', '--profile', id], probed);
    outputs.push(cold);
    expect(cold.stdout).toBe(`${KEY}\n`);
    expect(runs()).toBe(before + 1);
    expect(JSON.parse(fs.readFileSync(counted, 'utf8'))).toEqual({ setTimeout: 0, setImmediate: 0 });
  });

  it('`use` + the written apiKeyHelper + `refresh` + `status` work and show no secret', () => {
    expect(cli(['use', 'Vault'], env).code).toBe(0);
    const cmd = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')).apiKeyHelper as string;
    const viaSh = sh(cmd, env);
    expect(viaSh.stdout).toBe(`${KEY}\n`);
    const refresh = cli(['refresh', 'Vault'], env);
    outputs.push(refresh);
    expect(refresh.code).toBe(0);
    // Offline here: the key could not be checked, so it is not "ok" (cli-checks.test.ts has the checked one).
    expect(refresh.stdout).toMatch(
      /^Refreshed Vault in \d+ ms: sk-ant-….{4} · unknown · expires in 10 min · .*not checked/,
    );
    const status = cli(['status'], env);
    outputs.push(status, cli(['status', '--json'], env), cli(['refresh', 'Vault', '--json'], env));
    expect(status.stdout).toMatch(/\* Vault: unknown · expires in 10 min/);
  });

  it('a helper failure is one line on stderr with the typed reason, redacted', () => {
    const bad = path.join(sb.home, 'bad.sh');
    fs.writeFileSync(bad, `#!/bin/sh\necho "denied for ${KEY}" >&2\nexit 3\n`, { mode: 0o755 });
    const id2 = cli(['add', 'api-key-helper', '--name', 'Bad', '--command', `'${bad}'`], env).stdout.trim();
    const r = cli(['api-key', '--profile', id2], env);
    outputs.push(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/exited with code 3: “denied for sk-ant-…/);
  });

  it('the canary key printed by the helper appears in no output but api-key stdout, and in no file', () => {
    for (const o of outputs) {
      expect(o.stderr).not.toContain(KEY);
      if (!/^sk-ant-api03-HELPERKEY/.test(o.stdout)) expect(o.stdout).not.toContain(KEY);
    }
    expect(filesContaining([sb.appDir, sb.claudeDir], KEY)).toEqual([]);
  });
});

describe('a refresh due by its stamp with the keyring locked since the key was cached', () => {
  it('prints the key from the command (exit 0), says the cache is off, stores nothing', async () => {
    const own = await startKeyring();
    const s = sandbox();
    try {
      const ownEnv = { ...s.env, ...own.env };
      const key = canaryKey('STAMPLOCKED');
      const script = path.join(s.home, 'helper.sh');
      const count = path.join(s.home, 'runs');
      fs.writeFileSync(script, `#!/bin/sh\necho run >> '${count}'\nprintf %s '${key}'\n`, { mode: 0o755 });
      const add = cli(['add', 'api-key-helper', '--name', 'V', '--command', `'${script}'`, '--ttl-ms', '1000'], ownEnv);
      const id = add.stdout.trim();
      expect(cli(['api-key', '--profile', id], ownEnv).stdout).toBe(`${key}\n`); // cached, stamped
      const stamp = path.join(s.appDir, 'locks', `helper-${id}.fetched`);
      expect(fs.readlinkSync(stamp)).toMatch(/^\d+$/);
      await new Promise((r) => setTimeout(r, 1100));
      own.lock();
      const r = cli(['api-key', '--profile', id], { ...ownEnv, CLAUDE_CODE_ENTRYPOINT: 'cli' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${key}\n`);
      expect(r.stderr).toBe(
        'claude-auth-tray: the key cache is off: the keyring is locked. Unlock it to cache the key between runs.\n',
      );
      expect(fs.readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(2);
      expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
    } finally {
      s.cleanup();
      await own.stop();
    }
  });
});
