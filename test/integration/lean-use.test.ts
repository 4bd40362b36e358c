import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, cli, CLI } from '../support/cli';
import { sandboxForFile } from '../support/app-harness';

// No Claude Code: this file is about the switch itself.
const { sb, env } = sandboxForFile({ PATH: '/usr/bin:/bin' });

beforeAll(() => {
  expect(cli(['add', 'anthropic-api-key', '--name', 'A', '--key-stdin'], env, canaryKey()).code).toBe(0);
  expect(cli(['add', 'vertex', '--name', 'V', '--project-id', 'my-proj-1', '--region', 'global'], env).code).toBe(0);
});

const profilesFile = (): string => path.join(sb.appDir, 'profiles.json');
const settings = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8'));

describe('use: its own bundle without the schema library', () => {
  it('ships as dist/cli/use.js, without zod', () => {
    const bundle = fs.readFileSync(path.join(path.dirname(CLI), 'use.js'), 'utf8');
    // A fraction of the full command set (the schema library alone is ≈ 457 KB): room for the
    // switch's own code, never for the schema library.
    expect(bundle.length).toBeLessThan(150_000);
    expect(bundle).not.toMatch(/ZodError|\$ZodType/);
  });

  it('switches, and writes profiles.json byte for byte as the full command set would', () => {
    // NODE_DEBUG=module lists the files Node loads: the lean bundle, not the full command set.
    const r = cli(['use', 'V'], { ...env, NODE_DEBUG: 'module' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/use\.js/);
    expect(r.stderr).not.toMatch(/commands\.js/);
    expect(r.stdout).toMatch(/^Active: V \(Google Vertex AI\)\.\nUpdated .*env\.CLAUDE_CODE_USE_VERTEX/);
    expect(settings()).toMatchObject({
      env: { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'my-proj-1' },
    });
    const lean = fs.readFileSync(profilesFile(), 'utf8');
    // `add` through the full command set rewrites profiles.json with the active id kept: same bytes.
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], env).code).toBe(0);
    const viaFull = JSON.parse(fs.readFileSync(profilesFile(), 'utf8'));
    viaFull.profiles.pop();
    expect(JSON.stringify(viaFull, null, 2) + '\n').toBe(lean);
    expect(JSON.parse(lean).activeProfileId).toMatch(/^v-/);
  });

  it('loads no node:crypto (≈2.5 ms of its start; issue 16): hashes are plain JavaScript, temp names need no randomness', () => {
    const probe = path.join(sb.home, 'builtins-probe.cjs');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process)$/.test(m)).join(',') + '\\n'));\n",
    );
    for (const ref of ['A', 'V', 'A']) {
      const r = cli(['use', ref], { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${probe}` });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^LOADED $/m);
    }
  });

  it('loads neither node:os nor node:module (≈0.15 and ≈0.2 ms of a start from a file; issue 16)', () => {
    const probe = path.join(sb.home, 'builtins-probe-2.cjs');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + process.moduleLoadList.filter((m) => /^NativeModule (os|module)$/.test(m)).join(',') + '\\n'));\n",
    );
    for (const ref of ['A', 'V']) {
      const r = cli(['use', ref], { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${probe}` });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^LOADED $/m);
    }
  });

  it('a profiles.json changed by hand is validated by the full command: an invalid one is refused as before', () => {
    const good = fs.readFileSync(profilesFile(), 'utf8');
    const f = JSON.parse(good);
    f.profiles[1].region = 'NOT A REGION; rm -rf ~';
    fs.writeFileSync(profilesFile(), JSON.stringify(f, null, 2));
    const before = fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8');
    const r = cli(['use', 'V'], { ...env, NODE_DEBUG: 'module' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/commands\.js/); // handed over to the full command set
    expect(r.stderr).toMatch(/profiles\.json does not match format version 1: profiles\.1\.region/);
    expect(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')).toBe(before);
    // A valid hand edit (another name) is accepted, validated once, and then trusted again.
    f.profiles[1].region = 'us-east5';
    fs.writeFileSync(profilesFile(), JSON.stringify(f, null, 2));
    const ok = cli(['use', 'V'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(settings()).toMatchObject({ env: { CLOUD_ML_REGION: 'us-east5' } });
  });

  it('keeps the full command for every other form: --check, --help, usage errors, unknown profiles', () => {
    expect(cli(['use', '--help'], env).stdout).toContain('Usage: claude-auth-tray use <name|id> [--check]');
    const two = cli(['use', 'A', 'B'], env);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('unexpected argument "B"');
    const none = cli(['use', 'Nope'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No profile named or with id "Nope"');
    const check = cli(['use', 'A', '--check'], env);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^Active: A \(Anthropic API key\)\./);
  });

  it('an API-key profile whose key left the keychain is refused, and nothing is switched', () => {
    const id = (JSON.parse(fs.readFileSync(profilesFile(), 'utf8')).profiles as { id: string; name: string }[]).find(
      (p) => p.name === 'A',
    )!.id;
    expect(cli(['use', 'V'], env).code).toBe(0);
    const before = fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8');
    expect(cli(['remove', 'A'], env).code).toBe(0);
    // Put the profile back without its key (as a profiles.json restored from a backup would).
    const f = JSON.parse(fs.readFileSync(profilesFile(), 'utf8'));
    f.profiles.push({ id, name: 'A', kind: 'anthropic-api-key', createdAt: new Date().toISOString() });
    fs.writeFileSync(profilesFile(), JSON.stringify(f, null, 2) + '\n');
    expect(cli(['list'], env).code).toBe(0); // validated (and so trusted) by the full command set
    const r = cli(['use', 'A'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The key of "A" is not in the keychain.');
    expect(fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8')).toBe(before);
    expect(JSON.parse(fs.readFileSync(profilesFile(), 'utf8')).activeProfileId).toMatch(/^v-/);
  });

  it('the copy of the validated bytes is rewritten in place, and a link planted there is not written through', () => {
    const marker = path.join(sb.appDir, '.profiles-validated');
    expect(cli(['use', 'V'], env).code).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe(fs.readFileSync(profilesFile(), 'utf8'));
    const target = path.join(sb.home, 'not-the-apps.txt');
    fs.writeFileSync(target, 'mine\n');
    fs.rmSync(marker);
    fs.symlinkSync(target, marker);
    // No copy to trust: the full command validates and switches.
    const r = cli(['use', 'V'], { ...env, NODE_DEBUG: 'module' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/commands\.js/);
    expect(fs.readFileSync(target, 'utf8')).toBe('mine\n');
    fs.rmSync(marker);
    // Without the link the full command writes the copy again, and the lean path trusts it.
    expect(cli(['use', 'V'], env).code).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe(fs.readFileSync(profilesFile(), 'utf8'));
    const lean = cli(['use', 'V'], { ...env, NODE_DEBUG: 'module' });
    expect(lean.code, lean.stderr).toBe(0);
    expect(lean.stderr).not.toMatch(/commands\.js/);
  });
});
