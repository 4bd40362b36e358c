/**
 * Issue 16: json-tree builds the tree of strict JSON settings text by one scan (and lazily below the
 * keys the app edits). It must be jsonc-parser's tree, node for node, wherever anyone looks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { strictJson, treeOf } from '../../main/core/claude-settings/json-tree';
import { nesting } from '../../main/core/claude-settings/jsonc-edit';

const plain = (n: Node | undefined): unknown =>
  n && {
    type: n.type,
    offset: n.offset,
    length: n.length,
    colonOffset: n.colonOffset,
    value: n.value,
    children: n.children?.map(plain),
  };

/** A random JSON value of at most `depth` levels (keys and strings with escapes and non-ASCII). */
function random(depth: number, rnd: () => number): unknown {
  const str = (): string =>
    // Brackets and escaped quotes inside strings: the scan steps over whole strings (issue 16).
    ['', 'a', 'k"q', 'back\\slash', 'tab\there', 'é✓日本', '\u2028', 'env', '}{][', 'x\\"]\\'][Math.floor(rnd() * 10)]!;
  const r = rnd();
  if (depth === 0 || r < 0.3) return [str(), 0, -1.5e-3, 12345678901, true, false, null][Math.floor(rnd() * 7)];
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => random(depth - 1, rnd));
  return Object.fromEntries(
    Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => [`${str()}${i}`, random(depth - 1, rnd)]),
  );
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('json-tree (issue 16)', () => {
  it("gives jsonc-parser's tree, depth and value for strict JSON, formatted any way, with and without env", () => {
    const rnd = seeded(16);
    const texts = [
      fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rich-settings.json'), 'utf8'),
      '{}',
      ' \n{ }\n',
      '{"env":{},"a":{"b":{"c":{}}}}',
      '{\n  "env" : { "X": "y\\"z\\\\", "N": [1, {"q": [true, null]}] },\n  "s": "\\u00e9\\\\\\"" ,"n":null }',
    ];
    for (let i = 0; i < 300; i++) {
      const v = { ...(random(4, rnd) as object), ...(rnd() < 0.7 ? { env: random(3, rnd) } : {}) };
      texts.push(JSON.stringify(v, null, [0, 2, 4, '\t'][i % 4] as never));
    }
    for (const t of texts) {
      const s = strictJson(t);
      expect(s, t).toBeDefined();
      expect(plain(treeOf(t)), t).toEqual(plain(parseTree(t, [], { allowTrailingComma: true })));
      const n = nesting(t);
      expect([s!.max, s!.at], t).toEqual([n.max, n.at]);
      expect(s!.value).toEqual(JSON.parse(t));
    }
  });

  it("is jsonc-parser's own tree for anything that is not strict JSON with an object at the root", () => {
    for (const t of ['{"a":1,}', '{/*c*/"a":1}', '{"a":1} // x', '[1]', '"x"', '{"a":', '', '{"a":1}}']) {
      expect(strictJson(t), t).toBeUndefined();
      expect(plain(treeOf(t)), t).toEqual(plain(parseTree(t, [], { allowTrailingComma: true })));
    }
  });

  it('counts depth like nesting() in a file deeper than the editor accepts', () => {
    const deep = `{"env":{},"x":${'['.repeat(600)}${']'.repeat(600)}}`;
    const n = nesting(deep);
    expect(strictJson(deep)).toMatchObject({ max: n.max, at: n.at });
    expect(n.max).toBe(601);
  });
});
