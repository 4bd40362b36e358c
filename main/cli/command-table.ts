/**
 * The one table of the CLI's commands (issue 17): each command's one-line summary, its options (the
 * node:util parseArgs descriptors the command parses with) and its arguments. `commands.ts` runs a
 * function for every key, "did you mean" offers the keys, and the completion scripts complete the
 * commands, their options and profile names from it — so a new command or option is in all of them.
 */
import { PROFILE_KINDS } from '../../common/profile-kinds';
import { ADD_OPTIONS } from './add-options';

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  readonly summary: string;
  readonly options: OptionSpecs;
  /** Its first argument is a profile (completed with the profile names). */
  readonly profileArg?: boolean;
  /** Words for its first argument (a sub-command or kind), each with its own options if it has any. */
  readonly subs?: Readonly<Record<string, OptionSpecs>>;
  /** Not offered by "did you mean", help or completion (internal plumbing). */
  readonly hidden?: boolean;
}

const json = { json: { type: 'boolean' } } as const;
/** `add claude-ai` options that run Claude Code (main/cli/accounts.ts). */
export const ACCOUNT_OPTIONS = { login: { type: 'boolean' }, 'from-config-dir': { type: 'string' } } as const;
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
const none = (words: readonly string[]): Record<string, OptionSpecs> => Object.fromEntries(words.map((w) => [w, {}]));

export const TEAM_OPTIONS = {
  invite: {
    role: { type: 'string' },
    csv: { type: 'string' },
    'dry-run': { type: 'boolean' },
    profile: { type: 'string' },
    ...json,
  },
  invites: { revoke: { type: 'string' }, profile: { type: 'string' }, ...json },
  members: { 'set-role': { type: 'string' }, role: { type: 'string' }, profile: { type: 'string' }, ...json },
  spend: { profile: { type: 'string' }, refresh: { type: 'boolean' }, ...json },
} as const satisfies Record<string, OptionSpecs>;

export const BUNDLE_OPTIONS = {
  export: { output: { type: 'string', short: 'o' } },
  import: { name: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, 'allow-command': { type: 'boolean' } },
} as const satisfies Record<string, OptionSpecs>;

export const COMMAND_TABLE = {
  add: {
    summary: 'add a profile',
    options: { ...ADD_OPTIONS, ...ACCOUNT_OPTIONS },
    subs: none(PROFILE_KINDS),
  },
  list: { summary: 'list profiles', options: json },
  ls: { summary: 'list profiles', options: json },
  status: { summary: 'active profile, states, warnings', options: json },
  whoami: { summary: 'what Claude Code will use here, and why', options: { ...json, check: { type: 'boolean' } } },
  use: {
    summary: "make a profile Claude Code's credential",
    options: { project: { type: 'boolean' }, check: { type: 'boolean' } },
    profileArg: true,
  },
  unpin: { summary: "remove a project's pin", options: {} },
  run: {
    summary: 'run one command with a profile',
    options: { quiet: { type: 'boolean', short: 'q' } },
    profileArg: true,
  },
  edit: { summary: "change a profile's settings or key", options: ADD_OPTIONS, profileArg: true },
  rename: { summary: 'rename a profile', options: {}, profileArg: true },
  remove: { summary: 'remove a profile', options: { 'keep-login': { type: 'boolean' } }, profileArg: true },
  refresh: { summary: 'refresh or check a profile now', options: json, profileArg: true },
  'api-key': { summary: "print a profile's key (apiKeyHelper)", options: { profile: { type: 'string' } } },
  doctor: { summary: 'find plaintext keys and other problems', options: { ...json, fix: { type: 'boolean' } } },
  team: { summary: 'invite people, list invites and members, spend', options: {}, subs: TEAM_OPTIONS },
  bundle: { summary: 'share a Bedrock/Vertex/Foundry setup', options: {}, subs: BUNDLE_OPTIONS },
  statusline: {
    summary: "Claude Code's status line: who pays, limits",
    options: json,
    subs: none(['on', 'off', 'status']),
  },
  reset: {
    summary: "remove every key this app wrote to Claude Code's files",
    options: { yes: { type: 'boolean', short: 'y' }, ...json },
  },
  completion: { summary: 'print a shell completion script', options: {}, subs: none(SHELLS) },
  version: { summary: 'print the version', options: {} },
  'claude-check': { summary: '', options: { after: { type: 'string' } }, hidden: true },
  __complete: { summary: '', options: {}, hidden: true },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_TABLE;

/** The commands a user types (not the hidden ones), and `help`. */
export const COMMAND_NAMES: readonly string[] = [
  ...Object.entries(COMMAND_TABLE as Record<string, CommandSpec>)
    .filter(([, s]) => !s.hidden)
    .map(([n]) => n),
  'help',
];
