import { AppError } from '../../common/errors';

/** Claude Code's helper output rule: one token of printable ASCII, at most 16,384 characters. */
export const MAX_KEY_LENGTH = 16_384;
/**
 * The shortest key or token accepted (issue 17). Anthropic keys are ~108 characters, gateway tokens
 * and JWTs longer; a status word (`ok`, `garbage`, `null`) a helper prints by mistake is far shorter.
 */
export const MIN_KEY_LENGTH = 16;
const TOKEN_RE = /^[\x21-\x7e]+$/;

export function isValidKeyToken(s: string): boolean {
  return s.length > 0 && s.length <= MAX_KEY_LENGTH && TOKEN_RE.test(s);
}

/**
 * Words of an error answer. Short ones count as a whole word (letters or digits around them are part
 * of a random token); long ones anywhere (`AccessDeniedException`): a random token holds one of them
 * by chance far less than once in a billion (test/unit/not-a-key.test.ts tries thousands).
 */
const ERROR_WORD = /(^|[^a-z0-9])(errors?|fatal|invalid_grant|invalid_token|not_?found|expired_?token)(?![a-z0-9])/i;
const ERROR_ANYWHERE = /exception|traceback|forbidden|denied|unauthori[sz]ed/i;

/**
 * Why a one-token text is not a key although its characters are allowed (issue 17: a helper that
 * prints `{"error":"forbidden","code":403}` passed the shape check): JSON, markup or error text.
 * The reason never quotes the text (it might be a key after all).
 */
export function notAKeyReason(s: string): string | undefined {
  if (s.startsWith('{') || s.startsWith('[')) return 'it is JSON';
  if (s.startsWith('<')) return 'it is markup (HTML or XML)';
  if (!NON_ASCII.test(s) ? asciiErrorText(s.toLowerCase()) : errorText(s)) return 'it looks like an error message';
  return undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;
const STATUS_WORDS: ReadonlySet<string> = new Set(['null', 'undefined', 'none', 'true', 'false', 'nil']);
const WHOLE_WORDS = [
  'error',
  'errors',
  'fatal',
  'invalid_grant',
  'invalid_token',
  'notfound',
  'not_found',
  'expiredtoken',
  'expired_token',
];
const ANYWHERE = ['exception', 'traceback', 'forbidden', 'denied', 'unauthorised', 'unauthorized'];

/** The three patterns below, for any text (their first use compiles them: ≈0.35 ms of a cold helper run). */
function errorText(s: string): boolean {
  return /^(null|undefined|none|true|false|nil)$/i.test(s) || ERROR_WORD.test(s) || ERROR_ANYWHERE.test(s);
}

/**
 * errorText for ASCII text, lower-cased (where /i and toLowerCase agree), without a regular
 * expression: a cold helper run checks one key and would compile all three (issue 16).
 * test/unit/not-a-key.test.ts compares the two.
 */
function asciiErrorText(lower: string): boolean {
  if (STATUS_WORDS.has(lower)) return true;
  if (ANYWHERE.some((w) => lower.includes(w))) return true;
  const alnum = (i: number): boolean => {
    const c = lower.charCodeAt(i); // NaN outside the text: not a letter or digit
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
  };
  for (const w of WHOLE_WORDS) {
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1))
      if (!alnum(at - 1) && !alnum(at + w.length)) return true;
  }
  return false;
}

/** Exported for the test that compares the two ways (not-a-key.test.ts). */
export const notAKeyInternals = { errorText, asciiErrorText };

/** A secret typed or piped by the user: one trailing newline (or CRLF) is dropped, nothing else. */
export function parseSecretInput(raw: string, what = 'key'): string {
  const s = raw.replace(/\r?\n$/, '');
  if (s.length === 0) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `No ${what} was given on standard input.`,
      // pbpaste exists on macOS only (issue 17).
      nextStep: `Pipe the ${what} in, e.g. \`${process.platform === 'darwin' ? 'pbpaste' : 'printf %s "$KEY"'} | claude-auth-tray add … --key-stdin\`.`,
    });
  }
  if (!isValidKeyToken(s)) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `The ${what} on standard input is not a single token of printable ASCII (at most ${MAX_KEY_LENGTH} characters).`,
      nextStep: `Paste only the ${what} itself, without spaces or extra lines.`,
    });
  }
  return s;
}
