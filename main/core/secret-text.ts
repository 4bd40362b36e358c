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
