import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { treeOf } from './json-tree';
import { AppError } from '../../../common/errors';
import { PLAINTEXT_SECRET_ENV, type PlanEntry, type SettingsPath } from './activation-plan';
import {
  insertProperty,
  type Layout,
  objectAt,
  propertyIndex,
  rawValueAt,
  removeProperty,
  replaceValue,
  textStyle,
  type TextStyle,
} from './jsonc-edit';
import { BOM, parseSettings, type ParseOptions } from './settings-parse';
import { sha256Hex } from '../sha256';

export { parseSettings } from './settings-parse';

/** What the app owns in one settings file, so a switch removes exactly that and nothing else. */
export interface OwnedEntry {
  readonly path: SettingsPath;
  /** Hash of the value the app wrote: a later user edit of that key is detected and respected. */
  readonly valueHash: string;
  /**
   * Hashes of other values of this key that are the app's too — in the intent log only, written
   * while a switch is under way: it must know the old value and the new one as the app's, or a crash
   * between the log and settings.json's rename takes the app's old value for the user's and loses the
   * user's `prior` (issue 16). The final record names only the value written, so a user who sets the
   * key themselves to a value the app once wrote keeps it (review of issue 16).
   */
  readonly also?: readonly string[];
  /** The user's value before the app took the key over (non-secret keys only), as its JSON text. */
  readonly prior?: string;
  /** A consented plaintext secret: backups never keep its value (issue 12, item 8). */
  readonly secret?: true;
}

export interface OwnedRecord {
  readonly entries: readonly OwnedEntry[];
  /** The app created the `env` object; it goes again once it is empty. */
  readonly createdEnv: boolean;
  /**
   * What was inside an object's braces when the app filled it while empty ('' = root, 'env'), when
   * that was not plain `{}` (e.g. `{\n  }`): given back byte for byte once the object is empty again.
   */
  readonly emptyInner?: Readonly<Record<string, string>>;
}

export const EMPTY_OWNED: OwnedRecord = { entries: [], createdEnv: false };

export interface MergeResult {
  readonly text: string;
  readonly owned: OwnedRecord;
  readonly changed: boolean;
}

export function hashValue(v: unknown): string {
  return sha256Hex(JSON.stringify(v)).slice(0, 16);
}

const ALSO_KEPT = 16;

/** Whether a value at the entry's key is one the app wrote (not the user's own). */
export function ownsValue(e: OwnedEntry, value: unknown): boolean {
  const h = hashValue(value);
  return h === e.valueHash || (e.also?.includes(h) ?? false);
}

/** The app's values of an entry as one list, `first` first (deduplicated, at most ALSO_KEPT others). */
export function withAlso(
  first: string,
  ...others: readonly (readonly string[] | string | undefined)[]
): {
  valueHash: string;
  also?: string[];
} {
  const rest = [...new Set(others.flat().filter((h): h is string => h !== undefined && h !== first))].slice(
    0,
    ALSO_KEPT,
  );
  return { valueHash: first, ...(rest.length ? { also: rest } : {}) };
}

/**
 * Whether two records say the same about a file: the same keys, each with the same set of the app's
 * values, priors and flags: a switch that changes none of it writes no new record.
 */
export function sameOwnership(a: OwnedRecord, b: OwnedRecord): boolean {
  const norm = (r: OwnedRecord): string =>
    JSON.stringify({
      entries: r.entries
        .map((e) => ({
          path: e.path,
          hashes: [e.valueHash, ...(e.also ?? [])].sort(),
          prior: e.prior,
          secret: e.secret,
        }))
        .sort((x, y) => (x.path.join('\u0000') < y.path.join('\u0000') ? -1 : 1)),
      createdEnv: r.createdEnv,
      emptyInner: r.emptyInner,
    });
  return norm(a) === norm(b);
}

const key = (p: SettingsPath): string => p.join('\u0000');

function valueAt(text: string, path: readonly string[]): unknown {
  // A merge asks about several keys of the same text: json-tree keeps the last few trees (issue 16).
  const tree = treeOf(text);
  if (!tree) return undefined;
  const node = findNodeAtLocation(tree, [...path]);
  return node ? getNodeValue(node) : undefined;
}

export type MergeOptions = ParseOptions;

/**
 * Computes the new settings text for a plan: releases owned keys the plan no longer has (restoring
 * the user's prior value), writes the plan's keys, and leaves every other byte alone (issue 12,
 * item 3: edits touch only the property's own text, see jsonc-edit.ts). Pure: text in, text out.
 */
export function mergeSettings(
  text: string,
  file: string,
  owned: OwnedRecord,
  plan: readonly PlanEntry[],
  opts: MergeOptions = {},
): MergeResult {
  const root = parseSettings(text, file, opts);
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = text.slice(bom.length);
  let out = body.trim() === '' ? '{}' : body;
  const style = textStyle(out);
  const inner = new Map(Object.entries(owned.emptyInner ?? {}));
  const set = (path: readonly string[], valueText: string | undefined): void => {
    out = setPath(out, path, valueText, style, inner);
  };

  const planned = new Map(plan.map((e) => [key(e.path), e]));
  const ownedByKey = new Map(owned.entries.map((e) => [key(e.path), e]));

  // 1. Release what the new plan does not hold.
  for (const o of owned.entries) {
    if (planned.has(key(o.path))) continue;
    const current = valueAt(out, o.path);
    if (current === undefined || !ownsValue(o, current)) continue; // the user changed it: theirs now
    set(o.path, o.prior);
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
    if (prev && current !== undefined && ownsValue(prev, current)) {
      prior = prev.prior; // still ours: keep the user's original prior
    } else if (current !== undefined) {
      if (e.secret && current !== e.value) {
        throw new AppError({
          kind: 'settings-conflict',
          message: `${file} already holds your own ${e.path.join('.')}; Claude Auth Tray will not replace or copy a plaintext secret.`,
          nextStep: {
            cli: 'Run `claude-auth-tray doctor --fix` to move that key into the keychain first.',
            window: 'Open the Doctor and move that key into the keychain first.',
          },
          details: { file },
        });
      }
      // The value's own text, so giving it back restores its bytes (escapes, spacing) too.
      prior = e.secret ? undefined : rawValueAt(out, e.path);
    }
    // An object value (the status line) is compared by content, not identity.
    const want = e.object ?? e.value;
    // Equal hashes of the JSON texts are equal texts: compared as texts, nothing to hash.
    if (current === undefined || JSON.stringify(current) !== JSON.stringify(want)) set(e.path, JSON.stringify(want));
    entries.push({
      path: e.path,
      // Only the value written: a value of the app's from before is the user's once they set it
      // again themselves (the intent log alone knows old and new while a switch is under way).
      valueHash: hashValue(want),
      ...(prior !== undefined ? { prior } : {}),
      ...(e.secret ? { secret: true as const } : {}),
    });
  }

  // 3. Drop an env object the app created once nothing is left in it.
  if (createdEnv) {
    const envNow = valueAt(out, ['env']);
    if (envNow && typeof envNow === 'object' && Object.keys(envNow).length === 0) {
      set(['env'], undefined);
      inner.delete('env');
      createdEnv = false;
    } else if (envNow === undefined) {
      createdEnv = false;
    }
  }

  if (body.trim() === '' && out !== body) out = ensureTrailingNewline(out, style.eol);
  out = bom + out;
  const emptyInner = Object.fromEntries(inner);
  return {
    text: out,
    owned: { entries, createdEnv, ...(inner.size ? { emptyInner } : {}) },
    changed: out !== text,
  };
}

const isSecret = (e: OwnedEntry): boolean =>
  e.secret === true || (e.path[0] === 'env' && PLAINTEXT_SECRET_ENV.includes(e.path[1] ?? ''));

/** The consented plaintext secrets the app wrote that text still holds (matched by hash). */
export function secretValues(text: string, owned: OwnedRecord): string[] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') return [];
  const out: string[] = [];
  for (const e of owned.entries.filter(isSecret)) {
    const v = valueAt(body, e.path);
    if (typeof v === 'string' && ownsValue(e, v)) out.push(v);
  }
  return out;
}

/** The text with the app's plaintext secrets replaced by a placeholder: what a backup may keep. */
export function maskSecrets(text: string, owned: OwnedRecord, placeholder: string): string {
  let out = text;
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  for (const e of owned.entries.filter(isSecret)) {
    const v = body.trim() === '' ? undefined : valueAt(body, e.path);
    if (typeof v === 'string' && ownsValue(e, v)) out = setKey(out, e.path, placeholder);
  }
  return out;
}

/** Sets (value: JSON text) or removes (undefined) the property at a one- or two-step path. */
function setPath(
  text: string,
  path: readonly string[],
  valueText: string | undefined,
  style: TextStyle,
  inner: Map<string, string>,
): string {
  const parentPath = path.slice(0, -1);
  const name = path[path.length - 1]!;
  const parentKey = parentPath.join('.');
  const parent = objectAt(text, parentPath);
  if (!parent) {
    if (valueText === undefined) return text;
    const root = objectAt(text, [])!;
    const r = insertProperty(
      text,
      root,
      parentPath[0]!,
      (layout, st) => objectText(name, valueText, layout, st),
      style,
    );
    if (r.emptyInner !== undefined) inner.set('', r.emptyInner);
    return r.text;
  }
  const i = propertyIndex(parent, name);
  if (valueText === undefined) {
    if (i < 0) return text;
    const only = parent.children!.length === 1;
    const out = removeProperty(text, parent, i, only ? inner.get(parentKey) : undefined);
    if (only) inner.delete(parentKey);
    return out;
  }
  if (i >= 0) return replaceValue(text, parent.children![i]!.children![1]!, valueText);
  const r = insertProperty(text, parent, name, valueText, style);
  if (r.emptyInner !== undefined) inner.set(parentKey, r.emptyInner);
  return r.text;
}

/** A new one-key object (the env the app creates), laid out like its neighbours. */
function objectText(name: string, valueText: string, layout: Layout, st: TextStyle): string {
  const prop = JSON.stringify(name) + st.colon + valueText;
  if (layout.indent === undefined) return `{${layout.pad}${prop}${layout.pad}}`;
  return `{${st.eol}${layout.indent}${st.unit}${prop}${st.eol}${layout.indent}}`;
}

/**
 * Sets (or, with undefined, removes) one key, touching only that property's text. Pure. Used for
 * the user's own keys (doctor's fix); the value is given as a value, not as JSON text.
 */
export function setKey(text: string, path: readonly string[], value: unknown): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = text.slice(bom.length);
  const valueText = value === undefined ? undefined : JSON.stringify(value);
  return bom + setPath(body, path, valueText, textStyle(body), new Map());
}

function ensureTrailingNewline(s: string, eol: string): string {
  return s.endsWith('\n') ? s : s + eol;
}
