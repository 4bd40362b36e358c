/**
 * The third audit pass (session 2026-11-29, a newcomer's): each test was red on the code before its
 * fix. Real CLI child processes, a private Secret Service, real files; every secret is a canary.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, CLI, cli, filesContaining, inTerminal, sandbox, sh, type Sandbox } from '../support/cli';
import { coreApp } from '../support/core-app';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
const boxes: Sandbox[] = [];
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
beforeAll(async () => {
  kr = await startKeyring();
  // The AppApi of these tests reads the keychain in this process.
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
});
afterEach(() => {
  boxes.splice(0).forEach((b) => b.cleanup());
});
afterAll(async () => {
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

function box(extra: NodeJS.ProcessEnv = kr.env): Sandbox {
  const b = sandbox(extra);
  boxes.push(b);
  return b;
}

describe('a key deleted from the keychain behind the app (secret-tool clear): every surface gives the way back', () => {
  const step = '`claude-auth-tray edit "Key" --key-stdin`';
  function keyGone(): { s: Sandbox; id: string; key: string } {
    const s = box();
    const key = canaryKey('GONE');
    const add = cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], s.env, key);
    expect(add.code, add.stderr).toBe(0);
    const id = add.stdout.trim();
    expect(cli(['use', 'Key'], s.env).code).toBe(0);
    const clear = spawnSync('secret-tool', ['clear', 'service', 'claude-auth-tray', 'username', id], {
      env: { ...process.env, ...s.env },
      encoding: 'utf8',
    });
    expect(clear.status, clear.stderr).toBe(0);
    return { s, id, key };
  }

  it('status and refresh: the missing key and the edit --key-stdin step', () => {
    const { s, key } = keyGone();
    const status = cli(['status'], s.env);
    expect(status.stdout).toContain(
      `* Key: error · the key is missing from the keychain. Give it its key again: ${step}`,
    );
    const refresh = cli(['refresh', 'Key'], s.env);
    expect(refresh.stdout).toContain(`error · the key is missing from the keychain. Give it its key again: ${step}`);
    expect(refresh.code).toBe(1);
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
  });

  it('api-key: exit 1 with the edit --key-stdin step, not "remove and add again"', () => {
    const { s, id } = keyGone();
    const r = cli(['api-key', '--profile', id], s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(step);
    expect(r.stderr).not.toMatch(/Remove the profile/);
  });

  it('doctor (CLI and window): a finding with the way back, not "No problems found"', async () => {
    const { s } = keyGone();
    const doctor = cli(['doctor'], s.env, undefined, s.home);
    expect(doctor.stdout).not.toContain('No problems found');
    expect(doctor.stdout).toContain('The key of profile "Key" is missing from the keychain.');
    expect(doctor.stdout).toContain(step);
    expect(doctor.code).not.toBe(0);
    const findings = await coreApp(s.env, s.home).handlers['doctor:run'](undefined);
    expect(findings).toContainEqual(
      expect.objectContaining({
        message: 'The key of profile "Key" is missing from the keychain.',
        fix: 'Open the profile and paste its key again.',
      }),
    );
  });
});

describe('status: a state that needs the user says the command that fixes it', () => {
  it('Claude.ai not signed in, Vertex without ADC, a key helper that has not run: each with its command', () => {
    const s = box();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], s.env).code).toBe(0);
    const v = cli(['add', 'vertex', '--name', 'Vtx', '--project-id', 'my-project-1', '--region', 'us-east5'], s.env);
    expect(v.code, v.stderr).toBe(0);
    const h = cli(['add', 'api-key-helper', '--name', 'Vault', '--command', 'echo x'], s.env);
    expect(h.code, h.stderr).toBe(0);
    const out = cli(['status'], s.env).stdout;
    expect(out).toContain(
      '  Sub: not signed in · Claude Code is not logged in to Claude.ai. Sign in: `claude auth login`.\n',
    );
    expect(out).toContain(
      '  Vtx: not signed in · no Google Application Default Credentials. Sign in: `gcloud auth application-default login`.\n',
    );
    expect(out).toContain(
      '  Vault: unknown · the helper has not run yet. Check it now: `claude-auth-tray refresh "Vault"`.\n',
    );
  });
});

describe('add: a taken name is refused before the hidden key prompt', () => {
  it('in a terminal: no prompt, the name error, a failing exit, nothing stored', async () => {
    const s = box();
    expect(cli(['add', 'anthropic-api-key', '--name', 'Taken', '--key-stdin'], s.env, canaryKey('FIRST')).code).toBe(0);
    const key = canaryKey('SECOND');
    // Should it ask, the key is typed; the name error must come before any prompt.
    const r = await inTerminal(['add', 'anthropic-api-key', '--name', 'Taken'], s.env, '(input hidden)', `${key}\r`);
    expect(r.screen).not.toContain('(input hidden)');
    expect(r.screen).toContain('"Taken"');
    expect(r.code).not.toBe(0);
    expect(JSON.parse(cli(['list', '--json'], s.env).stdout).profiles).toHaveLength(1);
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
  });
});

describe("doctor --fix for a key in a project's settings.json keeps who pays where", () => {
  it("the moved key is pinned to that project; the user's active profile and settings stay as they were", () => {
    const s = box();
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    expect(cli(['use', 'Cloud'], s.env).code).toBe(0);
    const before = JSON.parse(cli(['list', '--json'], s.env).stdout) as { activeProfileId: string };
    const userSettings = fs.readFileSync(path.join(s.claudeDir, 'settings.json'), 'utf8');
    const proj = path.join(s.home, 'proj');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    const key = canaryKey('PROJKEY');
    const projectFile = path.join(proj, '.claude', 'settings.json');
    fs.writeFileSync(projectFile, JSON.stringify({ env: { ANTHROPIC_API_KEY: key }, model: 'opus' }));
    const r = cli(['doctor', '--fix'], s.env, undefined, proj);
    const after = JSON.parse(cli(['list', '--json'], s.env).stdout) as {
      activeProfileId: string;
      profiles: { id: string; name: string }[];
    };
    const moved = after.profiles.find((p) => p.name === 'Imported key');
    expect(moved, r.stdout + r.stderr).toBeDefined();
    expect(r.stdout).toContain(
      `Moved the key from ${projectFile} into the keychain as "Imported key" and pinned that profile to ${proj}`,
    );
    // The user's profile is still the active one everywhere else; their settings.json is untouched.
    expect(after.activeProfileId).toBe(before.activeProfileId);
    expect(fs.readFileSync(path.join(s.claudeDir, 'settings.json'), 'utf8')).toBe(userSettings);
    // The project: the key is gone from its settings.json (the rest kept), the pin runs the helper.
    expect(JSON.parse(fs.readFileSync(projectFile, 'utf8'))).toEqual({ env: {}, model: 'opus' });
    const local = JSON.parse(fs.readFileSync(path.join(proj, '.claude', 'settings.local.json'), 'utf8')) as {
      apiKeyHelper?: string;
    };
    expect(local.apiKeyHelper).toContain(`api-key --profile ${moved!.id}`);
    expect(filesContaining([s.appDir, s.claudeDir, proj], key)).toEqual([]);
  });
});

describe('Bedrock --credential-export: no advice to use `aws configure export-credentials` (it prints {"Version":1,…})', () => {
  it('a command printing the credential_process shape: the fix names `aws sts get-session-token … --output json`', () => {
    const s = box();
    const creds = path.join(s.home, 'creds.sh');
    fs.writeFileSync(
      creds,
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"${canaryKey('AWSV1')}"}'\n`,
      { mode: 0o755 },
    );
    const add = cli(['add', 'bedrock', '--name', 'CI', '--region', 'us-east-1', '--credential-export', creds], s.env);
    expect(add.code, add.stderr).toBe(0);
    const r = cli(['refresh', 'CI'], s.env);
    const text = r.stdout + r.stderr;
    expect(text).toContain('{"Credentials":{"AccessKeyId",…}}');
    expect(text).toContain('aws sts get-session-token --profile <profile> --output json');
    expect(text).not.toContain('export-credentials');
  });

  it("the window's placeholder and hint and the bundle's steps do not suggest it either", async () => {
    const { AWS_AUTH_FIELDS } = await import('../../common/providers/aws-auth');
    const field = AWS_AUTH_FIELDS.find((f) => f.key === 'credentialExport')!;
    expect(`${field.placeholder} ${field.hint}`).not.toContain('export-credentials');
    expect(field.placeholder).toBe('aws sts get-session-token --profile prod --output json');
    const { awsSteps } = await import('../../main/core/providers/aws-auth');
    const steps = awsSteps(
      { kind: 'bedrock', authMode: 'credential-export', credentialExport: 'get-creds', region: 'us-east-1' } as never,
      [],
      'Bedrock',
    )!.join('\n');
    expect(steps).toContain('{"Credentials":{"AccessKeyId",…,"Expiration"}}');
    expect(steps).not.toContain('export-credentials');
  });
});

describe('completion --help: its bash and fish examples work in a fresh home', () => {
  it('run as shown, each writes its completion file (the folders may not exist yet)', () => {
    const s = box();
    const bin = path.join(s.home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'claude-auth-tray'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {
      mode: 0o755,
    });
    const help = cli(['completion', '--help'], s.env).stdout.split('\n');
    // The lines of one shell: its own line and the indented ones under it, without the label column.
    const example = (shell: string): string => {
      const at = help.findIndex((l) => l.startsWith(`  ${shell} `));
      const lines = [help[at]!];
      for (let i = at + 1; help[i]?.startsWith('         '); i++) lines.push(help[i]!);
      return lines.map((l) => l.slice(9).replace(/\s+\(.*\)$/, '')).join('\n');
    };
    const env = { ...s.env, PATH: `${bin}:${s.env.PATH ?? ''}` };
    for (const [shell, file] of [
      ['bash', '.local/share/bash-completion/completions/claude-auth-tray'],
      ['fish', '.config/fish/completions/claude-auth-tray.fish'],
    ] as const) {
      const r = sh(example(shell), env);
      expect(r.code, `${example(shell)}\n${r.stderr}`).toBe(0);
      expect(fs.readFileSync(path.join(s.home, file), 'utf8')).toContain('claude-auth-tray');
    }
  });
});

describe('add claude-ai --login without a terminal (stdin a pipe): says how it ends instead of a silent wait', () => {
  it('one line on stderr: finish in the browser, or pipe the code in; the login still runs (a piped code is a real use)', () => {
    const s = box();
    const fake = path.join(s.home, 'fake-claude');
    // Claude Code's prompt, then a failed login (no code came).
    fs.writeFileSync(fake, "#!/bin/sh\nprintf 'Paste code here if prompted > '\nexit 1\n", { mode: 0o755 });
    const r = cli(['add', 'claude-ai', '--name', 'Work', '--login'], { ...s.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake });
    expect(r.stderr).toContain(
      "claude-auth-tray: standard input is not a terminal: finish the sign-in in the browser Claude Code opens (if Claude.ai shows a code, write it to this command's standard input), or run this in a terminal, or add the account from the window.",
    );
    expect(r.stdout).toContain('Signing in with Claude Code (claude auth login)');
    expect(r.code).toBe(1);
  });
});
