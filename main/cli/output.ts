import { parseArgs } from 'node:util';
import { isAppError } from '../../common/errors';
import { redact } from '../../common/redact';

export const EXIT = { ok: 0, failure: 1, usage: 2, keychain: 3, findings: 4 } as const;

export class UsageError extends Error {}

export type Opts = Record<string, string | boolean | undefined> & { help?: boolean };

/** node:util parseArgs, strict, with -h/--help; a parse error becomes a usage error naming the option. */
export function parse(
  argv: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
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
    throw new UsageError(
      String((e as Error).message)
        .replace(/\. To specify.*$/, '')
        .split('\n')[0],
    );
  }
}

export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function err(line: string): void {
  process.stderr.write(`claude-auth-tray: ${redact(line)}\n`);
}

/** One line on stderr for any failure, with its exit code. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    err(`${e.message} (see --help)`);
    return EXIT.usage;
  }
  if (isAppError(e)) {
    err(e.toLine());
    if (e.kind === 'invalid-argument') return EXIT.usage;
    return e.kind.startsWith('keychain-') ? EXIT.keychain : EXIT.failure;
  }
  err(`unexpected failure: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  return EXIT.failure;
}
