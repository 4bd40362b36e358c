import { findNodeAtLocation, getNodeValue, type Node, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { EMPTY_OWNED, mergeSettings, type OwnedRecord } from '../../main/core/claude-settings/settings-merge';
import { planOf, PROFILES, randomSettingsDoc, rng } from '../support/settings-docs';

const DOCS = 300;
const SEED = Number(process.env.SETTINGS_DOCS_SEED ?? Date.now() % 1_000_000);

const parse = (text: string): Node => parseTree(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true })!;

/** The source text of each of the user's properties (root and env) that no plan touches. */
function userSlices(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const owned = new Set(PROFILES.flatMap((p) => planOf(p).map((e) => e.path.join('.'))));
  const out: string[] = [];
  const collect = (obj: Node | undefined, prefix: string): void => {
    for (const p of obj?.type === 'object' ? (obj.children ?? []) : []) {
      const k = prefix + String(p.children![0]!.value);
      if (k === 'env') collect(p.children![1], 'env.');
      else if (!owned.has(k)) out.push(body.slice(p.offset, p.offset + p.length));
    }
  };
  collect(parse(text), '');
  return out;
}

describe('generated settings documents keep every byte (issue 12, item 3)', () => {
  it(`${DOCS} random JSONC documents: add, switch through every kind, switch back — byte-identical`, () => {
    const r = rng(SEED);
    const seen = new Set<string>();
    for (let d = 0; d < DOCS; d++) {
      const doc = randomSettingsDoc(r);
      const opts = { allowTrailingComma: doc.trailingCommas };
      const where = `seed ${SEED} (SETTINGS_DOCS_SEED=${SEED}), doc ${d}:\n${JSON.stringify(doc.text)}`;
      const slices = userSlices(doc.text);
      const order = [...PROFILES].sort(() => r() - 0.5);
      let text = doc.text;
      let owned: OwnedRecord = EMPTY_OWNED;
      for (const p of order) {
        const step = mergeSettings(text, 'settings.json', owned, planOf(p), opts);
        text = step.text;
        owned = step.owned;
        // The plan's keys hold its values, and every other property is still there, byte for byte.
        const tree = parse(text);
        for (const e of planOf(p))
          expect(getNodeValue(findNodeAtLocation(tree, [...e.path])!), `${where}\nafter ${p.id}`).toBe(e.value);
        for (const s of slices) expect(text.includes(s), `${where}\nafter ${p.id}: lost ${s}\n${text}`).toBe(true);
        expect(text.startsWith('\uFEFF')).toBe(doc.text.startsWith('\uFEFF'));
        // Switching back from here gives the user's file back byte for byte.
        expect(mergeSettings(text, 'settings.json', owned, [], opts).text, `${where}\nback from ${p.id}`).toBe(
          doc.text.trim() === '' ? '{}' : doc.text,
        );
      }
      seen.add(JSON.stringify([/\r\n/.test(doc.text), /\t/.test(doc.text), /\/[/*]/.test(doc.text)]));
    }
    // The generator really produced the styles it claims (CRLF/LF × tabs/spaces × comments).
    expect(seen.size, `seed ${SEED}`).toBeGreaterThanOrEqual(6);
  });

  it.each([
    [
      'inline objects and arrays elsewhere',
      '{\n  "permissions": {"allow": ["Bash(ls)"], "deny": []},\n  "n": 1, "m": 2\n}\n',
    ],
    ['an inline env', '{\n  "env": { "FOO": "1" },\n  "model": "x"\n}\n'],
    ['a BOM', '\uFEFF{\n  "model": "x"\n}\n'],
    ['an empty env written over two lines', '{\n  "env": {\n  },\n  "model": "x"\n}\n'],
    ['an empty object written over two lines', '{\n}\n'],
    ['an escaped value the app replaces', '{\n  "env": {"AWS_REGION": "eu\\u002dwest-1"}\n}'],
  ])('%s: kept while active and after switching back', (_name, doc) => {
    const keep = userSlices(doc);
    let text = doc;
    let owned: OwnedRecord = EMPTY_OWNED;
    for (const p of PROFILES) {
      ({ text, owned } = mergeSettings(text, 'settings.json', owned, planOf(p)));
      for (const s of keep) expect(text).toContain(s);
      expect(mergeSettings(text, 'settings.json', owned, []).text).toBe(doc);
    }
  });
});
