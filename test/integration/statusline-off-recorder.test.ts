/**
 * Issue 15 (review): `statusline off` removes the fast line's cache; a recorder still running then —
 * started by a line just before the switch — must not write it again (nothing would remove it, and a
 * later `on` would trust it). The recorder records its reading but renders no cache while off.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, sandbox, type Sandbox } from '../support/cli';

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

const NOW_S = Math.floor(Date.now() / 1000);

describe('the recorder after `statusline off`', () => {
  it('records the reading but writes no cache', () => {
    sb = sandbox();
    fs.writeFileSync(
      path.join(sb.claudeDir, 'settings.json'),
      JSON.stringify({ statusLine: { type: 'command', command: "printf 'mine'" } }),
    );
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], sb.env).code).toBe(0);
    expect(cli(['use', 'Sub'], sb.env).code).toBe(0);
    expect(cli(['statusline', 'on'], sb.env).code).toBe(0);
    const cache = path.join(sb.appDir, 'statusline-cache.txt');
    expect(fs.existsSync(cache)).toBe(true);
    expect(cli(['statusline', 'off'], sb.env).code).toBe(0);
    expect(fs.existsSync(cache)).toBe(false);
    // What the fast line starts detached (its JSON in the environment): a recorder that outlived `off`.
    const input = JSON.stringify({ rate_limits: { five_hour: { used_percentage: 41, resets_at: NOW_S + 3600 } } });
    const r = cli(['statusline', '--record'], { ...sb.env, CLAUDE_AUTH_TRAY_STATUS_INPUT: input });
    expect(r.code).toBe(0);
    expect(fs.existsSync(cache)).toBe(false);
    const rec = JSON.parse(fs.readFileSync(path.join(sb.appDir, 'usage', 'default.json'), 'utf8')) as {
      fiveHour?: { usedPercent: number };
    };
    expect(rec.fiveHour?.usedPercent).toBe(41); // the reading still counts for the tray
  });
});
