/**
 * Issue 15, the fast status line: the text we print into Claude Code's TUI carries no escape
 * sequence from profile names, emails or kinds — the warning and the payer included, not only the
 * name — and the cache's session keys round-trip.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ourLine } from '../../main/cli/statusline';

let dir: string;
const saved = process.env.CLAUDE_AUTH_TRAY_HOME;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-sltext-'));
  process.env.CLAUDE_AUTH_TRAY_HOME = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.CLAUDE_AUTH_TRAY_HOME;
  else process.env.CLAUDE_AUTH_TRAY_HOME = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

const EVIL = 'Evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202ename';
function plant(profile: Record<string, unknown>): void {
  fs.writeFileSync(
    path.join(dir, 'profiles.json'),
    JSON.stringify({ version: 1, activeProfileId: 'p1', profiles: [{ id: 'p1', ...profile }] }),
  );
}
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('our status-line text is safe for the TUI', () => {
  it('a planted escape sequence in a name reaches neither the name nor the warning', () => {
    plant({ kind: 'claude-ai', name: EVIL, email: `a${EVIL}@x.com` });
    const env = { CLAUDE_AUTH_TRAY_HOME: dir, CLAUDE_CODE_USE_BEDROCK: '1' };
    const line = ourLine({}, env, Date.now());
    expect(line).toContain('this session uses');
    expect(line).toMatch(/Evil.*name/);
    expect(line).not.toMatch(CONTROL);
  });

  it('an unknown kind (profiles.json written by hand) is printed without its escapes', () => {
    plant({ kind: `weird\u001b[31m`, name: 'N' });
    const line = ourLine({}, { CLAUDE_AUTH_TRAY_HOME: dir }, Date.now());
    expect(line).toContain('weird');
    expect(line).not.toMatch(CONTROL);
  });
});
