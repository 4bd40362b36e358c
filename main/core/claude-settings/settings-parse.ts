import { getNodeValue, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { AppError } from '../../../common/errors';
import { nesting } from './jsonc-edit';
import { strictJson } from './json-tree';

export const BOM = '\uFEFF';

/** How strictly to parse: trailing commas only for tests of the editor (Claude Code refuses them). */
export interface ParseOptions {
  readonly allowTrailingComma?: boolean;
}

/** Deeper files are refused before parsing: the recursive parser would overflow the stack (issue 12, item 13). */
export const MAX_DEPTH = 500;

/** jsonc-parser's error names in words (issue 17: the message showed "InvalidSymbol"). */
const PARSE_ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected text',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a key in double quotes is missing',
  ValueExpected: 'a value is missing',
  ColonExpected: 'a colon is missing',
  CommaExpected: 'a comma is missing',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'unexpected text after the end',
  InvalidCommentToken: 'a malformed comment',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed \\ escape',
  InvalidCharacter: 'a control character inside a string',
};

function parseErrorText(name: string): string {
  return PARSE_ERROR_TEXT[name] ?? 'a syntax error';
}

/**
 * Parses settings text strictly. Throws `settings-invalid-json` with line and column: such a file
 * is never rewritten. A BOM is accepted (Claude Code reads such a file); a file nested deeper than
 * MAX_DEPTH, or with a key twice in the objects the app edits, is refused (`settings-unsupported`).
 */
export function parseSettings(text: string, file: string, opts: ParseOptions = {}): Record<string, unknown> {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') return {};
  // Strict JSON (the common case): V8's parser validated it; one scan gave the depth and the keys
  // the app edits (json-tree.ts, issue 16). Same checks, same errors, without jsonc-parser's tree.
  const strict = strictJson(body);
  if (strict) {
    if (strict.max > MAX_DEPTH) depthError(body, file, strict);
    checkDuplicates(strict.tree, body, file, '');
    const envNode = strict.tree.children?.find((p) => p.children?.[0]?.value === 'env')?.children?.[1];
    if (envNode?.type === 'object') checkDuplicates(envNode, body, file, 'env.');
    return strict.value as Record<string, unknown>;
  }
  checkDepth(body, file);
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { allowTrailingComma: !!opts.allowTrailingComma, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    const { line, column } = lineCol(body, e?.offset ?? 0);
    const reason = e ? parseErrorText(printParseErrorCode(e.error)) : 'empty';
    throw new AppError({
      kind: 'settings-invalid-json',
      message: `${file} is not valid JSON: ${reason} at line ${line}, column ${column}.`,
      nextStep: 'Fix the file (Claude Code cannot read it either), then try again. It was not changed.',
      details: { file, line, column, reason },
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
  checkDuplicates(tree, body, file, '');
  const env = tree.children?.find((p) => p.children?.[0]?.value === 'env')?.children?.[1];
  if (env?.type === 'object') checkDuplicates(env, body, file, 'env.');
  return getNodeValue(tree) as Record<string, unknown>;
}

/**
 * The app edits the first of two equal keys while JSON.parse and Claude Code use the last: a switch
 * would silently not take effect, so such a file is refused.
 */
function checkDuplicates(obj: Node, text: string, file: string, prefix: string): void {
  const seen = new Map<string, number>();
  for (const p of obj.children ?? []) {
    const name = String(p.children?.[0]?.value);
    const first = seen.get(name);
    if (first !== undefined) {
      const a = lineCol(text, first).line;
      const b = lineCol(text, p.offset).line;
      throw new AppError({
        kind: 'settings-unsupported',
        message: `${file} has the key "${prefix}${name}" twice (lines ${a} and ${b}); Claude Code uses only the last one.`,
        nextStep: 'Delete the one you do not want, then try again. The file was not changed.',
        details: { file, line: b },
      });
    }
    seen.set(name, p.offset);
  }
}

function checkDepth(text: string, file: string): void {
  const n = nesting(text);
  if (n.max > MAX_DEPTH) depthError(text, file, n);
}

function depthError(text: string, file: string, n: { readonly max: number; readonly at: number }): never {
  throw new AppError({
    kind: 'settings-unsupported',
    message: `${file} is nested ${n.max} levels deep (line ${lineCol(text, n.at).line}); Claude Auth Tray edits files up to ${MAX_DEPTH} levels.`,
    nextStep: 'Flatten that value (settings never need such depth), then try again. The file was not changed.',
    details: { file, line: lineCol(text, n.at).line },
  });
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Whether a settings file exists but cannot be parsed (what a read reports instead of its contents). */
export function settingsUnparsable(file: string, read: (f: string) => string | undefined): boolean {
  try {
    const text = read(file);
    if (text !== undefined) parseSettings(text, file);
    return false;
  } catch {
    return true;
  }
}
