/**
 * Issues 15 and 17, states and warnings as a newcomer meets them: a key helper's output that is not
 * a key, a key that could not be checked, Claude Code not installed, one who-pays warning per cause,
 * a never-configured AWS profile, the running-session note from "nothing active", an unreadable
 * settings.json in `status`, and Claude Code's answer in words. Real CLI child processes against a
 * private Secret Service (and the real pinned Claude Code where its answer is the point).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, cliAsync, ROOT, sandbox, type Sandbox } from '../support/cli';
import { credentialsJson, login } from '../support/claude-accounts';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const BIN = path.join(ROOT, 'node_modules', '.bin');
let kr: PrivateKeyring;
const boxes: Sandbox[] = [];
beforeAll(async () => {
  kr = await startKeyring();
});
afterAll(async () => {
  boxes.forEach((b) => b.cleanup());
  await kr.stop();
});

function box(): { sb: Sandbox; env: NodeJS.ProcessEnv } {
  const sb = sandbox();
  boxes.push(sb);
  return { sb, env: { ...sb.env, ...kr.env } };
}

function helperPrinting(sb: Sandbox, name: string, text: string): string {
  const file = path.join(sb.home, name);
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' '${text}'\n`, { mode: 0o755 });
  return file;
}

describe("a key helper's output that is not a key", () => {
  it('JSON, markup or error text from the helper is "not a key", never echoed, never "ok"', () => {
    const { sb, env } = box();
    for (const [i, text] of [
      '{"error":"forbidden","code":403}',
      '["sk-ant-api03-inside-an-array"]',
      '<html><body>Forbidden</body></html>',
      'Error:AccessDeniedException:forbidden',
      'ERROR_unauthorized_request_denied',
    ].entries()) {
      const helper = helperPrinting(sb, `h${i}.sh`, text);
      const id = cli(['add', 'api-key-helper', '--name', `H${i}`, '--command', `'${helper}'`], env).stdout.trim();
      const refresh = cli(['refresh', `H${i}`], env);
      const all = refresh.stdout + refresh.stderr;
      expect(all, text).toContain('not a key');
      expect(all, text).not.toMatch(/· ok\b/);
      expect(all, text).not.toContain(text.slice(0, 12));
      const served = cli(['api-key', '--profile', id], env);
      expect(served.code, text).toBe(1);
      expect(served.stdout).toBe('');
      expect(served.stderr, text).toContain('not a key');
      expect(served.stderr, text).not.toContain(text.slice(0, 12));
    }
  });

  it('a key that could not be checked (API unreachable) is "unknown · … not checked", not "ok"', () => {
    const { sb, env } = box();
    const helper = helperPrinting(sb, 'good.sh', canaryKey('UNCHECKED'));
    // A base URL nothing listens on: the check cannot reach the API.
    cli(
      ['add', 'api-key-helper', '--name', 'Off', '--command', `'${helper}'`, '--base-url', 'http://127.0.0.1:9'],
      env,
    );
    const refresh = cli(['refresh', 'Off'], env);
    expect(refresh.stdout).not.toMatch(/· ok\b/);
    expect(refresh.stdout).toMatch(
      /· unknown · expires in \d+ min · The API could not be reached \(offline\?\); the key was not checked\./,
    );
    const status = cli(['status'], env);
    expect(status.stdout).toMatch(/Off: unknown · expires in \d+ min · The API could not be reached/);
  });

  it('a key the API accepted is "ok"', async () => {
    const api: FakeAnthropic = await startFakeAnthropic();
    try {
      const { sb, env } = box();
      const helper = helperPrinting(sb, 'good.sh', canaryKey('CHECKED'));
      cli(['add', 'api-key-helper', '--name', 'On', '--command', `'${helper}'`, '--base-url', api.url], env);
      // Not spawnSync: the fake API answers from this process.
      expect((await cliAsync(['refresh', 'On'], env)).stdout).toMatch(/· ok · expires in \d+ min · The key works\./);
    } finally {
      await api.close();
    }
  });
});

describe('Claude Code not installed', () => {
  it('whoami --check and use --check say so and how to install it', () => {
    const { env } = box();
    expect(cli(['add', 'bedrock', '--name', 'B', '--region', 'us-east-1'], env).code).toBe(0);
    const w = cli(['whoami', '--check'], env);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).not.toContain('has not been asked yet');
    expect(w.stdout).toContain('Claude Code is not installed (no `claude` on PATH)');
    expect(w.stdout).toContain('npm install -g @anthropic-ai/claude-code');
    const u = cli(['use', 'B', '--check'], env);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toContain('Active: B');
    expect(u.stdout).toContain('Claude Code is not installed (no `claude` on PATH)');
    expect(u.stdout).toContain('npm install -g @anthropic-ai/claude-code');
  });
});

describe('who pays: one warning per cause', () => {
  it('an exported ANTHROPIC_API_KEY with a Claude.ai profile active: one warning in status and in doctor', () => {
    const { sb, env: base } = box();
    fs.writeFileSync(path.join(sb.claudeDir, '.credentials.json'), credentialsJson(login('CHECKS')), { mode: 0o600 });
    const env = { ...base, PATH: `${BIN}:${process.env.PATH}`, DISABLE_AUTOUPDATER: '1' };
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const shell = { ...env, ANTHROPIC_API_KEY: 'sk-ant-api03-EXPORTEDKEY-x' };
    const status = cli(['status'], shell, undefined, sb.home);
    const warnings = status.stdout.split('\n').filter((l) => l.startsWith('Warning:'));
    expect(
      warnings.filter((l) => l.includes('ANTHROPIC_API_KEY')),
      status.stdout,
    ).toHaveLength(1);
    expect(status.stdout).not.toContain('apiKeyHelper');
    const doctor = JSON.parse(cli(['doctor', '--json'], shell, undefined, sb.home).stdout) as {
      findings: { kind: string; message: string }[];
    };
    const about = doctor.findings.filter((f) => f.message.includes('ANTHROPIC_API_KEY'));
    expect(about, JSON.stringify(doctor.findings)).toHaveLength(1);
    expect(JSON.stringify(doctor.findings)).not.toContain('apiKeyHelper');
  });
});

describe('a never-configured AWS profile', () => {
  it('Bedrock and Claude Platform on AWS with --sso and no ~/.aws/config are "not signed in" with the command', () => {
    const { env } = box();
    cli(['add', 'bedrock', '--name', 'B', '--region', 'us-east-1', '--aws-profile', 'prod', '--sso'], env);
    cli(
      ['add', 'claude-platform-aws', '--name', 'P', '--workspace-id', 'ws1', '--region', 'us-east-1'].concat([
        '--aws-profile',
        'prod',
        '--sso',
      ]),
      env,
    );
    const s = cli(['status'], env).stdout;
    for (const name of ['B', 'P']) {
      const line = s.split('\n').find((l) => l.trim().startsWith(`${name}:`))!;
      expect(line).toMatch(new RegExp(`${name}: not signed in · `));
      expect(line).toContain('aws configure sso --profile prod');
      expect(line).not.toContain('error');
    }
  });
});

describe('running sessions after a switch from nothing active', () => {
  it('to an API key: "from their next request", as measured', () => {
    const { env } = box();
    expect(cli(['add', 'anthropic-api-key', '--name', 'Work', '--key-stdin'], env, canaryKey('WORKNOTE')).code).toBe(0);
    const r = cli(['use', 'Work'], env);
    expect(r.stdout).toContain('Running Claude Code sessions use it from their next request');
    expect(r.stdout).not.toContain('was not measured');
  });
});

describe('status with a settings.json that is not valid JSON', () => {
  it('says it is a read (run the doctor again), and not "from settings.json"', () => {
    const { sb, env } = box();
    cli(['add', 'bedrock', '--name', 'B', '--region', 'us-east-1'], env);
    expect(cli(['use', 'B'], env).code).toBe(0);
    fs.writeFileSync(path.join(sb.claudeDir, 'settings.json'), '{"a":1,\n');
    const s = cli(['status'], env, undefined, sb.home).stdout;
    expect(s).toContain('settings.json is not valid JSON (line 2, column 1: a key in double quotes is missing)');
    expect(s).toContain(
      'Claude Code may ignore it. Correct the JSON at that line, then run `claude-auth-tray doctor` again.',
    );
    expect(s).not.toContain('It was not changed');
    expect(s).not.toContain('try again');
    expect(s).not.toContain('the active profile, from');
    expect(s).toContain('could not be read');
  });
});

describe("Claude Code's answer in words", () => {
  it('whoami --check names the source, not internals', () => {
    const { sb, env } = box();
    const fake = path.join(sb.home, 'fake-claude');
    fs.writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1 $2" = "auth status" ] || exit 2\nprintf \'{"loggedIn":true,"authMethod":"claude.ai","apiProvider":"firstParty","apiKeySource":"ANTHROPIC_API_KEY"}\\n\'\n',
      { mode: 0o755 },
    );
    const exported = canaryKey('EXPORTEDWORDS');
    const e = { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake, ANTHROPIC_API_KEY: exported };
    const r = cli(['whoami', '--check'], e, undefined, sb.home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Claude Code will use: the API key in ANTHROPIC_API_KEY (from your shell), first-party API (asked',
    );
    expect(r.stdout).not.toContain('claude.ai, firstParty');
    expect(r.stdout + r.stderr).not.toContain(exported);
  });

  it('use --check confirms in words', () => {
    const { sb, env } = box();
    const fake = path.join(sb.home, 'fake-claude');
    fs.writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1 $2" = "auth status" ] || exit 2\nprintf \'{"loggedIn":true,"authMethod":"api_key_helper","apiProvider":"firstParty","apiKeySource":"apiKeyHelper"}\\n\'\n',
      { mode: 0o755 },
    );
    const helper = helperPrinting(sb, 'k.sh', canaryKey('WORDS'));
    cli(['add', 'api-key-helper', '--name', 'H', '--command', `'${helper}'`], env);
    const u = cli(['use', 'H', '--check'], { ...env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake }, undefined, sb.home);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toContain('Claude Code confirms it will use: the key from apiKeyHelper, first-party API.');
  });
});
