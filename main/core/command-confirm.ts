/**
 * Defence in depth behind the IPC contract (issue 12, item 11), second half. ipc-guards.ts keeps a
 * compromised renderer from running a command string or sending a stored key elsewhere; what it
 * could still do is SAVE a command (a key helper's `command`, a Bedrock `credentialExport`, a
 * bundle carrying one) and let the monitor, `helper:run` or Claude Code run it later, or move a key
 * helper's base URL so the key it prints goes elsewhere (the renderer never knows that key, so
 * "type the key again", which guards stored keys, cannot apply).
 *
 * So every such change that arrives over IPC waits for the user's answer in a dialog the main
 * process owns (the ConfirmCommand port; Electron's dialog in main/electron/command-dialog.ts). A
 * flag from the renderer would not do: a compromised renderer can fake any flag. The CLI never
 * comes here: the user typed that command themselves.
 *
 * A profile's command and key destination are found by field (`command`, `credentialExport`,
 * `baseUrl`), not by kind, so a new provider with these fields is covered without an edit here.
 */
import { AppError } from '../../common/errors';
import { escapeForTerminal } from '../../common/terminal-text';

/** Why the user is asked. */
export type ConfirmWhy =
  /** A new profile (profiles:add) with a command. */
  | 'new-command'
  /** profiles:update with another command than the saved one. */
  | 'changed-command'
  /** bundle:import of a bundle carrying a command (after the window's "I trust this command"). */
  | 'bundle-command'
  /** profiles:update sending the key a command prints to another base URL. */
  | 'key-destination';

export interface CommandConfirmRequest {
  readonly profileName: string;
  /** The command in full, as it will be saved and run. */
  readonly command: string;
  readonly why: ConfirmWhy;
  /** Where the key the command prints goes, when not the default endpoint. */
  readonly baseUrl?: string;
  /** key-destination: where it went before (absent: the default endpoint). */
  readonly previousBaseUrl?: string;
}

/** Asks the user; true only for an explicit "Allow". Implemented by the main process, never the renderer. */
export type ConfirmCommand = (req: CommandConfirmRequest) => Promise<boolean>;

/** The fields of a profile this module reads (any kind; absent fields are simply absent). */
interface Fields {
  readonly name: string;
  readonly command?: string;
  readonly credentialExport?: string;
  readonly baseUrl?: string;
}

const COMMAND_FIELDS = ['command', 'credentialExport'] as const;
const commandOf = (p: Fields): string | undefined => COMMAND_FIELDS.map((f) => p[f]).find((c) => c !== undefined);
const normal = (u: string | undefined): string | undefined => u?.trim().replace(/\/+$/, '') || undefined;

/**
 * What to ask before saving `next` (over `before`, the saved profile, for an update), or nothing.
 * A new or changed command is asked about; so is a new base URL for the key a command prints.
 * Moving that key back to the default endpoint is not (it is where an Anthropic key belongs; the
 * same rule as assertKeyStaysHome in ipc-guards.ts).
 */
export function confirmationFor(
  before: Fields | undefined,
  next: Fields,
  via: 'add' | 'update' | 'bundle',
): CommandConfirmRequest | undefined {
  const command = commandOf(next);
  if (command === undefined) return undefined;
  const baseUrl = normal(next.baseUrl) === undefined ? {} : { baseUrl: next.baseUrl as string };
  const ask = (why: ConfirmWhy, extra: object = {}): CommandConfirmRequest => ({
    profileName: next.name,
    command,
    why,
    ...baseUrl,
    ...extra,
  });
  if (via === 'bundle') return ask('bundle-command');
  if (before === undefined) return ask('new-command');
  if (command !== commandOf(before)) return ask('changed-command');
  const to = normal(next.baseUrl);
  if (next.command !== undefined && to !== undefined && to !== normal(before.baseUrl))
    return ask('key-destination', before.baseUrl === undefined ? {} : { previousBaseUrl: before.baseUrl });
  return undefined;
}

/**
 * Asks the user when `confirmationFor` says so; throws `command-not-confirmed` (nothing saved) unless
 * they allow it. One question at a time: while a dialog is open, another request is refused, so a
 * flood of calls cannot queue dialogs until one is clicked through. Without a port (a caller that
 * cannot ask) the change is refused: the safe default.
 */
export class CommandGate {
  private open = false;

  constructor(private readonly confirm: ConfirmCommand | undefined) {}

  async check(before: Fields | undefined, next: Fields, via: 'add' | 'update' | 'bundle'): Promise<void> {
    const req = confirmationFor(before, next, via);
    if (req === undefined) return;
    const what = req.why === 'key-destination' ? 'the new base URL' : 'the command';
    if (this.confirm === undefined || this.open) throw notConfirmed(what);
    this.open = true;
    let allowed: boolean;
    try {
      allowed = (await this.confirm(req)) === true;
    } finally {
      this.open = false;
    }
    if (!allowed) throw notConfirmed(what);
  }
}

function notConfirmed(what: string): AppError {
  return new AppError({ kind: 'command-not-confirmed', message: `Nothing was saved: ${what} was not confirmed.` });
}

/** The dialog's words (pure; the Electron adapter only shows them). Outside text is made visible, never hidden. */
export function commandDialogText(req: CommandConfirmRequest): {
  readonly message: string;
  readonly detail: string;
  readonly allow: string;
} {
  const name = escapeForTerminal(req.profileName);
  const command = escapeForTerminal(req.command);
  const where = req.baseUrl === undefined ? 'the default Anthropic API' : escapeForTerminal(req.baseUrl);
  const runs =
    'Claude Auth Tray and Claude Code will run it on this computer, as you, whenever they need new credentials.';
  const message: Record<ConfirmWhy, string> = {
    'new-command': `Save a command that will run on this computer?`,
    'changed-command': `Change the command of “${name}”?`,
    'bundle-command': `Import a bundle that runs a command on this computer?`,
    'key-destination': `Send the key of “${name}” to another address?`,
  };
  const trust =
    req.why === 'bundle-command'
      ? 'Allow it only if you trust whoever sent the bundle.'
      : 'Allow it only if you typed it yourself or trust where it came from.';
  const body =
    req.why === 'key-destination'
      ? [
          `The key this command prints will be sent to: ${where}`,
          `(before: ${req.previousBaseUrl === undefined ? 'the default Anthropic API' : escapeForTerminal(req.previousBaseUrl)})`,
          `Command: ${command}`,
          'Allow it only if you set this address yourself.',
        ]
      : [
          `Command: ${command}`,
          ...(req.baseUrl === undefined ? [] : [`The key it prints goes to: ${where}`]),
          runs,
          trust,
        ];
  return { message: message[req.why], detail: [`Profile: ${name}`, ...body].join('\n\n'), allow: 'Allow' };
}
