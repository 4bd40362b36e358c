/**
 * Issue 15, item 5: who-pays warnings from the real Claude Code's own answer (`claude auth status`,
 * the pinned version), in `status`, the doctor and the tray: an exported key or a project file that
 * makes Claude Code bill an API key while a subscription is active, and a project file that makes it
 * use the subscription while an API key is active.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { KeyringSecretStore } from '../../main/core/vault';
import { cli, ROOT, sandbox, type Sandbox } from '../support/cli';
import { credentialsJson, login } from '../support/claude-accounts';
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

/** A world with Claude Code's own (fake) subscription login and a project folder. */
function world(): { env: NodeJS.ProcessEnv; project: string } {
  const sb = sandbox();
  boxes.push(sb);
  fs.writeFileSync(path.join(sb.claudeDir, '.credentials.json'), credentialsJson(login('WHOPAYS')), { mode: 0o600 });
  const project = path.join(sb.home, 'project');
  fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
  const env = { ...sb.env, ...kr.env, PATH: `${BIN}:${process.env.PATH}`, DISABLE_AUTOUPDATER: '1' };
  return { env, project };
}

function inProject(args: string[], env: NodeJS.ProcessEnv, project: string) {
  return cli(args, env, undefined, project);
}

describe('who pays, by Claude Code’s own answer', () => {
  it('an exported ANTHROPIC_API_KEY while the subscription is active: status, doctor and the tray say it bills per token', async () => {
    const { env, project } = world();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const shell = { ...env, ANTHROPIC_API_KEY: 'sk-ant-api03-EXPORTEDKEY-x' };
    const status = inProject(['status'], shell, project);
    expect(status.stdout).toContain(
      'Warning: Claude Code bills the API key in ANTHROPIC_API_KEY (exported in your shell) per token, not your Claude.ai subscription "Sub". Remove the export of ANTHROPIC_API_KEY',
    );
    const doctor = inProject(['doctor', '--json'], shell, project);
    const findings = (JSON.parse(doctor.stdout) as { findings: { kind: string; message: string }[] }).findings;
    expect(findings.find((f) => f.kind === 'claude-code-mismatch')?.message).toMatch(
      /bills the API key in ANTHROPIC_API_KEY/,
    );
    expect(doctor.stdout).not.toContain('EXPORTEDKEY');
    // The tray: the app asks Claude Code at start and shows the warning line.
    const app = new AppApi({
      env: shell,
      cwd: project,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime: { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: 'linux' },
    });
    const seen = new Promise<string[]>((resolve) => {
      app.onSnapshot((s) => {
        const labels = trayMenuModel({
          profiles: s.profiles,
          warnings: s.warnings,
          refreshing: false,
          startAtLogin: false,
          now: Date.now(),
        }).items.map((i) => (i.kind === 'separator' ? '' : i.label));
        if (labels.some((l) => l.startsWith('⚠ Claude Code bills'))) resolve(labels);
      });
    });
    app.start();
    try {
      const labels = await Promise.race([seen, new Promise<string[]>((r) => setTimeout(() => r([]), 30_000))]);
      // The tray line may be shortened; the warning in the snapshot (window, tooltip) is whole.
      expect(labels.find((l) => l.startsWith('⚠'))).toMatch(/^⚠ Claude Code bills the API key in ANTHROPIC_API_KEY/);
      expect(app.snapshot().warnings[0]?.message).toBe(
        'Claude Code bills the API key in ANTHROPIC_API_KEY (exported in your shell) per token, not your Claude.ai subscription "Sub".',
      );
    } finally {
      app.stop();
    }
  });

  it("a project's apiKeyHelper while the subscription is active names the file", () => {
    const { env, project } = world();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    expect(cli(['use', 'Sub'], env).code).toBe(0);
    const local = path.join(project, '.claude', 'settings.local.json');
    fs.writeFileSync(local, '{ "apiKeyHelper": "echo sk-ant-api03-project" }\n');
    expect(inProject(['status'], env, project).stdout).toContain(
      `Warning: Claude Code bills the key of an apiKeyHelper (set in ${local}) per token, not your Claude.ai subscription "Sub". Remove apiKeyHelper from ${local}`,
    );
  });

  it('the reverse: a project file that empties apiKeyHelper while an API key is active', () => {
    const { env, project } = world();
    expect(cli(['add', 'api-key-helper', '--name', 'Work key', '--command', 'echo sk-ant-api03-x'], env).code).toBe(0);
    expect(cli(['use', 'Work key'], env).code).toBe(0);
    expect(inProject(['status'], env, project).stdout).not.toContain('Warning: Claude Code');
    const local = path.join(project, '.claude', 'settings.local.json');
    fs.writeFileSync(local, '{ "apiKeyHelper": "" }\n');
    expect(inProject(['status'], env, project).stdout).toContain(
      `Warning: Claude Code uses a Claude.ai subscription, not the "Work key" API key (apiKeyHelper is emptied in ${local}): its use counts against that subscription's limits. Remove "apiKeyHelper" from ${local}`,
    );
  });
});
