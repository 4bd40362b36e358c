/**
 * How the CLI gets a secret (issue 17): from standard input with --key-stdin, or, from a terminal,
 * asked for with hidden input (no echo, like `read -s` or `gh auth login`). Never from the command
 * line, where it would land in the shell's history and the process list.
 */
import { parseSecretInput } from '../core/secret-text';
import { PromptInterrupted, UsageError } from './output';

/** The raw-mode terminal the prompt reads from (process.stdin as a tty.ReadStream). */
interface Tty {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (b: Buffer) => void): unknown;
  off(event: 'data', listener: (b: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Reads one line from a terminal without echoing it: Enter ends it, Backspace edits, Ctrl-C stops,
 * Ctrl-D on an empty line gives up; the prompt goes to stderr (stdout may be captured: `id=$(…)`).
 */
export function promptHidden(prompt: string, input: Tty = process.stdin, output = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    // Echo off before the prompt shows: a key pasted the moment it appears must not be echoed.
    input.setRawMode?.(true);
    input.resume();
    output.write(prompt);
    const done = (err?: Error): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (b: Buffer): void => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new PromptInterrupted('interrupted'));
        if (ch === '\u0004') {
          if (value === '') return done();
          continue;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015')
          value = ''; // Ctrl-U
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The secret for a command: with --key-stdin, standard input (a terminal there is asked, hidden);
 * without it, a terminal is asked; a pipe or file without --key-stdin is a usage error, so a
 * script never hangs on a prompt nobody sees.
 */
export async function readSecret(keyStdin: boolean, label: string, command = 'add'): Promise<string> {
  if (process.stdin.isTTY) {
    const typed = await promptHidden(`${label[0]?.toUpperCase() ?? ''}${label.slice(1)} (input hidden): `);
    if (typed.trim() === '') throw new UsageError(`no ${label} was typed; nothing was changed`);
    return parseSecretInput(typed, label);
  }
  if (!keyStdin) {
    throw new UsageError(
      `missing option --key-stdin: the ${label} is read from standard input when it is not a terminal (e.g. \`printf %s "$KEY" | claude-auth-tray ${command} … --key-stdin\`)`,
    );
  }
  return parseSecretInput(await readAll(), label);
}
