/**
 * An LLM gateway, the second provider added through the registry (issue 13): two registry files,
 * its schema, and these tests. The token stays in the keychain and reaches Claude Code through
 * apiKeyHelper; the fake Anthropic API on 127.0.0.1 plays the gateway.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../common/profile';
import { fromFlat } from '../../common/providers';
import { validateProfile } from '../../main/core/profile-store';
import { activationPlan } from '../../main/core/claude-settings/activation-plan';
import { compareAuth } from '../../main/core/claude-auth-status';
import { bundleToProfile, exportBundle, parseBundle } from '../../main/core/team/bundle';
import { previewBundle } from '../../main/core/team/bundle-preview';
import { canaryKey, cli, cliAsync, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const at = '2026-01-01T00:00:00.000Z';
const GW: Profile = {
  id: 'gw-1',
  name: 'Company gateway',
  createdAt: at,
  kind: 'gateway',
  baseUrl: 'https://llm.example.com/anthropic',
  headers: 'X-Gateway-Team: platform\nX-Route: eu',
  models: { model: 'claude-sonnet-4-5', haikuModel: 'claude-haiku-4-5' },
};
const plan = (p: Profile) =>
  Object.fromEntries(
    activationPlan({ profile: p, helperCommand: 'cat-helper' }).map((e) => [e.path.join('.'), e.value]),
  );

describe('LLM gateway', () => {
  it('activation writes the helper, the base URL, the custom headers and the models', () => {
    expect(plan(GW)).toEqual({
      apiKeyHelper: 'cat-helper',
      'env.ANTHROPIC_BASE_URL': 'https://llm.example.com/anthropic',
      'env.ANTHROPIC_CUSTOM_HEADERS': 'X-Gateway-Team: platform\nX-Route: eu',
      'env.ANTHROPIC_MODEL': 'claude-sonnet-4-5',
      'env.ANTHROPIC_DEFAULT_HAIKU_MODEL': 'claude-haiku-4-5',
    });
    const { headers: _h, models: _m, ...bare } = GW as Extract<Profile, { kind: 'gateway' }>;
    expect(plan(bare)).toEqual({
      apiKeyHelper: 'cat-helper',
      'env.ANTHROPIC_BASE_URL': 'https://llm.example.com/anthropic',
    });
  });

  it('headers that look like secrets or carry control characters are refused, naming no value', () => {
    const add = (headers: string) => () =>
      validateProfile({
        ...fromFlat({ kind: 'gateway', name: 'G', baseUrl: 'https://gw.example', headers }),
        id: 'g',
        createdAt: at,
      });
    for (const h of [
      'Authorization: Bearer SEKRIT',
      'x-api-key: SEKRIT',
      'Proxy-Authorization: SEKRIT',
      'Cookie: s=SEKRIT',
      'X-Auth-Token: SEKRIT',
      'X-Client-Secret: SEKRIT',
      'My-Key: SEKRIT',
    ])
      expect(add(h)).toThrow(/looks like a secret: give it as the gateway token, which is kept in the keychain/);
    // A harmless name with a credential as its value (audit): the value's shape decides too.
    for (const h of [
      'X-Team: sk-ant-api03-SEKRITSEKRITSEKRIT',
      'X-Upstream: AKIAABCDEFGHIJKLMNOP',
      'X-Forward: Bearer abcdefghijSEKRIT',
      'X-Google: ya29.SEKRITSEKRITSEKRIT',
    ]) {
      expect(add(h)).toThrow(/header X-\w+ has a value that looks like a key or token: give it as the gateway token/);
      expect(() => add(h)()).toThrow(expect.not.objectContaining({ message: expect.stringContaining('SEKRIT') }));
    }
    expect(add('X-Team: platform')).not.toThrow();
    expect(add('X-Team: a\u001b[2Jb')).toThrow(/control characters/);
    expect(add('X-Team: a\u0007')).toThrow(/control characters/);
    expect(add('no colon here')).toThrow(/not of the form "Name: value"/);
    for (const h of ['Authorization: Bearer SEKRIT', 'X-Team: a\u0007SEKRIT'])
      expect(() => add(h)()).toThrow(expect.not.objectContaining({ message: expect.stringContaining('SEKRIT') }));
    // Lines from the window's box: CRLF and blank lines are tidied, not refused.
    expect(
      fromFlat({ kind: 'gateway', name: 'G', baseUrl: 'https://gw.example', headers: ' X-A: 1\r\n\r\nX-B: 2 ' }),
    ).toMatchObject({ headers: 'X-A: 1\nX-B: 2' });
  });

  it('claude auth status must say api_key_helper; an exported key that wins is a mismatch', () => {
    expect(compareAuth(GW, { authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper' })).toBeUndefined();
    expect(compareAuth(GW, { authMethod: 'api_key_helper', apiKeySource: 'ANTHROPIC_API_KEY' })).toBeDefined();
    expect(compareAuth(GW, { authMethod: 'claude.ai' })).toBeDefined();
  });

  it('a bundle carries no token, tells where to get one, and its preview names the gateway host', () => {
    const b = parseBundle(JSON.stringify(exportBundle(GW)));
    expect(b.managedSettings.env).toEqual({
      ANTHROPIC_BASE_URL: 'https://llm.example.com/anthropic',
      ANTHROPIC_CUSTOM_HEADERS: 'X-Gateway-Team: platform\nX-Route: eu',
      ANTHROPIC_MODEL: 'claude-sonnet-4-5',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
    });
    expect(b.steps[0]).toMatch(/gateway admin/);
    expect(bundleToProfile(b)).toMatchObject({ kind: 'gateway', baseUrl: 'https://llm.example.com/anthropic' });
    expect(previewBundle(b).lines.join('\n')).toContain('llm.example.com');
  });
});

describe('LLM gateway through the CLI', () => {
  let kr: PrivateKeyring;
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let gw: FakeAnthropic;
  beforeAll(async () => {
    kr = await startKeyring();
    sb = sandbox(kr.env);
    env = sb.env;
    gw = await startFakeAnthropic();
  });
  afterAll(async () => {
    await gw.close();
    sb.cleanup();
    await kr.stop();
  });

  it('add checks its options; use writes its keys; refresh asks the gateway; the token is in no file or output', async () => {
    const token = canaryKey('GATEWAY');
    const base = ['add', 'gateway', '--name', 'GW'];
    const outputs: string[] = [];
    const run = (args: string[], input?: string) => {
      const r = cli(args, env, input);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    expect(run([...base, '--key-stdin'], token).stderr).toMatch(/missing option --base-url/);
    expect(run([...base, '--base-url', gw.url], token).stderr).toMatch(/missing option --key-stdin/);
    expect(
      run([...base, '--base-url', gw.url, '--key-stdin', '--header', `Authorization: Bearer ${token}`], token).stderr,
    ).toMatch(/invalid value for --header: header Authorization looks like a secret: give it as the gateway token/);
    expect(run([...base, '--base-url', gw.url, '--key-stdin', '--header', 'X-Team: a\u001bb'], token).stderr).toMatch(
      /--header.*control characters/,
    );
    const add = run(
      [
        ...base,
        '--base-url',
        gw.url,
        '--key-stdin',
        '--header',
        'X-Gateway-Team: platform',
        '--header',
        'X-Route: eu',
        '--model',
        'gw-sonnet',
      ],
      token,
    );
    expect(add.code, add.stderr).toBe(0);
    const use = run(['use', 'GW']);
    expect(use.code, use.stderr).toBe(0);
    const s = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));
    expect(s.apiKeyHelper).toMatch(/api-key/);
    expect(s.env).toEqual({
      ANTHROPIC_BASE_URL: gw.url,
      ANTHROPIC_CUSTOM_HEADERS: 'X-Gateway-Team: platform\nX-Route: eu',
      ANTHROPIC_MODEL: 'gw-sonnet',
    });
    // The helper Claude Code runs prints the keychain token.
    const helper = cli(['api-key'], env);
    expect(helper.stdout.trim()).toBe(token);

    const refresh = async (): Promise<{ status: string; detail: { message: string } }> => {
      const r = await cliAsync(['refresh', 'GW', '--json'], env);
      outputs.push(r.stdout, r.stderr);
      return JSON.parse(r.stdout).state;
    };
    expect(await refresh()).toMatchObject({ status: 'ok' });
    const models = gw.requests.filter((q) => q.path === '/v1/models');
    expect(models.length).toBe(1);
    expect(models[0]).toMatchObject({ apiKey: token, authorization: `Bearer ${token}`, gatewayTeam: 'platform' });

    gw.overrides.set(token, { status: 404 });
    const unoffered = await refresh();
    expect(unoffered.status).toBe('unknown');
    expect(unoffered.detail.message).toBe('the gateway does not offer /v1/models; the key could not be checked');
    gw.overrides.set(token, { status: 405 });
    expect((await refresh()).status).toBe('unknown');
    gw.overrides.set(token, { status: 403 });
    expect((await refresh()).status).toBe('invalid');
    gw.overrides.delete(token);
    gw.revoked.add(token);
    expect((await refresh()).status).toBe('invalid');

    const st = run(['status', '--json']);
    expect(JSON.parse(st.stdout).profiles.find((p: { name: string }) => p.name === 'GW').kind).toBe('gateway');
    const exp = run(['bundle', 'export', 'GW', '-o', path.join(sb.home, 'gw.bundle.json')]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(fs.readFileSync(path.join(sb.home, 'gw.bundle.json'), 'utf8')).toMatch(/gateway admin/);

    expect(run(['add', '--help']).stdout).toMatch(
      /gateway --base-url <url> \[--key-stdin\] \[--header "Name: value"\]/,
    );
    expect(outputs.filter((o) => o.includes(token))).toEqual([]);
    expect(filesContaining([sb.home], token)).toEqual([]);
  });
});
