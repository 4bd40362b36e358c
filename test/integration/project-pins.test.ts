import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryKey, cli, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  sb?.cleanup();
  await kr?.stop();
  sb = undefined;
  kr = undefined;
});

async function world(): Promise<NodeJS.ProcessEnv> {
  kr = await startKeyring();
  sb = sandbox();
  return { ...sb.env, ...kr.env };
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@e.st', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe('project pins', () => {
  it('a profile whose keys include a secret is refused for a settings.local.json that git tracks; the file stays as it was', async () => {
    const env = await world();
    const secret = canaryKey('BEDROCKPIN');
    const add = cli(
      ['add', 'bedrock', '--name', 'BR', '--region', 'us-east-1', '--key-stdin', '--allow-plaintext-secret'],
      env,
      secret,
    );
    expect(add.code, add.stderr).toBe(0);
    const proj = path.join(sb!.home, 'repo');
    fs.mkdirSync(path.join(proj, '.claude'), { recursive: true });
    const local = path.join(proj, '.claude', 'settings.local.json');
    fs.writeFileSync(local, '{}\n');
    git(proj, 'init', '-q');
    git(proj, 'add', '.claude/settings.local.json');
    git(proj, 'commit', '-qm', 'x');
    const r = cli(['use', 'BR', '--project', proj], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"BR" would write its key into ${local}, which git tracks.`);
    expect(fs.readFileSync(local, 'utf8')).toBe('{}\n');
    expect(filesContaining([sb!.home], secret)).toEqual([]);
    // Untracked (ignored) it is written, as for the user's file with --allow-plaintext-secret.
    git(proj, 'rm', '-q', '--cached', '.claude/settings.local.json');
    const ok = cli(['use', 'BR', '--project', proj], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(local, 'utf8')).env.AWS_BEARER_TOKEN_BEDROCK).toBe(secret);
    expect(ok.stdout).not.toContain(secret);
  });

  it('switching between a subscription and a paid key says so, both ways; unpin of an unpinned folder says so', async () => {
    const env = await world();
    cli(['add', 'claude-ai', '--name', 'Sub'], env);
    cli(['add', 'anthropic-api-key', '--name', 'Paid', '--key-stdin'], env, canaryKey('PAID'));
    expect(cli(['use', 'Sub'], env).stdout).not.toContain('Billing');
    expect(cli(['use', 'Paid'], env).stdout).toContain(
      'Billing changes: Claude Code now pays per token through "Paid" (Anthropic API key) instead of using the Claude.ai subscription of "Sub".',
    );
    expect(cli(['use', 'Sub'], env).stdout).toContain(
      'Billing changes: Claude Code now uses the Claude.ai subscription of "Sub" instead of paying per token through "Paid" (Anthropic API key).',
    );
    expect(cli(['use', 'Sub'], env).stdout).not.toContain('Billing');
    const proj = path.join(sb!.home, 'p');
    fs.mkdirSync(proj);
    const pin = cli(['use', 'Paid', '--project', proj], env);
    expect(pin.stdout).toContain('Billing changes: Claude Code now pays per token through "Paid"');
    expect(cli(['unpin', proj], env).stdout).toContain(`Removed the pin of ${proj}`);
    // The file and .claude folder the pin created go with it (no `{}` left); a second unpin fails.
    expect(fs.existsSync(path.join(proj, '.claude'))).toBe(false);
    const again = cli(['unpin', proj], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${proj} is not pinned.`);
    expect(cli(['unpin', path.join(sb!.home, 'nonexistent')], env).code).toBe(1);
    // A .claude folder and file of the user's own stay, even when the pin's keys were all it held.
    const own = path.join(sb!.home, 'own');
    fs.mkdirSync(path.join(own, '.claude'), { recursive: true });
    fs.writeFileSync(path.join(own, '.claude', 'settings.local.json'), '{}\n');
    expect(cli(['use', 'Paid', '--project', own], env).code).toBe(0);
    expect(cli(['unpin', own], env).code).toBe(0);
    expect(fs.readFileSync(path.join(own, '.claude', 'settings.local.json'), 'utf8').trim()).toBe('{}');
  });
  it('status follows what Claude Code reads: the pin of the working folder only; a parent pin is named as not applying; keys set by hand in the folder decide', async () => {
    const env = await world();
    expect(cli(['add', 'claude-ai', '--name', 'Default'], env).code).toBe(0);
    const acct = path.join(sb!.home, 'acct-home');
    fs.mkdirSync(acct);
    expect(cli(['add', 'anthropic-api-key', '--name', 'Paid', '--key-stdin'], env, canaryKey('PAIDST')).code).toBe(0);
    expect(cli(['use', 'Default'], env).code).toBe(0);
    const proj = path.join(sb!.home, 'proj');
    const sub = path.join(proj, 'src', 'deep');
    fs.mkdirSync(sub, { recursive: true });
    git(proj, 'init', '-q');
    expect(cli(['use', 'Paid', '--project', proj], env).code).toBe(0);
    const user = path.join(sb!.claudeDir, 'settings.json');

    const atRoot = JSON.parse(cli(['status', '--json'], env, undefined, proj).stdout).folder;
    expect(atRoot).toMatchObject({ dir: proj, file: path.join(proj, '.claude', 'settings.local.json'), pinned: true });

    // Below the pinned folder Claude Code 2.1.197 uses the user's settings (compat: claude-project-settings).
    const below = cli(['status', '--json'], env, undefined, sub);
    const folder = JSON.parse(below.stdout).folder;
    expect(folder).toMatchObject({ dir: sub, file: user, pinned: false, ignoredPin: { dir: proj } });
    const text = cli(['status'], env, undefined, sub).stdout;
    expect(text).toContain(`In ${sub}: the active profile, from ${user}.`);
    expect(text).toContain(
      `${proj} is pinned to Paid, but Claude Code reads only the .claude folder of the folder it starts in: the pin does not apply here.`,
    );

    // Keys someone wrote by hand into this folder's shared .claude/settings.json decide here.
    fs.mkdirSync(path.join(sub, '.claude'));
    const shared = path.join(sub, '.claude', 'settings.json');
    fs.writeFileSync(shared, JSON.stringify({ env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: acct } }));
    const hand = JSON.parse(cli(['status', '--json'], env, undefined, sub).stdout).folder;
    expect(hand).toMatchObject({ dir: sub, file: shared, pinned: false, handSet: 'keys' });
    expect(cli(['status'], env, undefined, sub).stdout).toContain(
      `In ${sub}: the active profile, with auth settings written by hand in ${shared} (project settings, not a pin of this app).`,
    );
  });
});
