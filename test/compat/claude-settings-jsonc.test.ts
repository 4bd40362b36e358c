/**
 * What the real Claude Code does with a settings.json that is not strict JSON. This app keeps
 * comments byte for byte (settings-merge), but Claude Code 2.1.197 ignores such a file as a whole —
 * none of its settings apply, a switch neither — so the doctor warns (doctor.ts, notStrictJson).
 * `claude auth status` says which provider it would use: Bedrock when it read the file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../support/cli';
import { REAL_CLAUDE, realClaudeEnv } from '../support/claude-accounts';

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

function providerWith(text: string): string {
  sb?.cleanup();
  sb = sandbox();
  fs.writeFileSync(path.join(sb.claudeDir, 'settings.json'), text);
  const r = spawnSync(REAL_CLAUDE, ['auth', 'status'], {
    env: { ...sb.env, ...realClaudeEnv() },
    cwd: sb.home,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return (JSON.parse(r.stdout) as { apiProvider: string }).apiProvider;
}

describe('Claude Code reads settings.json as strict JSON only', () => {
  const bedrock = '"env": { "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1" }';
  it('strict JSON, also with a BOM: read', () => {
    expect(providerWith(`{ ${bedrock} }\n`)).toBe('bedrock');
    expect(providerWith(`\ufeff{ ${bedrock} }\n`)).toBe('bedrock');
  });
  it('a line comment, a block comment or a trailing comma: the whole file is ignored', () => {
    expect(providerWith(`{\n  // mine\n  ${bedrock}\n}\n`)).toBe('firstParty');
    expect(providerWith(`{ ${bedrock} /* mine */ }\n`)).toBe('firstParty');
    expect(providerWith(`{ ${bedrock}, }\n`)).toBe('firstParty');
  });
});
