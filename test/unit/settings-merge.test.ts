import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { EMPTY_OWNED, mergeSettings, type OwnedRecord } from '../../main/core/claude-settings/settings-merge';
import { planOf, PROFILES } from '../support/settings-docs';

const RICH = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rich-settings.json'), 'utf8');
function plan(p: Profile) {
  return planOf(p);
}

function switchTo(text: string, owned: OwnedRecord, p: Profile) {
  return mergeSettings(text, 'settings.json', owned, plan(p));
}

/** The parsed settings minus the keys a plan owns, for comparing what belongs to the user. */
function userPart(text: string, owned: OwnedRecord): unknown {
  const obj = JSON.parse(text) as Record<string, unknown>;
  for (const e of owned.entries) {
    if (e.path.length === 1) delete obj[e.path[0]];
    else {
      const env = obj.env as Record<string, unknown>;
      if (e.prior === undefined) delete env[e.path[1]];
      else env[e.path[1]] = JSON.parse(e.prior);
    }
  }
  return obj;
}

describe('mergeSettings', () => {
  it('keeps every byte outside the app-owned keys through 10 switches across all kinds', () => {
    const order = [0, 3, 1, 5, 6, 4, 2, 7, 0, 5]; // 10 switches touching every kind
    let text = RICH;
    let owned: OwnedRecord = EMPTY_OWNED;
    const original = JSON.parse(RICH) as Record<string, unknown>;
    for (const i of order) {
      const p = PROFILES[i]!;
      const r = switchTo(text, owned, p);
      text = r.text;
      owned = r.owned;
      // The user's part is intact, and the plan's keys hold the plan's values.
      expect(userPart(text, owned)).toEqual(original);
      const parsed = JSON.parse(text) as Record<string, Record<string, unknown>>;
      for (const e of plan(p)) {
        expect(e.path.length === 1 ? parsed[e.path[0]] : parsed.env?.[e.path[1]]).toBe(e.value);
      }
      // Releasing from here gives back the user's file byte for byte.
      expect(mergeSettings(text, 'settings.json', owned, []).text).toBe(RICH);
      // 4-space indentation is kept for what the app inserts.
      if (owned.entries.length > 0) expect(text).toMatch(/\n {4}"[A-Za-z]/);
    }
    const end = mergeSettings(text, 'settings.json', owned, plan(PROFILES[2]!));
    expect(end.text).toBe(RICH);
    expect(end.owned.entries).toEqual([]);
  });

  it("restores the user's own value of a key it took over, and the app's value never leaks into it", () => {
    const bed = switchTo(RICH, EMPTY_OWNED, PROFILES[3]!);
    expect(JSON.parse(bed.text).env.AWS_REGION).toBe('us-west-2');
    expect(bed.owned.entries.find((e) => e.path[1] === 'AWS_REGION')?.prior).toBe('"eu-west-1"');
    const back = switchTo(bed.text, bed.owned, PROFILES[2]!);
    expect(JSON.parse(back.text).env.AWS_REGION).toBe('eu-west-1');
  });

  it('leaves a key alone when the user changed it after the app wrote it', () => {
    const a = switchTo(RICH, EMPTY_OWNED, PROFILES[0]!);
    const edited = a.text.replace(/"apiKeyHelper": "[^"]*"/, '"apiKeyHelper": "my-own-helper"');
    const b = switchTo(edited, a.owned, PROFILES[2]!);
    expect(JSON.parse(b.text).apiKeyHelper).toBe('my-own-helper');
    expect(b.owned.entries).toEqual([]);
  });

  it('creates a missing file content with 2-space indent and removes an env object it created', () => {
    const a = switchTo('', EMPTY_OWNED, PROFILES[5]!);
    expect(a.text.endsWith('\n')).toBe(true);
    expect(JSON.parse(a.text).env.CLAUDE_CODE_USE_VERTEX).toBe('1');
    const small = '{\n  "model": "opus"\n}\n';
    const b = switchTo(small, EMPTY_OWNED, PROFILES[3]!);
    expect(b.owned.createdEnv).toBe(true);
    const c = switchTo(b.text, b.owned, PROFILES[2]!);
    expect(c.text).toBe(small);
  });

  it.each([
    ['an empty env object', '{\n  "env": {},\n  "model": "x"\n}\n'],
    ['an empty file object', '{}\n'],
    ['a minified file', '{"a":1,"env":{"B":"2"}}'],
    ['no trailing newline', '{\n  "a": 1\n}'],
  ])('round-trips %s byte for byte', (_n, orig) => {
    const a = switchTo(orig, EMPTY_OWNED, PROFILES[3]!);
    expect(a.changed).toBe(true);
    if (!orig.startsWith('{"a"')) expect(a.text).toContain('\n  "env": {\n    "CLAUDE_CODE_USE_BEDROCK"');
    expect(switchTo(a.text, a.owned, PROFILES[2]!).text).toBe(orig);
  });

  it('keeps tabs and CRLF line endings', () => {
    const crlf = '{\r\n\t"model": "opus",\r\n\t"env": {\r\n\t\t"A": "1"\r\n\t}\r\n}\r\n';
    const a = switchTo(crlf, EMPTY_OWNED, PROFILES[3]!);
    expect(a.text).toContain('\r\n\t\t"AWS_REGION": "us-west-2"');
    expect(a.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(switchTo(a.text, a.owned, PROFILES[2]!).text).toBe(crlf);
  });

  it.each([
    ['{ "a": 1, }', 1, 11],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['{"a": [1, 2}', 1, 12],
  ])('refuses invalid JSON %j with line and column', (text, line, column) => {
    let err: unknown;
    try {
      switchTo(text, EMPTY_OWNED, PROFILES[0]!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('settings-invalid-json');
    expect((err as AppError).details).toMatchObject({ line, column });
  });

  it('refuses a root that is not an object, and an env that is not an object', () => {
    expect(() => switchTo('[1]', EMPTY_OWNED, PROFILES[0]!)).toThrow(/does not hold a JSON object/);
    expect(() => switchTo('{"env": "x"}', EMPTY_OWNED, PROFILES[3]!)).toThrow(/"env" entry/);
  });

  it('will not overwrite a plaintext secret of the user with a consented one', () => {
    const mine = '{ "env": { "AWS_BEARER_TOKEN_BEDROCK": "users-own-plaintext-token" } }';
    expect(() => switchTo(mine, EMPTY_OWNED, PROFILES[4]!)).toThrow(
      expect.objectContaining({ kind: 'settings-conflict' }),
    );
  });

  it('never records a secret value in the ownership record', () => {
    const a = switchTo(RICH, EMPTY_OWNED, PROFILES[4]!);
    expect(JSON.parse(a.text).env.AWS_BEARER_TOKEN_BEDROCK).toBe('bedrock-or-foundry-test-secret-0001');
    expect(JSON.stringify(a.owned)).not.toContain('bedrock-or-foundry-test-secret-0001');
  });
});
