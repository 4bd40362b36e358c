import { createHash } from 'node:crypto';
import {
  applyEdits,
  findNodeAtLocation,
  getNodeValue,
  modify,
  parseTree,
  type ParseError,
  printParseErrorCode,
} from 'jsonc-parser';
import { AppError } from '../../../common/errors';
import type { PlanEntry, SettingsPath } from './activation-plan';

/** What the app owns in one settings file, so a switch removes exactly that and nothing else. */
export interface OwnedEntry {
  readonly path: SettingsPath;
  /** Hash of the value the app wrote: a later user edit of that key is detected and respected. */
  readonly valueHash: string;
  /** The user's value before the app took the key over (non-secret keys only), restored on release. */
  readonly prior?: string;
}

export interface OwnedRecord {
  readonly entries: readonly OwnedEntry[];
  /** The app created the `env` object; it goes again once it is empty. */
  readonly createdEnv: boolean;
}

export const EMPTY_OWNED: OwnedRecord = { entries: [], createdEnv: false };

export interface MergeResult {
  readonly text: string;
  readonly owned: OwnedRecord;
  readonly changed: boolean;
}

export function hashValue(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}

const key = (p: SettingsPath): string => p.join('\u0000');

interface Format {
  readonly insertSpaces: boolean;
  readonly tabSize: number;
  readonly eol: string;
}

/** Keeps the user's style: indentation unit and line ending as found in the file. */
export function detectFormat(text: string): Format {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]+)\S/m.exec(text);
  if (m?.[1]?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: m?.[1] ? m[1].length : 2, eol };
}

/**
 * Parses settings text strictly. Throws `settings-invalid-json` with line and column: such a file
 * is never rewritten.
 */
export function parseSettings(text: string, file: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    const { line, column } = lineCol(text, e?.offset ?? 0);
    throw new AppError({
      kind: 'settings-invalid-json',
      message: `${file} is not valid JSON: ${e ? printParseErrorCode(e.error) : 'empty'} at line ${line}, column ${column}.`,
      nextStep: 'Fix the file (Claude Code cannot read it either), then try again. It was not changed.',
      details: { file, line, column },
    });
  }
  if (tree.type !== 'object') {
    throw new AppError({
      kind: 'settings-not-object',
      message: `${file} does not hold a JSON object.`,
      nextStep: 'Make the file a JSON object ({ … }), then try again. It was not changed.',
      details: { file },
    });
  }
  return getNodeValue(tree) as Record<string, unknown>;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function valueAt(text: string, path: readonly string[]): unknown {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const node = findNodeAtLocation(tree, [...path]);
  return node ? getNodeValue(node) : undefined;
}

/** The value's source text at a path (JSONC: may hold comments), or undefined. */
function rawValueAt(text: string, path: readonly string[]): string | undefined {
  const tree = parseTree(text);
  const node = tree && findNodeAtLocation(tree, [...path]);
  return node ? text.slice(node.offset, node.offset + node.length) : undefined;
}

/** Puts source text back as the value at an existing path, touching no other byte. */
function replaceRaw(text: string, path: readonly string[], raw: string): string {
  const tree = parseTree(text);
  const node = tree && findNodeAtLocation(tree, [...path]);
  return node ? text.slice(0, node.offset) + raw + text.slice(node.offset + node.length) : text;
}

/**
 * Computes the new settings text for a plan: releases owned keys the plan no longer has (restoring
 * the user's prior value), writes the plan's keys, and leaves every other byte alone.
 * Pure: text in, text out.
 */
export function mergeSettings(text: string, file: string, owned: OwnedRecord, plan: readonly PlanEntry[]): MergeResult {
  const root = parseSettings(text, file);
  const fmt = detectFormat(text);
  const style = editStyle(text, root);
  let out = text.trim() === '' ? '{}' : text;
  const set = (path: readonly string[], value: unknown): void => {
    out = setKey(out, path, value, style);
  };

  const planned = new Map(plan.map((e) => [key(e.path), e]));
  const ownedByKey = new Map(owned.entries.map((e) => [key(e.path), e]));

  // 1. Release what the new plan does not hold.
  for (const o of owned.entries) {
    if (planned.has(key(o.path))) continue;
    const current = valueAt(out, o.path);
    if (current === undefined || hashValue(current) !== o.valueHash) continue; // the user changed it: theirs now
    if (o.prior === undefined) set(o.path, undefined);
    else out = replaceRaw(out, o.path, o.prior); // the user's own bytes come back
  }

  // 2. Write the plan.
  const envExisted = root.env !== undefined || owned.createdEnv;
  let createdEnv = owned.createdEnv;
  const entries: OwnedEntry[] = [];
  for (const e of plan) {
    if (e.path[0] === 'env') {
      const envNow = valueAt(out, ['env']);
      if (envNow !== undefined && (typeof envNow !== 'object' || envNow === null || Array.isArray(envNow))) {
        throw new AppError({
          kind: 'settings-not-object',
          message: `The "env" entry in ${file} is not an object.`,
          nextStep: 'Make "env" an object of variable names to strings, then try again. The file was not changed.',
          details: { file },
        });
      }
      if (envNow === undefined && !envExisted) createdEnv = true;
    }
    const current = valueAt(out, e.path);
    const prev = ownedByKey.get(key(e.path));
    let prior: string | undefined;
    if (prev && current !== undefined && hashValue(current) === prev.valueHash) {
      prior = prev.prior; // still ours: keep the user's original prior
    } else if (current !== undefined) {
      if (e.secret && current !== e.value) {
        throw new AppError({
          kind: 'settings-conflict',
          message: `${file} already holds your own ${e.path.join('.')}; Claude Auth Tray will not replace or copy a plaintext secret.`,
          nextStep: 'Run `claude-auth-tray doctor` and move that key into the keychain first.',
          details: { file },
        });
      }
      // The value's own text, so giving it back restores its bytes (escapes, spacing, layout) too.
      prior = e.secret ? undefined : rawValueAt(out, e.path);
    }
    const want = e.object ?? e.value;
    if (current === undefined || hashValue(current) !== hashValue(want)) set(e.path, want);
    entries.push({ path: e.path, valueHash: hashValue(want), ...(prior !== undefined ? { prior } : {}) });
  }

  // 3. Drop an env object the app created once nothing is left in it.
  if (createdEnv) {
    const envNow = valueAt(out, ['env']);
    if (envNow && typeof envNow === 'object' && Object.keys(envNow).length === 0) {
      set(['env'], undefined);
      createdEnv = false;
    } else if (envNow === undefined) {
      createdEnv = false;
    }
  }

  if (text.trim() === '' && out !== text) out = ensureTrailingNewline(out, fmt.eol);
  return { text: out, owned: { entries, createdEnv }, changed: out !== text };
}

export interface EditStyle {
  /** undefined: a one-line (minified) file gets one-line edits; formatting would re-indent its bytes. */
  readonly formatting: Format | undefined;
}

/** How edits to this text keep its style. */
export function editStyle(text: string, root: Record<string, unknown>): EditStyle {
  const oneLine = Object.keys(root).length > 0 && !text.trim().includes('\n');
  return { formatting: oneLine ? undefined : detectFormat(text) };
}

/** Sets (or, with undefined, removes) one key, in the file's own style. Pure. */
export function setKey(text: string, path: readonly string[], value: unknown, style: EditStyle): string {
  const out = applyEdits(
    text,
    modify(text, [...path], value, style.formatting ? { formattingOptions: style.formatting } : {}),
  );
  return value === undefined ? collapseIfEmpty(out, path.slice(0, -1)) : out;
}

/** Removing an object's last key leaves `{\n  }`: write it the way people write it, `{}`. */
function collapseIfEmpty(text: string, objectPath: readonly string[]): string {
  const tree = parseTree(text);
  const node = tree && (objectPath.length ? findNodeAtLocation(tree, [...objectPath]) : tree);
  if (!node || node.type !== 'object' || (node.children?.length ?? 0) > 0) return text;
  const inner = text.slice(node.offset + 1, node.offset + node.length - 1);
  return inner.trim() === '' && inner !== ''
    ? text.slice(0, node.offset) + '{}' + text.slice(node.offset + node.length)
    : text;
}

function ensureTrailingNewline(s: string, eol: string): string {
  return s.endsWith('\n') ? s : s + eol;
}
