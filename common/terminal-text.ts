/**
 * Text that came from outside (names in profiles.json, bundle fields, a command's stderr, Admin API
 * answers) made safe to print (issue 12, item 10): terminal escape sequences can erase or fake lines,
 * a newline fakes a row, bidi overrides reorder what is shown. Pure, no I/O.
 */

/**
 * Every character this app treats as a control: C0 (incl. TAB, LF, CR), DEL, C1 (U+0080–U+009F),
 * the bidi marks/embeddings/overrides/isolates, and the Unicode line/paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/**
 * Whole escape sequences, so no parameters are left behind: CSI (`ESC [` or U+009B … final byte),
 * OSC/DCS/SOS/PM/APC (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` or their C1 forms … up to BEL or
 * ST, or the end of the text when unterminated, as a terminal would swallow it), and the two-byte
 * `ESC x` forms.
 */
const SEQUENCE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;

/** True when the text holds any control character (see CONTROL): such names are refused at entry. */
export function hasControlChars(text: string): boolean {
  return CONTROL.test(text);
}

/** One line of outside text with every escape sequence and control character removed. */
export function sanitizeForTerminal(text: string): string {
  // Most text has no control character at all: then neither pattern can match (each sequence starts
  // with one). Looked for by char code, not with CONTROL: compiling the two patterns on their first
  // use cost every `use` ≈0.2 ms for lines with nothing to remove (issue 16).
  return hasControlCode(text) ? text.replace(SEQUENCE, '').replace(CONTROL_ALL, '') : text;
}

/** CONTROL.test(text) without a regular expression (see sanitizeForTerminal). */
function hasControlCode(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
    if (c < 0x61c) continue;
    if (
      c === 0x61c ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0x2028 ||
      c === 0x2029
    )
      return true;
  }
  return false;
}

/** Like sanitizeForTerminal, but line breaks (LF) stay: for multi-line text we wrote ourselves. */
export function sanitizeLines(text: string): string {
  return text
    .split('\n')
    .map((l) => sanitizeForTerminal(l))
    .join('\n');
}

/**
 * Outside text shown in full, every control character made visible instead of removed (`\x1b`,
 * `\n`, `\u202e`): for commands the user must judge before this computer runs them.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(CONTROL_ALL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** What JSON.stringify leaves raw inside strings (it escapes C0 itself; its own line breaks stay). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON for a terminal: JSON.stringify already escapes C0; this also escapes DEL, C1 and the bidi and
 * separator characters as \uXXXX. The data is unchanged for any JSON reader.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
