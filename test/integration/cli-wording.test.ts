/**
 * Issue 17's newcomer pass, wording and looser checks: one sentence per refusal, in the words used
 * everywhere else, with a next step that does not contradict itself; values checked for their shape
 * where they enter. Real CLI child processes against a private Secret Service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
const ids = (): Record<string, string> =>
  Object.fromEntries(
    (JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: { id: string; name: string }[] }).profiles.map(
      (p) => [p.name, p.id],
    ),
  );

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
});
afterAll(async () => {
  sb?.cleanup();
  await kr?.stop();
});

describe('wording', () => {
  it('api-key before any profile: "No profiles yet", capitalised like everywhere else', () => {
    const r = cli(['api-key'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^claude-auth-tray: No profiles yet\. /);
  });

  it('remove of a subscription (no keychain item) does not mention one; an API key profile does', () => {
    expect(cli(['add', 'claude-ai', '--name', 'Subscription'], env).code).toBe(0);
    expect(cli(['remove', 'Subscription'], env)).toMatchObject({ code: 0, stdout: 'Removed Subscription.\n' });
    expect(cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], env, canaryKey('WORD')).code).toBe(0);
    expect(cli(['remove', 'K'], env)).toMatchObject({ code: 0, stdout: 'Removed K and its keychain item.\n' });
  });

  it('api-key for a profile without a key names no kind code', () => {
    expect(
      cli(['add', 'vertex', '--name', 'V', '--project-id', 'my-project-1', '--region', 'us-east5'], env).code,
    ).toBe(0);
    const r = cli(['api-key', '--profile', ids().V!], env);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('(vertex)');
    expect(r.stderr).toMatch(/^claude-auth-tray: Profile "V" has no API key/);
  });

  it('--base-url that is no URL says what it must be', () => {
    const r = cli(
      ['add', 'anthropic-api-key', '--name', 'U', '--base-url', 'notaurl', '--key-stdin'],
      env,
      canaryKey(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'claude-auth-tray: --base-url must be an http(s) URL, e.g. https://llm.example.com (see --help)\n',
    );
  });

  it('--project-id says what is wrong with it', () => {
    const r = cli(['add', 'vertex', '--name', 'P', '--project-id', 'p', '--region', 'us-east5'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--project-id "p" is not a Google Cloud project id: .*lowercase letters, digits and hyphens/,
    );
  });

  it('no gateway token: lower case mid-sentence', () => {
    const r = cli(['add', 'gateway', '--name', 'G', '--base-url', 'https://gw.example.com', '--key-stdin'], env, '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No gateway token was given');
    expect(r.stderr).not.toContain('Gateway token');
  });

  it('an API key given as an Admin key gets one next step', () => {
    const r = cli(['add', 'anthropic-admin-key', '--name', 'A', '--key-stdin'], env, canaryKey('NOTADMIN'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an Admin key/);
    expect(r.stderr).not.toContain('Copy the whole key again');
    expect(r.stderr).toContain('claude-auth-tray add anthropic-api-key');
  });

  it('the main help lists every team command', () => {
    expect(cli(['--help'], env).stdout).toContain('team invite|invites|members|spend');
  });

  it('run with claude not on the PATH: one sentence saying how to install it, exit 127 (in the help table)', () => {
    expect(cli(['add', 'claude-ai', '--name', 'Sub2'], env).code).toBe(0);
    const r = cli(['run', 'Sub2', '--quiet', '--', 'claude', '-p', 'hi'], env);
    expect(r.code).toBe(127);
    expect(r.stderr).toBe(
      'claude-auth-tray: claude is not on your PATH; install Claude Code: npm install -g @anthropic-ai/claude-code\n',
    );
    const other = cli(['run', 'Sub2', '--quiet', '--', 'no-such-tool-x'], env);
    expect(other.code).toBe(127);
    expect(other.stderr).toBe('claude-auth-tray: no-such-tool-x is not on your PATH.\n');
    expect(cli(['run', '--help'], env).stdout).toMatch(/^ {2}127 /m);
  });
});

describe('looser checks', () => {
  it.each([['mars-central9'], ['useast'], ['US-EAST5'], ['europe-west']])('Vertex --region %s is refused', (region) => {
    const r = cli(['add', 'vertex', '--name', `R ${region}`, '--project-id', 'my-project-1', '--region', region], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--region/);
  });
  it.each([['us-east5'], ['europe-west1'], ['global'], ['asia-southeast1'], ['us']])(
    'Vertex --region %s is taken',
    (region) => {
      const r = cli(
        ['add', 'vertex', '--name', `OK ${region}`, '--project-id', 'my-project-1', '--region', region],
        env,
      );
      expect(r.code, r.stderr).toBe(0);
    },
  );
  it('a too short Admin key is refused like an API key', () => {
    const r = cli(['add', 'anthropic-admin-key', '--name', 'Short', '--key-stdin'], env, 'sk-ant-admin01-abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/characters long, and keys have at least/);
  });
  it('--name "" is "cannot be empty", not "missing"', () => {
    const r = cli(['add', 'claude-ai', '--name', ''], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claude-auth-tray: --name cannot be empty (see --help)\n');
  });
});
