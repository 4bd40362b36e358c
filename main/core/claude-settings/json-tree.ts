import { type Node, parseTree } from 'jsonc-parser';

/**
 * The parse tree of settings text, as jsonc-parser's tolerant `parseTree` gives it, built cheaply
 * for the common case (issue 16): a switch of a 1 MB settings.json spent most of its time building
 * jsonc-parser trees of every value in the file (the user's long permission lists), several times.
 *
 * When the text is strict JSON (V8's JSON.parse accepts it, so it has no comments and no trailing
 * commas), one scan builds only what the app edits and reads — the root object, its properties and
 * `env`'s properties — with exact offsets; every other object or array gets its children from
 * jsonc-parser the first time something asks for them (a getter), parsed from its own slice. For any
 * other text (comments, trailing commas, errors, a root that is not an object) it is jsonc-parser's
 * tree itself. Trees are kept for the last few texts: a merge asks about the same text several times.
 */

interface Strict {
  readonly tree: Node;
  /** JSON.parse's value of the text. */
  readonly value: unknown;
  /** The deepest bracket nesting and where it was first reached, as `nesting` counts it. */
  readonly max: number;
  readonly at: number;
}

/** jsonc-parser's node, writable while this module builds it. */
type M = { -readonly [K in keyof Node]: Node[K] };

const KEPT = 4;
const strictCache: Array<{ text: string; strict: Strict | undefined }> = [];
const looseCache: Array<{ text: string; tree: Node | undefined }> = [];

function remember<T extends { text: string }>(cache: T[], entry: T): T {
  cache.unshift(entry);
  cache.length = Math.min(cache.length, KEPT);
  return entry;
}

/** The strict-JSON view of text, or undefined when it is not strict JSON with an object at its root. */
export function strictJson(text: string): Strict | undefined {
  const hit = strictCache.find((e) => e.text === text);
  if (hit) return hit.strict;
  let value: unknown;
  let strict: Strict | undefined;
  try {
    value = JSON.parse(text);
    strict = value !== null && typeof value === 'object' && !Array.isArray(value) ? scan(text, value) : undefined;
  } catch {
    strict = undefined;
  }
  return remember(strictCache, { text, strict }).strict;
}

/** jsonc-parser's `parseTree(text, [], { allowTrailingComma: true })`, cheaply for strict JSON. */
export function treeOf(text: string): Node | undefined {
  const strict = strictJson(text);
  if (strict) return strict.tree;
  const hit = looseCache.find((e) => e.text === text);
  if (hit) return hit.tree;
  return remember(looseCache, { text, tree: parseTree(text, [], { allowTrailingComma: true }) }).tree;
}

// --- the scan (the text is known to be strict JSON with an object at its root) ----------------

const QUOTE = 34;
/** A whole string (from its opening quote), sticky. */
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
/** The next bracket, or a whole string (which may hold brackets), from lastIndex on. */
const BRACKET = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\]]/g;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function scan(text: string, value: unknown): Strict {
  let max = 0;
  let at = 0;
  let i = 0;
  const ws = (): void => {
    while (i < text.length && isWs(text.charCodeAt(i))) i++;
  };
  /** From an opening quote at i to just after the closing one. */
  const skipString = (): void => {
    STRING.lastIndex = i;
    if (!STRING.test(text)) throw new Error('unterminated string'); // not strict JSON after all
    i = STRING.lastIndex;
  };
  /**
   * From the first character of a value at depth `depth` (its container's) to just after it. A
   * container is crossed bracket to bracket by a regular expression that steps over whole strings
   * (issue 16: a character loop in JavaScript cost a 1 MB settings.json ≈10 ms; the expression runs
   * natively), counting the nesting as it goes.
   */
  const skipValue = (depth: number): void => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return skipString();
    if (c !== 123 && c !== 91) {
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
        i++;
      }
      return;
    }
    let level = depth;
    BRACKET.lastIndex = i;
    while (BRACKET.test(text)) {
      const p = BRACKET.lastIndex - 1;
      const d = text.charCodeAt(p);
      if (d === QUOTE) continue; // a whole string, stepped over
      if (d === 123 || d === 91) {
        if (++level > max) [max, at] = [level, p];
      } else if (--level === depth) {
        i = p + 1;
        return;
      }
    }
    throw new Error('unbalanced brackets'); // not strict JSON after all
  };

  const leaf = (start: number, end: number, parent: Node): Node => {
    const c = text.charCodeAt(start);
    const type: Node['type'] =
      c === QUOTE ? 'string' : c === 116 || c === 102 ? 'boolean' : c === 110 ? 'null' : 'number';
    return { type, offset: start, length: end - start, parent, value: JSON.parse(text.slice(start, end)) as unknown };
  };

  /** An object whose properties are built now (keys and leaves), deeper containers lazily. */
  const object = (start: number, depth: number, parent: Node | undefined, eagerKey?: string): Node => {
    const node: M = { type: 'object', offset: start, length: 0, ...(parent ? { parent } : {}), children: [] };
    if (depth > max) [max, at] = [depth, start];
    i = start + 1;
    ws();
    while (text.charCodeAt(i) !== 125) {
      const keyStart = i;
      skipString();
      const keyEnd = i;
      const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
      ws();
      const colonOffset = i;
      i++; // ':'
      ws();
      const valueStart = i;
      const prop: M = { type: 'property', offset: keyStart, length: 0, parent: node, colonOffset, children: [] };
      const keyNode: Node = { type: 'string', offset: keyStart, length: keyEnd - keyStart, parent: prop, value: key };
      let valueNode: Node;
      const c = text.charCodeAt(valueStart);
      if (c === 123 && eagerKey !== undefined && key === eagerKey) {
        valueNode = object(valueStart, depth + 1, prop);
      } else if (c === 123 || c === 91) {
        skipValue(depth);
        valueNode = lazy(c === 123 ? 'object' : 'array', valueStart, i, prop);
      } else {
        skipValue(depth);
        valueNode = leaf(valueStart, i, prop);
      }
      prop.children = [keyNode, valueNode];
      prop.length = valueNode.offset + valueNode.length - keyStart;
      node.children!.push(prop);
      ws();
      if (text.charCodeAt(i) === 44) {
        i++;
        ws();
      }
    }
    i++; // '}'
    node.length = i - start;
    return node;
  };

  /** A container whose children jsonc-parser builds from its slice when first asked for. */
  const lazy = (type: 'object' | 'array', start: number, end: number, parent: Node): Node => {
    const node: M = { type, offset: start, length: end - start, parent };
    let children: Node[] | undefined;
    Object.defineProperty(node, 'children', {
      enumerable: true,
      configurable: true,
      get(): Node[] | undefined {
        if (!children) {
          const sub = parseTree(text.slice(start, end), [], { allowTrailingComma: true });
          children = sub?.children ?? [];
          const shift = (n: M): void => {
            n.offset += start;
            if (n.colonOffset !== undefined) n.colonOffset += start;
            n.children?.forEach(shift);
          };
          for (const ch of children as M[]) {
            shift(ch);
            ch.parent = node;
          }
        }
        return children;
      },
      set(v: Node[] | undefined) {
        children = v;
      },
    });
    return node;
  };

  ws();
  const tree = object(i, 1, undefined, 'env');
  return { tree, value, max, at };
}
