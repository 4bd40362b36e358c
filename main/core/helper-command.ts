/**
 * Builds the `apiKeyHelper` command that activation writes into Claude Code's settings. Claude Code
 * runs it with `/bin/sh -c` on macOS/Linux and `cmd` on Windows, so each shell gets its own quoting;
 * installed app paths contain spaces ("/Applications/Claude Auth Tray.app/…").
 */
export interface CliRuntime {
  /** The executable: node in development, the app binary when packaged. */
  readonly execPath: string;
  /** The built CLI entry (`dist/cli/index.js`). */
  readonly cliPath: string;
  /** Packaged: the app binary acts as Node only with ELECTRON_RUN_AS_NODE=1 (and opens no window). */
  readonly runAsNode: boolean;
  readonly platform: NodeJS.Platform;
}

/** POSIX sh: single quotes keep every byte literal; a single quote itself becomes '\''. */
export function quoteSh(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * cmd.exe: double quotes keep spaces and most metacharacters literal. `%` would still expand inside
 * quotes, so it is emitted outside them as `^%`. A double quote cannot occur in a Windows path.
 */
export function quoteCmd(arg: string): string {
  if (arg.includes('"') || /[\r\n]/.test(arg)) {
    throw new Error('A path for cmd.exe cannot contain double quotes or line breaks.');
  }
  if (/^[A-Za-z0-9_@+=:,./\\-]+$/.test(arg)) return arg;
  return arg
    .split('%')
    .map((part) => (part === '' ? '' : `"${part}"`))
    .join('^%');
}

export function apiKeyHelperCommand(rt: CliRuntime, profileId: string): string {
  const args = ['api-key', '--profile', profileId];
  if (rt.platform === 'win32') {
    const cmd = [quoteCmd(rt.execPath), quoteCmd(rt.cliPath), ...args.map(quoteCmd)].join(' ');
    return rt.runAsNode ? `set "ELECTRON_RUN_AS_NODE=1" && ${cmd}` : cmd;
  }
  const cmd = [quoteSh(rt.execPath), quoteSh(rt.cliPath), ...args.map(quoteSh)].join(' ');
  return rt.runAsNode ? `ELECTRON_RUN_AS_NODE=1 ${cmd}` : cmd;
}

/** Parses back the profile id from a command this app wrote (doctor, status). */
export function profileIdFromHelperCommand(command: string): string | undefined {
  const m = /\bapi-key --profile ([a-z0-9][a-z0-9-]*)\s*$/.exec(command);
  return m?.[1];
}
