import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliAsync, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startFakeAdmin, type FakeAdmin } from '../support/fake-admin-api';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const ADMIN_KEY = 'sk-ant-admin01-FAKEADMINKEY-for-tests-only-0000';
let kr: PrivateKeyring;
let sb: Sandbox;
let env: NodeJS.ProcessEnv;
let admin: FakeAdmin;
const MEMBERS = Array.from({ length: 130 }, (_, i) => `member${i}@example.com`);
const PENDING = ['pending1@example.com', 'Pending2@Example.com'];

beforeAll(async () => {
  kr = await startKeyring();
  sb = sandbox();
  env = { ...sb.env, ...kr.env };
});
afterAll(async () => {
  sb.cleanup();
  await kr.stop();
});
beforeEach(async () => {
  await admin?.close();
  admin = await startFakeAdmin(ADMIN_KEY, MEMBERS, PENDING);
  cli(['remove', 'Admin'], env);
  const add = cli(
    ['add', 'anthropic-admin-key', '--name', 'Admin', '--key-stdin', '--base-url', admin.url],
    env,
    ADMIN_KEY,
  );
  expect(add.code, add.stderr).toBe(0);
});

const emailsInvited = (): string[] => admin.invites.map((i) => i.email).filter((e) => !PENDING.includes(e));

describe('team invites through the Admin API (fake on 127.0.0.1)', () => {
  it('an Admin key is stored in the keychain and never activated for Claude Code', () => {
    const use = cli(['use', 'Admin'], env);
    expect(use.code).toBe(2);
    expect(use.stderr).toMatch(/is an Admin key: it manages your organisation and is never given to Claude Code/);
    expect(fs.existsSync(path.join(sb.claudeDir, 'settings.json'))).toBe(false);
    const notAdmin = cli(
      ['add', 'anthropic-admin-key', '--name', 'X', '--key-stdin'],
      env,
      'sk-ant-api03-NOTADMIN-000000000000',
    );
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toMatch(/not an Admin key/);
    expect(filesContaining([sb.appDir, sb.claudeDir], ADMIN_KEY)).toEqual([]);
  });

  it('invites one person with the Claude Code role', async () => {
    const r = await cliAsync(['team', 'invite', '--role', 'claude_code_user', 'new.dev@example.com'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^invited\s+new\.dev@example\.com \(claude_code_user\)/m);
    expect(admin.invites.at(-1)).toMatchObject({
      email: 'new.dev@example.com',
      role: 'claude_code_user',
      status: 'pending',
    });
    expect(r.stdout + r.stderr).not.toContain(ADMIN_KEY);
  });

  it('a CSV of 200 with duplicates, members, pending invites and bad emails: per-row results, 429s waited out', async () => {
    admin.throttleEvery = 10;
    const lines = ['email,role'];
    const fresh: string[] = [];
    for (let i = 0; i < 200; i++) {
      if (i % 20 === 0) lines.push(`not-an-email-${i},developer`);
      else if (i % 25 === 1) lines.push(`member${i % 130}@example.com,user`);
      else if (i === 3) lines.push('PENDING1@example.com,developer');
      else if (i % 30 === 2) {
        // The first such row is new; every later one repeats it.
        if (!fresh.length) fresh.push('First@Example.com');
        lines.push(`${i === 2 ? 'First@Example.com' : 'first@example.com'},developer`);
      } else {
        const e = `person${i}@example.com`;
        fresh.push(e);
        lines.push(`${e},${i % 2 ? 'developer' : 'claude_code_user'}`);
      }
    }
    const csv = path.join(sb.home, 'people.csv');
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    const r = await cliAsync(['team', 'invite', '--csv', csv, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { email: string; outcome: string }[] }).results;
    expect(results).toHaveLength(200);
    const by = (o: string) => results.filter((x) => x.outcome === o).length;
    expect(by('invalid-email')).toBe(10);
    expect(by('already-member')).toBe(8);
    expect(by('already-invited')).toBe(1);
    expect(by('duplicate')).toBeGreaterThanOrEqual(6);
    expect(by('failed')).toBe(0);
    expect(by('invited')).toBe(fresh.length);
    expect(new Set(emailsInvited())).toEqual(new Set(fresh));
    expect(emailsInvited()).toHaveLength(fresh.length); // nobody twice
    expect(admin.stats.throttled).toBeGreaterThan(10);
    expect(Math.max(...admin.stats.pageSizes)).toBeLessThanOrEqual(100); // paged through 130 members
  });

  it('honours Retry-After', async () => {
    admin.throttleEvery = 3;
    admin.retryAfter = '1';
    const t = Date.now();
    const r = await cliAsync(['team', 'invite', '--role', 'developer', 'slow1@example.com', 'slow2@example.com'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(admin.stats.throttled).toBeGreaterThanOrEqual(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1000);
  });

  it('--dry-run sends nothing and says what it would do', async () => {
    const r = await cliAsync(
      ['team', 'invite', '--dry-run', '--role', 'developer', 'a@example.com', 'member1@example.com'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would-invite\s+a@example\.com/);
    expect(r.stdout).toMatch(/already-member\s+member1@example\.com/);
    expect(r.stdout).toMatch(/Dry run: would invite 1/);
    expect(emailsInvited()).toEqual([]);
  });

  it('lists and revokes invites; lists members and sets a role', async () => {
    await cliAsync(['team', 'invite', '--role', 'developer', 'revoke.me@example.com'], env);
    const list = JSON.parse((await cliAsync(['team', 'invites', '--json'], env)).stdout) as {
      invites: { id: string; email: string }[];
    };
    const inv = list.invites.find((i) => i.email === 'revoke.me@example.com')!;
    expect((await cliAsync(['team', 'invites', '--revoke', inv.id], env)).stdout).toContain(`Revoked invite ${inv.id}`);
    expect(admin.invites.some((i) => i.id === inv.id)).toBe(false);
    const members = JSON.parse((await cliAsync(['team', 'members', '--json'], env)).stdout) as {
      members: { id: string; email: string }[];
    };
    expect(members.members).toHaveLength(130);
    const m = members.members[5]!;
    const set = await cliAsync(['team', 'members', '--set-role', m.id, '--role', 'claude_code_user'], env);
    expect(set.stdout).toBe(`${m.email} is now claude_code_user.\n`);
  });

  it.each([
    [['team', 'invite', '--role', 'admin', 'x@example.com'], /"admin" cannot be given through the Admin API.*Console/],
    [['team', 'invite', '--role', 'owner', 'x@example.com'], /unknown role "owner"/],
    [['team', 'invite', '--role', 'developer', 'not-an-email'], /"not-an-email" is not an email address/],
    [['team', 'invite', 'x@example.com'], /missing option --role/],
    [['team', 'members', '--set-role', 'user_000001', '--role', 'admin'], /"admin" cannot be given/],
  ])('bad input %j: a clear error, nothing sent', (args, re) => {
    const before = admin.stats.requests;
    const r = cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(admin.stats.requests).toBe(before);
  });

  it('with several Admin keys the CLI asks which one instead of picking one; --profile chooses', async () => {
    const second = 'sk-ant-admin01-SECONDADMINKEY-for-tests-only-000';
    expect(cli(['add', 'anthropic-admin-key', '--name', 'Admin 2', '--key-stdin'], env, second).code).toBe(0);
    try {
      const r = cli(['team', 'invites'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/several Admin-key profiles \(Admin, Admin 2\)\. Choose one with --profile <name>\./);
      expect((await cliAsync(['team', 'invites', '--profile', 'Admin', '--json'], env)).code).toBe(0);
    } finally {
      cli(['remove', 'Admin 2'], env);
    }
  });

  it('a malformed CSV row or an unknown role in the CSV fails the whole file before anything is sent', () => {
    for (const [body, re] of [
      [
        'email,role\na@example.com,developer\nb@example.com,developer,extra\n',
        /CSV line 3: expected "email" or "email,role", found 3 columns/,
      ],
      ['a@example.com,developer\nb@example.com,superuser\n', /CSV line 2: unknown role "superuser"/],
      ['a@example.com\n', /CSV line 1: no role/],
    ] as const) {
      const csv = path.join(sb.home, 'bad.csv');
      fs.writeFileSync(csv, body);
      const r = cli(['team', 'invite', '--csv', csv], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(admin.stats.requests).toBe(0);
    }
  });
});

describe('provider bundles', () => {
  it('export → import round-trips to an equal profile; a canary secret never appears in the bundle', () => {
    const canary = 'bedrock-api-key-CANARY-7f3e9a2b1c';
    cli(
      [
        'add',
        'bedrock',
        '--name',
        'Bedrock key',
        '--region',
        'us-east-1',
        '--key-stdin',
        '--allow-plaintext-secret',
        '--model',
        'us.anthropic.claude-sonnet-4-5',
      ],
      env,
      canary,
    );
    cli(
      [
        'add',
        'bedrock',
        '--name',
        'Bedrock SSO',
        '--region',
        'us-west-2',
        '--aws-profile',
        'prod',
        '--sso',
        '--haiku-model',
        'us.anthropic.claude-haiku-4-5',
      ],
      env,
    );
    cli(['add', 'vertex', '--name', 'Vertex', '--project-id', 'my-project-1', '--region', 'us-east5'], env);
    cli(['add', 'foundry', '--name', 'Foundry', '--resource', 'my-res'], env);
    const exportCmd = `'${path.join(sb.home, 'get creds.sh')}' --role bedrock`;
    expect(
      cli(
        ['add', 'bedrock', '--name', 'Bedrock export', '--region', 'eu-west-1', '--credential-export', exportCmd],
        env,
      ).code,
    ).toBe(0);
    const before = (JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: Record<string, unknown>[] })
      .profiles;
    for (const name of ['Bedrock key', 'Bedrock SSO', 'Vertex', 'Foundry', 'Bedrock export']) {
      const file = path.join(sb.home, `${name}.json`);
      const ex = cli(['bundle', 'export', name, '-o', file], env);
      expect(ex.code, ex.stderr).toBe(0);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain(canary);
      const b = JSON.parse(text);
      expect(b).toMatchObject({ format: 'claude-auth-tray-bundle', version: 1 });
      expect(b.steps.length).toBeGreaterThan(1);
      const preview = cli(['bundle', 'import', file], env);
      expect(preview.stdout).toMatch(/Nothing imported yet/);
      // A preview says what would happen, not that it happened.
      expect(preview.stdout.split('\n')[0]).toMatch(/^Profile ".*" \(.*\) would be added\. /);
      expect(preview.stdout).not.toMatch(/ is added\./);
      if (name === 'Bedrock export') {
        // It carries a command: --yes alone is refused, names the command, and adds nothing.
        const count = (JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: unknown[] }).profiles.length;
        const refused = cli(['bundle', 'import', file, '--yes'], env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/contains a command .*get creds\.sh.*--allow-command/);
        expect(refused.stderr).toMatch(/--role bedrock\. Import it only if you trust/);
        expect((JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: unknown[] }).profiles).toHaveLength(
          count,
        );
      }
      const im = cli(
        [
          'bundle',
          'import',
          file,
          '--name',
          `${name} (imported)`,
          '--yes',
          ...(name === 'Bedrock export' ? ['--allow-command'] : []),
        ],
        env,
      );
      expect(im.code, im.stderr).toBe(0);
      expect(im.stdout).toMatch(/`use` then writes exactly this to Claude Code's settings.json:/);
      expect(im.stdout.split('\n')[0]).toMatch(/^Profile ".*" \(.*\) is added\. /);
      const after = (JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: Record<string, unknown>[] })
        .profiles;
      const orig = before.find((p) => p.name === name)!;
      const copy = after.find((p) => p.name === `${name} (imported)`)!;
      const strip = ({ id: _i, createdAt: _c, name: _n, allowPlaintextSecret: _a, ...rest }: Record<string, unknown>) =>
        rest;
      expect(strip(copy)).toEqual(strip(orig));
    }
    const sso = JSON.parse(fs.readFileSync(path.join(sb.home, 'Bedrock SSO.json'), 'utf8'));
    expect(sso.managedSettings).toEqual({
      env: {
        CLAUDE_CODE_USE_BEDROCK: '1',
        AWS_REGION: 'us-west-2',
        AWS_PROFILE: 'prod',
        ANTHROPIC_DEFAULT_HAIKU_MODEL: 'us.anthropic.claude-haiku-4-5',
      },
      awsAuthRefresh: 'aws sso login --profile prod',
    });
    expect(
      JSON.parse(fs.readFileSync(path.join(sb.home, 'Bedrock key.json'), 'utf8')).managedSettings.env,
    ).not.toHaveProperty('AWS_BEARER_TOKEN_BEDROCK');
    const exported = JSON.parse(fs.readFileSync(path.join(sb.home, 'Bedrock export.json'), 'utf8'));
    expect(exported.managedSettings).toEqual({
      env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' },
      awsCredentialExport: exportCmd,
    });
    // Importing it means running someone's command: the preview says so before anything happens.
    const preview = cli(['bundle', 'import', path.join(sb.home, 'Bedrock export.json')], env).stdout;
    expect(preview).toMatch(
      /will run on this computer \(import only if you trust whoever sent it\):\n {2}awsCredentialExport: .*get creds\.sh/,
    );
    expect(cli(['bundle', 'export', 'Admin'], env).stderr).toMatch(
      /only Bedrock, Vertex, Foundry, Claude Platform on AWS and LLM gateway setups can be shared/,
    );
  });

  it('a bundle with unknown fields, a wrong format version, or not a bundle at all is refused (exit 1) and changes nothing', () => {
    const good = JSON.parse(cli(['bundle', 'export', 'Vertex'], env).stdout);
    const count = () => (JSON.parse(cli(['list', '--json'], env).stdout) as { profiles: unknown[] }).profiles.length;
    const n = count();
    for (const [bad, re] of [
      [{ ...good, extra: 1 }, /unknown field\(s\) extra/],
      [
        { ...good, profile: { ...good.profile, secretKey: 'x' } },
        /profile: unknown field\(s\) secretKey|not valid at profile/,
      ],
      [{ ...good, version: 2 }, /format version 2; this app reads version 1/],
      [{ hello: 'world' }, /not a Claude Auth Tray bundle/],
    ] as const) {
      const file = path.join(sb.home, 'bad-bundle.json');
      fs.writeFileSync(file, JSON.stringify(bad));
      const r = cli(['bundle', 'import', file, '--yes'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(re);
    }
    fs.writeFileSync(path.join(sb.home, 'cut.json'), '{"format": "claude-auth-tray-bun');
    expect(cli(['bundle', 'import', path.join(sb.home, 'cut.json'), '--yes'], env).stderr).toMatch(/not valid JSON/);
    expect(count()).toBe(n);
  });
});
