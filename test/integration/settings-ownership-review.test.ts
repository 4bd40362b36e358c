/** Review of usefast: OwnedEntry.also takes a user's own edit for the app's when it equals any value the app once wrote. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsBridge } from '../../main/core/claude-settings/settings-bridge';
import type { PlanEntry } from '../../main/core/claude-settings/activation-plan';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('a user edit is respected', () => {
  it("keeps the user's own value of a key when they set it after a switch, even to a value the app wrote earlier", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-rev-also-'));
    dirs.push(root);
    const claude = path.join(root, 'claude');
    fs.mkdirSync(claude);
    const file = path.join(claude, 'settings.json');
    fs.writeFileSync(file, '{\n  "model": "my-own"\n}\n');
    const env = { HOME: root, CLAUDE_AUTH_TRAY_HOME: path.join(root, 'app'), CLAUDE_CONFIG_DIR: claude };
    const bridge = new SettingsBridge(file, env);
    const a: PlanEntry[] = [{ path: ['model'], value: 'opus' }];
    const b: PlanEntry[] = [{ path: ['model'], value: 'sonnet' }];
    bridge.apply(a);
    bridge.apply(b);
    bridge.apply(a); // profile A active: settings.json says opus
    // The user (or Claude Code's /model) now chooses sonnet themselves.
    const text = fs.readFileSync(file, 'utf8').replace('"opus"', '"sonnet"');
    fs.writeFileSync(file, text);
    bridge.apply([]); // switch to a profile that sets no model: the app releases its keys
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).model).toBe('sonnet');
  });
});

describe('the crash between the ownership record and the rename, with many profiles', () => {
  it("keeps the user's own value when a key has had more than ALSO_KEPT+1 of the app's values", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-rev-also-'));
    dirs.push(root);
    const claude = path.join(root, 'claude');
    fs.mkdirSync(claude);
    const file = path.join(claude, 'settings.json');
    fs.writeFileSync(file, '{\n  "apiKeyHelper": "my-own-helper"\n}\n');
    const env = { HOME: root, CLAUDE_AUTH_TRAY_HOME: path.join(root, 'app'), CLAUDE_CONFIG_DIR: claude };
    const plan = (i: number): PlanEntry[] => [{ path: ['apiKeyHelper'], value: `helper --profile p${i}` }];
    const bridge = new SettingsBridge(file, env);
    for (let i = 0; i <= 16; i++) bridge.apply(plan(i)); // 17 profiles used: the record knows all 17
    bridge.apply(plan(0)); // back to the first: no record written, p0 now last in `also`
    expect(
      () =>
        new SettingsBridge(file, env, () => {
          throw new Error('killed');
        }).apply(plan(17)), // an 18th profile; killed after the intent log, before the rename
    ).toThrow('killed');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKeyHelper).toBe('helper --profile p0');
    new SettingsBridge(file, env).apply([]); // release after the restart
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKeyHelper).toBe('my-own-helper');
  });
});
