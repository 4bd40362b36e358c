/**
 * Claude Platform on AWS, the first provider added through the registry (issue 13): two registry
 * files, its schema, and these tests. Its AWS side is Bedrock's (aws-auth.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../common/profile';
import { activationPlan } from '../../main/core/claude-settings/activation-plan';
import { compareAuth } from '../../main/core/claude-auth-status';
import { offlineState } from '../../main/core/offline-state';
import { signInCommand } from '../../main/core/sign-in';
import { bundleToProfile, exportBundle, parseBundle } from '../../main/core/team/bundle';
import type { SecretStore } from '../../main/core/vault';
import { cli, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

const at = '2026-01-01T00:00:00.000Z';
const SSO: Profile = {
  id: 'cpa-1',
  name: 'Claude on AWS',
  createdAt: at,
  kind: 'claude-platform-aws',
  workspaceId: 'wrkspc_01abc',
  region: 'us-west-2',
  authMode: 'sso',
  awsProfile: 'prod',
};
const EXPORT: Profile = {
  id: 'cpa-2',
  name: 'Claude on AWS (command)',
  createdAt: at,
  kind: 'claude-platform-aws',
  workspaceId: 'wrkspc_01abc',
  region: 'eu-west-1',
  authMode: 'credential-export',
  credentialExport: '/opt/creds --profile ci',
  baseUrl: 'http://127.0.0.1:9',
  models: { model: 'claude-sonnet-4-5' },
};
const noSecrets: SecretStore = { get: () => undefined, set: () => undefined, delete: () => undefined } as never;
const plan = (p: Profile) =>
  Object.fromEntries(activationPlan({ profile: p, helperCommand: 'unused' }).map((e) => [e.path.join('.'), e.value]));

describe('Claude Platform on AWS', () => {
  it('activation writes the provider, the workspace, the region and the AWS credential mode', () => {
    expect(plan(SSO)).toEqual({
      'env.CLAUDE_CODE_USE_ANTHROPIC_AWS': '1',
      'env.ANTHROPIC_AWS_WORKSPACE_ID': 'wrkspc_01abc',
      'env.AWS_REGION': 'us-west-2',
      'env.AWS_PROFILE': 'prod',
      awsAuthRefresh: 'aws sso login --profile prod',
    });
    expect(plan(EXPORT)).toEqual({
      'env.CLAUDE_CODE_USE_ANTHROPIC_AWS': '1',
      'env.ANTHROPIC_AWS_WORKSPACE_ID': 'wrkspc_01abc',
      'env.AWS_REGION': 'eu-west-1',
      awsCredentialExport: '/opt/creds --profile ci',
      'env.ANTHROPIC_AWS_BASE_URL': 'http://127.0.0.1:9',
      'env.ANTHROPIC_MODEL': 'claude-sonnet-4-5',
    });
  });

  it('is followed like Bedrock: a command not run yet, aws sso login for SSO', () => {
    expect(offlineState(EXPORT, noSecrets, {}, Date.parse(at)).detail.kind).toBe('not-checked');
    expect(signInCommand(SSO)).toEqual({ bin: 'aws', args: ['sso', 'login', '--profile', 'prod'] });
  });

  it('claude auth status must say anthropicAws; another provider is a mismatch', () => {
    expect(compareAuth(SSO, { apiProvider: 'bedrock' })?.message).toMatch(/uses bedrock, not anthropicAws/);
    expect(compareAuth(SSO, { apiProvider: 'firstParty' })).toBeDefined();
    expect(compareAuth(SSO, { authMethod: 'third_party', apiProvider: 'anthropicAws' })).toBeUndefined();
  });

  it('a bundle round-trips, and one with a credential command needs consent', () => {
    const b = parseBundle(JSON.stringify(exportBundle(SSO)));
    expect(b.managedSettings.env.CLAUDE_CODE_USE_ANTHROPIC_AWS).toBe('1');
    expect(b.steps.join('\n')).toMatch(/aws configure sso --profile prod/);
    expect(bundleToProfile(b)).toMatchObject({ kind: 'claude-platform-aws', workspaceId: 'wrkspc_01abc' });
    const withCommand = parseBundle(JSON.stringify(exportBundle(EXPORT)));
    expect(() => bundleToProfile(withCommand)).toThrow(expect.objectContaining({ kind: 'command-consent-required' }));
  });
});

describe('Claude Platform on AWS through the CLI', () => {
  let kr: PrivateKeyring;
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    kr = await startKeyring();
    sb = sandbox(kr.env);
    env = sb.env;
  });
  afterAll(async () => {
    sb.cleanup();
    await kr.stop();
  });

  it('add checks its options; use writes its keys into settings.json', () => {
    const base = ['add', 'claude-platform-aws', '--name', 'CPA', '--region', 'us-west-2'];
    expect(cli(base, env).stderr).toMatch(/missing option --workspace-id/);
    expect(cli([...base, '--workspace-id', 'w', '--key-stdin'], env).stderr).toMatch(
      /option --key-stdin does not apply to claude-platform-aws profiles/,
    );
    expect(cli([...base, '--workspace-id', 'w', '--sso'], env).stderr).toMatch(/--sso needs --aws-profile/);
    expect(cli([...base, '--workspace-id', 'not a workspace'], env).stderr).toMatch(/invalid value for --workspace-id/);
    const add = cli([...base, '--workspace-id', 'wrkspc_01abc', '--aws-profile', 'prod', '--sso'], env);
    expect(add.code, add.stderr).toBe(0);
    const use = cli(['use', 'CPA'], env);
    expect(use.code, use.stderr).toBe(0);
    const s = JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));
    expect(s.env).toMatchObject({
      CLAUDE_CODE_USE_ANTHROPIC_AWS: '1',
      ANTHROPIC_AWS_WORKSPACE_ID: 'wrkspc_01abc',
      AWS_REGION: 'us-west-2',
      AWS_PROFILE: 'prod',
    });
    expect(s.awsAuthRefresh).toBe('aws sso login --profile prod');
    expect(cli(['add', '--help'], env).stdout).toMatch(/claude-platform-aws --workspace-id <id> --region <r>/);
  });
});
