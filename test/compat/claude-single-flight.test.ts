/**
 * Issue 16: "single-flight and the real-Claude-Code figures stay as they are". Ten real `claude -p`
 * started at the same moment with a helper profile whose key is not cached yet: the user's command runs
 * once, and every request carries its key. The command appends a line per run (O_APPEND: a second
 * run is never lost to a read-increment-write race).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claudeRun } from '../support/claude-accounts';
import { canaryKey, cli, filesContaining, ROOT, sandbox, type Sandbox } from '../support/cli';
import { FAKE_REPLY, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const CLAUDE = path.join(ROOT, 'node_modules', '.bin', 'claude');
const VERSION = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8' }).stdout.trim();
const CONCURRENT = 10;

let api: FakeAnthropic;
let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;

beforeAll(async () => {
  api = await startFakeAnthropic();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  try {
    sb?.cleanup();
  } finally {
    await kr?.stop();
    sb = undefined;
    kr = undefined;
    api.requests.length = 0;
  }
});

describe(`real Claude Code (${VERSION}), ${CONCURRENT} sessions at once`, () => {
  it("with the key not cached yet, the user's helper runs once for all of them", async () => {
    kr = await startKeyring();
    sb = sandbox();
    const env: NodeJS.ProcessEnv = {
      ...sb.env,
      ...kr.env,
      PATH: `${path.dirname(CLAUDE)}:${process.env.PATH}`,
      ANTHROPIC_BASE_URL: api.url,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
    };
    const key = canaryKey('FLIGHT');
    const runsFile = path.join(sb.home, 'helper-runs');
    const script = path.join(sb.home, 'slow helper.sh');
    // A helper that takes a moment, as a real one does (a vault or an SSO call): the other sessions
    // arrive while it runs.
    fs.writeFileSync(script, `#!/bin/sh\necho run >> '${runsFile}'\nsleep 0.3\necho ${key}\n`, { mode: 0o755 });
    const runs = (): number =>
      fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0;
    const add = cli(['add', 'api-key-helper', '--name', 'Vault', '--command', `'${script}'`], env);
    expect(add.code, add.stderr).toBe(0);
    // Without `claude` on our CLI's PATH: no background check competes with the ten sessions.
    expect(cli(['use', 'Vault'], { ...env, PATH: sb.env.PATH }).code).toBe(0);

    expect(runs()).toBe(0); // nothing ran the helper yet: the key is not cached
    const results = await Promise.all(Array.from({ length: CONCURRENT }, () => claudeRun(env, sb!.home)));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(FAKE_REPLY);
    }
    expect(runs()).toBe(1);
    // Every session's requests carried the helper's key.
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');
    expect(posts.length).toBeGreaterThanOrEqual(CONCURRENT);
    for (const m of posts) expect(m.apiKey).toBe(key);
    expect(filesContaining([sb.appDir, sb.claudeDir], key)).toEqual([]);
  }, 600_000);
});
