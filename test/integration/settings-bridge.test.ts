import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsBridge } from '../../main/core/claude-settings/settings-bridge';
import type { PlanEntry } from '../../main/core/claude-settings/activation-plan';
import { bundleSupportScript } from '../support/bundle';

const RICH = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rich-settings.json'), 'utf8');
const dirs: string[] = [];
function setup(content?: string, mode = 0o644) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-bridge-'));
  dirs.push(root);
  const claude = path.join(root, 'claude');
  fs.mkdirSync(claude);
  const file = path.join(claude, 'settings.json');
  if (content !== undefined) {
    fs.writeFileSync(file, content);
    fs.chmodSync(file, mode);
  }
  const env = { HOME: root, CLAUDE_AUTH_TRAY_HOME: path.join(root, 'app'), CLAUDE_CONFIG_DIR: claude };
  return { root, file, env };
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const A: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper-A' }];
const B: PlanEntry[] = [
  { path: ['env', 'AWS_REGION'], value: 'us-west-2' },
  { path: ['env', 'CLAUDE_CODE_USE_BEDROCK'], value: '1' },
];

describe('SettingsBridge on real files', () => {
  it("backs up the user's original before the first write and keeps the last 5 pre-write states", () => {
    const { file, env } = setup(RICH);
    const bridge = new SettingsBridge(file, env);
    for (let i = 0; i < 8; i++) bridge.apply([{ path: ['apiKeyHelper'], value: `helper-${i}` }]);
    const b = bridge.listBackups();
    expect(b.original && fs.readFileSync(b.original, 'utf8')).toBe(RICH);
    expect(b.writes).toHaveLength(5);
    // Back and forth: a state already kept is not copied again, but it becomes the newest backup,
    // so the newest backup is always the state before the last write.
    const newest = (): string => fs.readFileSync(bridge.listBackups().writes.at(-1)!, 'utf8');
    for (let i = 0; i < 6; i++) {
      const before = fs.readFileSync(file, 'utf8');
      bridge.apply(i % 2 ? B : A);
      expect(newest()).toBe(before);
    }
    const states = bridge.listBackups().writes.map((w) => fs.readFileSync(w, 'utf8'));
    expect(new Set(states).size).toBe(states.length);
    expect(states).toHaveLength(5);
    expect(fs.statSync(b.original!).mode & 0o777).toBe(0o600);
    bridge.apply([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(RICH);
  });

  it("keeps the file's mode; a new file gets 0600", () => {
    const a = setup(RICH, 0o640);
    new SettingsBridge(a.file, a.env).apply(A);
    expect(fs.statSync(a.file).mode & 0o777).toBe(0o640);
    const n = setup();
    new SettingsBridge(n.file, n.env).apply(A);
    expect(fs.statSync(n.file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(n.file, 'utf8'))).toEqual({ apiKeyHelper: 'helper-A' });
  });

  it('writes through a symlinked settings.json (dotfiles) and keeps the link', () => {
    const { root, file, env } = setup();
    const real = path.join(root, 'dotfiles', 'claude-settings.json');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, RICH);
    fs.symlinkSync(real, file);
    new SettingsBridge(file, env).apply(A);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, 'utf8')).apiKeyHelper).toBe('helper-A');
    new SettingsBridge(file, env).apply([]);
    expect(fs.readFileSync(real, 'utf8')).toBe(RICH);
  });

  it('never rewrites a file that is not valid JSON', () => {
    const broken = '{\n  "model": "opus",\n  "permissions": { "allow": [ }\n}\n';
    const { file, env } = setup(broken);
    const before = fs.statSync(file);
    expect(() => new SettingsBridge(file, env).apply(A)).toThrow(/not valid JSON: .* at line 3, column 31/);
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
  });

  it('merges on top of a concurrent writer instead of clobbering it', () => {
    const { file, env } = setup(RICH);
    let writes = 0;
    const bridge = new SettingsBridge(file, env, () => {
      if (writes++ === 0) {
        // Claude Code adds a permission between our read and our write.
        fs.writeFileSync(
          file,
          fs.readFileSync(file, 'utf8').replace('"Read(~/.zshrc)"', '"Read(~/.zshrc)",\n            "WebFetch"'),
        );
      }
    });
    bridge.apply(A);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.permissions.allow).toContain('WebFetch');
    expect(json.apiKeyHelper).toBe('helper-A');
    expect(writes).toBe(2);
  });

  it("a crash between the ownership record and the rename keeps the user's own value of a key switched between two of ours", () => {
    // The user had an apiKeyHelper of their own; the app took the key over for profile A, and dies
    // while switching it to profile B: after the record of what it owns, before settings.json.
    const { file, env } = setup('{\n  "apiKeyHelper": "my-own-helper"\n}\n');
    new SettingsBridge(file, env).apply([{ path: ['apiKeyHelper'], value: 'helper --profile a' }]);
    const dies = new SettingsBridge(file, env, () => {
      throw new Error('killed');
    });
    expect(() => dies.apply([{ path: ['apiKeyHelper'], value: 'helper --profile b' }])).toThrow('killed');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKeyHelper).toBe('helper --profile a');
    // After the restart: A's value is still known as the app's, so the user's own comes back on release…
    const again = new SettingsBridge(file, env);
    again.apply([{ path: ['apiKeyHelper'], value: 'helper --profile c' }]);
    again.apply([]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKeyHelper).toBe('my-own-helper');
    // …and released straight from the crash state too.
    const { file: f2, env: e2 } = setup('{\n  "apiKeyHelper": "my-own-helper"\n}\n');
    new SettingsBridge(f2, e2).apply([{ path: ['apiKeyHelper'], value: 'helper --profile a' }]);
    expect(() =>
      new SettingsBridge(f2, e2, () => {
        throw new Error('killed');
      }).apply([{ path: ['apiKeyHelper'], value: 'helper --profile b' }]),
    ).toThrow('killed');
    new SettingsBridge(f2, e2).apply([]);
    expect(JSON.parse(fs.readFileSync(f2, 'utf8')).apiKeyHelper).toBe('my-own-helper');
  });

  it('switching back and forth between two values of a key writes its ownership record only while it learns them', () => {
    const { file, env } = setup(RICH);
    const bridge = new SettingsBridge(file, env);
    const state = path.join(env.CLAUDE_AUTH_TRAY_HOME, 'bridge-state.json');
    const ino = (): number => fs.statSync(state).ino; // every write is a rename: a new inode
    const a: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper --profile a' }];
    const b: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper --profile b' }];
    bridge.apply(a);
    bridge.apply(b);
    const learned = ino();
    for (const plan of [a, b, a, b]) {
      expect(bridge.apply(plan).changed).toBe(true);
      expect(ino()).toBe(learned);
    }
    // Every value stays the app's: the user's value comes back on release.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKeyHelper).toBe('helper --profile b');
    bridge.apply([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(RICH);
  });

  it('a state met again is kept by renaming its backup, never by mistaking a backup that differs anywhere', () => {
    // Long enough that its middle lies outside the ending compared first.
    const allow = Array.from({ length: 600 }, (_, i) => `Bash(npm run task-${i}:*)`);
    const { file, env } = setup(JSON.stringify({ ...JSON.parse(RICH), permissions: { allow } }, null, 2) + '\n');
    const bridge = new SettingsBridge(file, env);
    const a: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper --profile a' }];
    const b: PlanEntry[] = [{ path: ['apiKeyHelper'], value: 'helper --profile b' }];
    bridge.apply(a);
    const stateA = fs.readFileSync(file, 'utf8');
    bridge.apply(b);
    bridge.apply(a);
    const backupOfA = bridge.listBackups().writes.find((w) => fs.readFileSync(w, 'utf8') === stateA)!;
    const ino = fs.statSync(backupOfA).ino;
    // A newer backup of the same size and the same ending, one byte different in the middle: not it.
    const mid = Math.floor(stateA.length / 2);
    const decoy = path.join(path.dirname(backupOfA), 'before-9999-decoy.json');
    const decoyText = stateA.slice(0, mid) + (stateA[mid] === 'x' ? 'y' : 'x') + stateA.slice(mid + 1);
    fs.writeFileSync(decoy, decoyText);
    bridge.apply(b); // settings.json held stateA: its backup is the earlier one, renamed
    expect(fs.readFileSync(decoy, 'utf8')).toBe(decoyText);
    const writes = bridge.listBackups().writes;
    const ofA = writes.filter((w) => fs.readFileSync(w, 'utf8') === stateA);
    expect(ofA).toHaveLength(1);
    expect(fs.statSync(ofA[0]!).ino).toBe(ino);
    expect(ofA[0]).not.toBe(backupOfA); // this write's name
  });

  it('never rewrites bytes that are not UTF-8 (they would come back as U+FFFD): the file is left as it was', () => {
    const { file, env } = setup();
    const bytes = Buffer.concat([Buffer.from('{\n  "note": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
    fs.writeFileSync(file, bytes);
    expect(() => new SettingsBridge(file, env).apply(A)).toThrow(/kept changing/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  }, 20_000);

  it('survives SIGKILL mid-write: the file is always valid JSON in the old or the new state', async () => {
    const { root, file, env } = setup(RICH);
    const bundle = await bundleSupportScript('writer-loop', root);
    const stateA = { ...JSON.parse(RICH), apiKeyHelper: 'helper-A --profile a' };
    const stateB = {
      ...JSON.parse(RICH),
      env: { ...JSON.parse(RICH).env, CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' },
    };
    let totalWrites = 0;
    const kills = 40;
    for (let i = 0; i < kills; i++) {
      const child = spawn(process.execPath, [bundle, file], {
        env: { ...env, PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let dots = 0;
      let errText = '';
      child.stderr.on('data', (b: Buffer) => (errText += b.toString()));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (b: Buffer) => {
          dots += b.length;
          // Kill at a random moment once it is writing.
          if (dots >= 1 + (i % 5) && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.random() * 4);
        });
        child.on('close', () => resolve());
      });
      expect(errText).toBe('');
      totalWrites += dots;
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect([stateA, stateB]).toContainEqual(json);
      // A stale lock from the killed writer must not block the next one (the holder is dead).
    }
    expect(totalWrites).toBeGreaterThan(kills);
    const leftovers = fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'));
    // A killed writer may leave its temp file; it is never the settings file itself.
    expect(leftovers.every((f) => f.startsWith('.settings.json.'))).toBe(true);
  });
});
