import { isAppError } from '../../common/errors';
import { redact } from '../../common/redact';

export const EXIT = { ok: 0, failure: 1, usage: 2, keychain: 3, findings: 4 } as const;

export class UsageError extends Error {}

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

export { relTime } from '../core/human-time';
