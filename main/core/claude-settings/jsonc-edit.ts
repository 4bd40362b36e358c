import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { treeOf } from './json-tree';

/**
 * Byte-exact edits of one property in a JSONC object (issue 12, item 3). jsonc-parser's `modify`
 * re-formats every line it touches, which expanded the user's inline objects and arrays; these
 * functions only ever insert or remove the property's own text, copying the separator, colon and
 * indentation its neighbours use. Removing a property the app inserted gives back the exact bytes
 * it was inserted into. Pure: text in, text out.
 */

export interface TextStyle {
  /** One indentation step: two or four spaces, a tab. */
  readonly unit: string;
  readonly eol: string;
  /** The gap around the colon, e.g. ': ' or ':'. */
  readonly colon: string;
  /** A one-line (minified) file: an empty object is filled inline, not expanded. */
  readonly oneLine: boolean;
}

/** Where a new property goes: on its own line at `indent`, or inline with `pad` inside braces. */
export interface Layout {
  readonly indent?: string;
  readonly pad: string;
}

export type ValueText = string | ((layout: Layout, style: TextStyle) => string);

export function textStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]+)\S/m.exec(text);
  const unit = m?.[1]?.startsWith('\t') ? '\t' : ' '.repeat(m?.[1]?.length ?? 2);
  const tree = treeOf(text);
  const first = firstProperty(tree);
  const gap = first ? text.slice(keyEnd(first), valueNode(first).offset) : undefined;
  const colon = gap !== undefined && /^[ \t]*:[ \t]*$/.test(gap) ? gap : ': ';
  const oneLine = (tree?.children?.length ?? 0) > 0 && !text.trim().includes('\n');
  return { unit, eol, colon, oneLine };
}

function firstProperty(node: Node | undefined): Node | undefined {
  const queue = node ? [node] : [];
  for (let n = queue.shift(); n; n = queue.shift()) {
    if (n.type === 'property') return n;
    queue.push(...(n.children ?? []));
  }
  return undefined;
}

const keyEnd = (p: Node): number => p.children![0]!.offset + p.children![0]!.length;
const valueNode = (p: Node): Node => p.children![1]!;
const propEnd = (p: Node): number => p.offset + p.length;

/** The first offset at or after `pos` that is not whitespace or a comment. */
export function skipTrivia(text: string, pos: number): number {
  for (let i = pos; i < text.length;) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
  return text.length;
}

/** The comma right after a node (only trivia between), if any: [start, end). */
function commaAfter(text: string, end: number): { start: number; end: number } | undefined {
  const i = skipTrivia(text, end);
  return text[i] === ',' ? { start: i, end: i + 1 } : undefined;
}

/** The whitespace a line starts with, for the line holding `pos`. */
function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** A whitespace separator as found, with a newline normalised to the file's line ending. */
function normalise(ws: string, style: TextStyle): string {
  return ws.includes('\n') ? style.eol + ws.slice(ws.lastIndexOf('\n') + 1) : ws;
}

export interface Inserted {
  readonly text: string;
  /** Set when the object was empty but not `{}`: its inside, to give back on release. */
  readonly emptyInner?: string;
}

/** Inserts `"key": value` as the last property of the object node, in its neighbours' style. */
export function insertProperty(text: string, obj: Node, key: string, value: ValueText, style: TextStyle): Inserted {
  const props = obj.children ?? [];
  const open = obj.offset;
  const close = obj.offset + obj.length - 1;
  const render = (layout: Layout, colon: string): string =>
    JSON.stringify(key) + colon + (typeof value === 'string' ? value : value(layout, style));
  const at = (pos: number, s: string): string => text.slice(0, pos) + s + text.slice(pos);
  if (props.length === 0) {
    const inner = text.slice(open + 1, close);
    if (inner.includes('\n') || (inner === '' && !style.oneLine)) {
      const outer = lineIndent(text, open);
      const indent = outer + style.unit;
      const prop = style.eol + indent + render({ indent, pad: '' }, style.colon);
      if (inner === '') return { text: at(open + 1, prop + style.eol + outer) };
      return { text: at(open + 1, prop), emptyInner: inner };
    }
    const pad = inner.startsWith(' ') ? ' ' : '';
    return { text: at(open + 1, pad + render({ pad }, style.colon)), ...(inner ? { emptyInner: inner } : {}) };
  }
  const last = props[props.length - 1]!;
  const prev = props[props.length - 2];
  const before = prev ? commaAfter(text, propEnd(prev))!.end : open + 1;
  const between = text.slice(before, last.offset);
  let sep: string;
  if (/^\s*$/.test(between)) sep = normalise(between, style);
  else if (skipTrivia(text, text.lastIndexOf('\n', last.offset) + 1) === last.offset)
    sep = style.eol + lineIndent(text, last.offset);
  else sep = ' ';
  const gap = text.slice(keyEnd(last), valueNode(last).offset);
  const colon = /^[ \t]*:[ \t]*$/.test(gap) ? gap : style.colon;
  const layout: Layout = sep.includes('\n')
    ? { indent: sep.slice(sep.lastIndexOf('\n') + 1), pad: '' }
    : { pad: text[open + 1] === ' ' ? ' ' : '' };
  const prop = render(layout, colon);
  const trailing = commaAfter(text, propEnd(last));
  return { text: trailing ? at(trailing.end, sep + prop + ',') : at(propEnd(last), ',' + sep + prop) };
}

/**
 * Removes the property at `index`. The exact inverse of insertProperty for a property it appended;
 * for others, removes the property with its comma and its own line, and keeps neighbouring comments.
 * `emptyInner`: what an object that becomes empty holds inside its braces (default: nothing).
 */
export function removeProperty(text: string, obj: Node, index: number, emptyInner?: string): string {
  const props = obj.children ?? [];
  const p = props[index]!;
  const comma = commaAfter(text, propEnd(p));
  const end = comma ? comma.end : propEnd(p);
  const cut = (from: number, to: number): string => text.slice(0, from) + text.slice(to);
  if (props.length === 1) {
    const close = obj.offset + obj.length - 1;
    const after = text.slice(end, close);
    const inner = emptyInner ?? (/^\s*$/.test(after) && after.includes('\n') ? '' : after);
    return text.slice(0, obj.offset + 1) + inner + text.slice(close);
  }
  if (index === 0) return cut(p.offset, props[1]!.offset);
  const prevComma = commaAfter(text, propEnd(props[index - 1]!))!;
  let start = p.offset;
  while (start > prevComma.end && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (text[start - 1] === '\n') start -= text[start - 2] === '\r' ? 2 : 1;
  else start = prevComma.end;
  if (comma) return cut(start, end);
  return text.slice(0, prevComma.start) + text.slice(prevComma.end, start) + text.slice(end);
}

/** Replaces a value node's text. */
export function replaceValue(text: string, node: Node, valueText: string): string {
  return text.slice(0, node.offset) + valueText + text.slice(node.offset + node.length);
}

/** The object node at a path (root for []), parsed tolerantly; undefined when absent or not an object. */
export function objectAt(text: string, path: readonly string[]): Node | undefined {
  const tree = treeOf(text);
  const node = tree && (path.length ? findNodeAtLocation(tree, [...path]) : tree);
  return node?.type === 'object' ? node : undefined;
}

/** The index of the first property named key in an object node, or -1. */
export function propertyIndex(obj: Node, key: string): number {
  return (obj.children ?? []).findIndex((p) => p.children?.[0]?.value === key);
}

/** The raw source text of the value at a path, or undefined. */
export function rawValueAt(text: string, path: readonly string[]): string | undefined {
  const tree = treeOf(text);
  const node = tree && findNodeAtLocation(tree, [...path]);
  return node ? text.slice(node.offset, node.offset + node.length) : undefined;
}

/**
 * Bracket nesting counted without recursion (strings and comments skipped): the deepest level, the
 * offset where it was first reached, and the level at the end (0 for a whole document).
 */
export function nesting(text: string): { readonly max: number; readonly at: number; readonly final: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 1;
      i = end <= 0 ? text.length : end;
    } else if (c === '{' || c === '[') {
      if (++depth > max) [max, at] = [depth, i];
    } else if (c === '}' || c === ']') depth--;
  }
  return { max, at, final: depth };
}
