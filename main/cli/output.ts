import { parseArgs } from 'node:util';
import { jsonForTerminal, sanitizeForTerminal, sanitizeLines } from '../../common/terminal-text';
import { closest } from '../../common/did-you-mean';
import { isAppError } from '../../common/errors';
import { redact } from '../../common/redact';
import { writeDirect } from './direct-write';

export const EXIT = { ok: 0, failure: 1, usage: 2, keychain: 3, findings: 4 } as const;

export class UsageError extends Error {}

/** Ctrl-C at a prompt: the command stops as a shell's would (exit 130), with nothing changed. */
export class PromptInterrupted extends Error {}

export type Opts = Record<string, string | string[] | boolean | undefined> & { help?: boolean };

/** node:util parseArgs, strict, with -h/--help; a parse error becomes a usage error naming the option. */
export function parse(
  argv: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>,
): { values: Opts; positionals: string[] } {
  try {
    const r = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: r.values as Opts, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(parseErrorText(e, Object.keys(options)));
  }
}

/** node:util's parse error in our words; an unknown option gets its "did you mean" (issue 17). */
function parseErrorText(e: unknown, names: readonly string[]): string {
  const message = String((e as Error).message)
    .replace(/\. To specify.*$/s, '')
    .split('\n')[0]!;
  const unknown = /^Unknown option '(-{1,2}[^'=]*)/.exec(message)?.[1];
  if ((e as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) {
    return message
      .replace(/^Option '([^' ]+)[^']*' argument missing$/, 'option $1 needs a value')
      .replace(/^Option '([^' ]+)' does not take an argument$/, 'option $1 takes no value');
  }
  const guess = closest(unknown.replace(/^-+/, ''), [...names, 'help']);
  return `unknown option ${unknown}${guess ? `; did you mean --${guess}?` : ''}`;
}

/** Stray arguments are a usage error for every command (issue 17): at most `max` positionals. */
export function atMost(positionals: readonly string[], max: number): void {
  if (positionals.length > max) throw new UsageError(`unexpected argument "${positionals[max]}"`);
}

export const str = (v: string | string[] | boolean | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined;

/**
 * One line (or a few, for text we wrote) on stdout. Outside text in it should already be cleaned
 * with sanitizeForTerminal where it is put in, which also removes line breaks; this is the safety
 * net that keeps any escape sequence off the terminal.
 */
export function out(line = ''): void {
  process.stdout.write(`${sanitizeLines(line)}\n`);
}

/** out() written straight to the descriptor, without setting up process.stdout (direct-write.ts). */
export function outDirect(line = ''): void {
  writeDirect(1, `${sanitizeLines(line)}\n`);
}

/** JSON on stdout: the data unchanged, with no raw control character for the terminal. */
export function outJson(value: unknown): void {
  process.stdout.write(`${jsonForTerminal(value)}\n`);
}

/** Terminal-safe outside text (names from profiles.json, server strings): see common/terminal-text. */
export const clean = sanitizeForTerminal;

export function err(line: string): void {
  process.stderr.write(`claude-auth-tray: ${sanitizeForTerminal(redact(line))}\n`);
}

/** One line on stderr for any failure, with its exit code. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    err(`${e.message} (see --help)`);
    return EXIT.usage;
  }
  if (e instanceof PromptInterrupted) return 130;
  if (isAppError(e)) {
    err(e.toLine());
    if (e.kind === 'invalid-argument') return EXIT.usage;
    return e.kind.startsWith('keychain-') ? EXIT.keychain : EXIT.failure;
  }
  err(`unexpected failure: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  return EXIT.failure;
}
