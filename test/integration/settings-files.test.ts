import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import type { PlanEntry } from '../../main/core/claude-settings/activation-plan';
import { SettingsBridge } from '../../main/core/claude-settings/settings-bridge';
import { resolveHelperTtl } from '../../main/core/ttl';
import { canaryKey, cli, CLI, filesContaining, sandbox, type Sandbox } from '../support/cli';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

/** Issue 12, items 4, 8 and 13: odd settings files, secrets in backups, file-system failures. */
const A: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper-A' }];
const boxes: Sandbox[] = [];
function box(extra: NodeJS.ProcessEnv = {}): { s: Sandbox; file: string; bridge: () => SettingsBridge } {
  const s = sandbox({ CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true', ...extra });
  boxes.push(s);
  const file = path.join(s.claudeDir, 'settings.json');
  return { s, file, bridge: () => new SettingsBridge(file, s.env) };
}
afterAll(() => boxes.splice(0).forEach((s) => s.cleanup()));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('odd settings files (item 4)', () => {
  it('a settings.json with a BOM is accepted and keeps its BOM', () => {
    const { file, bridge } = box();
    const text = '\uFEFF{\n  "model": "opus"\n}\n';
    fs.writeFileSync(file, text);
    bridge().apply(A);
    const now = fs.readFileSync(file, 'utf8');
    expect(now.startsWith('\uFEFF{')).toBe(true);
    expect(JSON.parse(now.slice(1)).apiKeyHelper).toBe('helper-A');
    bridge().apply([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('an empty object written over several lines comes back byte for byte (kept in bridge-state between runs)', () => {
    const { file, bridge } = box();
    const text = '{\r\n\t"env": {\r\n\t},\r\n\t"n": 1, "m": [ ]\r\n}';
    fs.writeFileSync(file, text);
    bridge().apply([{ path: ['env', 'AWS_REGION'], value: 'x' }, ...A]);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '{\r\n\t"env": {\r\n\t\t"AWS_REGION": "x"\r\n\t},\r\n\t"n": 1, "m": [ ], "apiKeyHelper": "helper-A"\r\n}',
    );
    bridge().apply([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it("the helper TTL in a BOM file's env is read", () => {
    const { s, file } = box();
    fs.writeFileSync(file, '\uFEFF{"env": {"CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "60000"}}');
    expect(resolveHelperTtl(undefined, s.env)).toEqual({ ms: 60000, source: 'settings-env' });
  });

  it.each([
    [
      'at the top',
      '{\n  "apiKeyHelper": "mine",\n  "model": "x",\n  "apiKeyHelper": "other"\n}\n',
      'apiKeyHelper',
      2,
      4,
    ],
    ['in env', '{\n  "env": {\n    "AWS_REGION": "a",\n    "AWS_REGION": "b"\n  }\n}\n', 'env.AWS_REGION', 3, 4],
  ])('a key written twice %s is refused with a clear error and the file is left alone', (_w, text, name, a, b) => {
    const { file, bridge } = box();
    fs.writeFileSync(file, text);
    const e = thrown(() => bridge().apply([{ path: ['env', 'AWS_REGION'], value: 'x' }, ...A]));
    expect(e.kind).toBe('settings-unsupported');
    expect(e.message).toBe(
      `${file} has the key "${name}" twice (lines ${a} and ${b}); Claude Code uses only the last one.`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('a dangling symlink is written through (the link stays); one into a missing folder is refused', () => {
    const { s, file, bridge } = box();
    const target = path.join(s.home, 'dotfiles', 'claude-settings.json');
    fs.mkdirSync(path.dirname(target));
    fs.symlinkSync(target, file);
    bridge().apply(A);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({ apiKeyHelper: 'helper-A' });

    const other = box();
    const nowhere = path.join(other.s.home, 'not-checked-out', 'settings.json');
    fs.symlinkSync(nowhere, other.file);
    const e = thrown(() => other.bridge().apply(A));
    expect(e.kind).toBe('io-error');
    expect(e.message).toContain(other.file);
    expect(fs.lstatSync(other.file).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.dirname(nowhere))).toBe(false);
  });

  it('temp files and lock drafts a killed process left are swept; a live process keeps its own', () => {
    const { s, file, bridge } = box();
    fs.writeFileSync(file, '{}\n');
    bridge().apply(A); // creates the app folder
    const dead = deadPid();
    const left = [
      path.join(s.claudeDir, `.settings.json.${dead}.0a1b2c3d.tmp`),
      path.join(s.appDir, `.bridge-state.json.${dead}.deadbeef.tmp`),
      path.join(s.appDir, `settings.lock.${dead}.7.draft`),
    ];
    const live = path.join(s.claudeDir, `.settings.json.${process.ppid}.0a1b2c3d.tmp`);
    for (const f of [...left, live]) fs.writeFileSync(f, 'partial');
    bridge().apply([]);
    expect(left.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(fs.existsSync(live)).toBe(true);
  });
});

describe('settings.json that cannot be read or written (item 13): one line naming the file, exit 1', () => {
  const use = (s: Sandbox) => {
    expect(
      cli(['add', 'vertex', '--name', 'V', '--project-id', 'my-project-1', '--region', 'global'], s.env).code,
    ).toBe(0);
    return cli(['use', 'V'], s.env);
  };
  const oneLine = (stderr: string): string => {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };

  it('5,000 levels deep', () => {
    const { s, file } = box();
    const deep = `{"x": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`;
    fs.writeFileSync(file, deep);
    const r = use(s);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      `claude-auth-tray: ${file} is nested 5001 levels deep (line 1); Claude Auth Tray edits files up to 500 levels. Flatten that value (settings never need such depth), then try again. The file was not changed.`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(deep);
  });

  it('EISDIR: settings.json is a folder', () => {
    const { s, file } = box();
    fs.mkdirSync(file);
    const r = use(s);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      `claude-auth-tray: ${file} is a folder, not a file. Move or rename that folder (Claude Code cannot read it either), then try again.`,
    );
  });

  it('doctor reports a settings.json that is a folder as a finding, not a crash', () => {
    const { s, file } = box();
    fs.mkdirSync(file);
    const r = cli(['doctor', '--json'], s.env);
    expect(r.stderr).toBe('');
    const f = (JSON.parse(r.stdout) as { findings: { kind: string; message: string }[] }).findings;
    expect(f).toContainEqual(
      expect.objectContaining({ kind: 'settings-unreadable', message: `${file} is a folder, not a file.` }),
    );
  });

  it('ELOOP: settings.json is a link to itself', () => {
    const { s, file } = box();
    fs.symlinkSync(file, file);
    const r = use(s);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      `claude-auth-tray: ${file} is a symbolic link that leads back to itself. Point the link at a real file, or delete it, then try again.`,
    );
  });

  it('ENOSPC: its folder is on a full disk (a 64 KiB tmpfs in a private mount namespace)', () => {
    const { s, file } = box();
    const text = '{\n  "model": "opus"\n}\n';
    fs.writeFileSync(path.join(s.home, 'settings.src'), text);
    expect(
      cli(['add', 'vertex', '--name', 'V', '--project-id', 'my-project-1', '--region', 'global'], s.env).code,
    ).toBe(0);
    const script = [
      'set -e',
      `mount -t tmpfs -o size=64k tmpfs "${s.claudeDir}"`,
      `cp "${s.home}/settings.src" "${file}"`,
      `dd if=/dev/zero of="${s.claudeDir}/fill" bs=4k 2>/dev/null || true`,
      `exec "${process.execPath}" "${CLI}" use V`,
    ].join('\n');
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { env: s.env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      `claude-auth-tray: Could not update ${file}: the disk that holds ${s.claudeDir} is full. Free some space, then try again. The file was left as it was.`,
    );
  });
});

describe('consented plaintext keys and backups (item 8)', () => {
  let kr: PrivateKeyring;
  beforeAll(async () => {
    kr = await startKeyring();
  });
  afterAll(async () => {
    await kr.stop();
  });

  it('no backup keeps a Bedrock key after switching away, after losing the backups, or after remove', () => {
    const { s, file } = box();
    const env = { ...s.env, ...kr.env };
    fs.writeFileSync(file, '{\n  "model": "opus"\n}\n');
    const secret = canaryKey('BEDROCK');
    const add = (args: string[], input?: string) => expect(cli(['add', ...args], env, input).code).toBe(0);
    add(['bedrock', '--name', 'BK', '--region', 'us-east-1', '--key-stdin', '--allow-plaintext-secret'], secret);
    add(['claude-ai', '--name', 'Sub']);
    const where = () => filesContaining([s.appDir, s.claudeDir], secret);
    const use = (name: string) => expect(cli(['use', name], env).code).toBe(0);

    use('BK');
    expect(where()).toEqual([file]);
    use('BK');
    use('Sub');
    expect(where()).toEqual([]);

    // The backups are gone (cleaned by the user): the next write takes a new original.json.
    use('BK');
    fs.rmSync(path.join(s.appDir, 'backups'), { recursive: true });
    use('Sub');
    expect(where()).toEqual([]);
    const dir = path.join(s.appDir, 'backups', fs.readdirSync(path.join(s.appDir, 'backups'))[0]!);
    expect(fs.readFileSync(path.join(dir, 'original.json'), 'utf8')).toContain('moved to the keychain');

    // A backup an older version left with the key in it goes with the profile.
    use('BK');
    fs.writeFileSync(path.join(dir, 'before-2020-01-01T00-00-00-000Z-1.json'), `{"env":{"X":"${secret}"}}`);
    expect(cli(['remove', 'BK'], env).code).toBe(0);
    expect(where()).toEqual([]);
  });
});
