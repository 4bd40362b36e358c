/** Review of branch usefast: sha256.ts against node:crypto, json-tree's regex scan against jsonc-parser. */
import { createHash } from 'node:crypto';
import { parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../main/core/sha256';
import { treeOf } from '../../main/core/claude-settings/json-tree';

const ref = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('sha256Hex', () => {
  it('equals node:crypto at every length 0..300 (ASCII and multi-byte), around LONG, lone surrogates', () => {
    for (let n = 0; n <= 300; n++) {
      const a = 'x'.repeat(n);
      expect(sha256Hex(a), `ascii ${n}`).toBe(ref(a));
      const m = 'é€😀'.repeat(n).slice(0, n); // may cut a pair: lone surrogate
      expect(sha256Hex(m), `mb ${n}`).toBe(ref(m));
    }
    for (const n of [8190, 8191, 8192, 8193, 100_000]) expect(sha256Hex('a'.repeat(n))).toBe(ref('a'.repeat(n)));
    for (const s of ['\ud800', '\udc00x', '\u0000', '\uffff', 'a\ud83d']) expect(sha256Hex(s)).toBe(ref(s));
    // random bytes-ish strings
    for (let k = 0; k < 500; k++) {
      const len = Math.floor(Math.random() * 200);
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(sha256Hex(s)).toBe(ref(s));
    }
  });
});

const strip = (n: unknown): unknown => JSON.parse(JSON.stringify(n, (k, v) => (k === 'parent' ? undefined : v)));
describe('json-tree regex scan', () => {
  const cases = [
    '{"a":"\\\\","b":[1,"]","\\"[{"],"env":{"X":"\\\\\\"}","Y":"{"}}',
    '{"a":' + '['.repeat(500) + '"]\\\\"' + ']'.repeat(500) + ',"env":{"K":"v"}}',
    '{"\\"}":{"\\\\":["\\u005d",{"x":"\\\\\\\\"}]},"env":{"a\\"b":"]}"}}',
    '{"s":"' + '\\"'.repeat(50_000) + '","env":{"Z":"1"},"t":["\u2028]"]}',
    '{"bad":"\ufffd\ufffd]","env":{}}',
  ];
  it('builds jsonc-parser’s tree for strings with escapes, brackets, deep nesting', () => {
    for (const t of cases) {
      JSON.parse(t);
      expect(strip(treeOf(t)), t.slice(0, 60)).toEqual(strip(parseTree(t, [], { allowTrailingComma: true })));
    }
  });
});
