import { PROFILE_KINDS } from '../../common/profile-kinds';
import { providerOf, shareableNames } from '../../common/providers';

/** Each kind's lines of `add --help`, from the provider registry. */
const KIND_USAGE = PROFILE_KINDS.flatMap((k) => providerOf(k).cli.usage)
  .map((l) => `  ${l}`)
  .join('\n');

export const EXIT_CODES = `Exit codes (every command, every refusal):
  0    success, or a preview that changed nothing (bundle import, reset without --yes)
  1    the operation failed or was refused: a consent not given, a declined prompt (the reason
       is on stderr)
  2    bad usage: unknown or missing option, stray argument, a value that does not look like one
       (a key, an AWS region)
  3    the OS keychain is unavailable, locked or refused access
  4    doctor found problems
  127  run: the command is not on your PATH (claude: install Claude Code)
  130  stopped with Ctrl-C at a prompt; nothing was changed`;

export const HELP: Readonly<Record<string, string>> = {
  main: `Usage: claude-auth-tray <command> [options]

Manages how Claude Code authenticates: profiles whose secrets live in the OS keychain, and one
command to switch Claude Code between them.

Commands:
  add <kind> --name <name> [options]   add a profile; prints its id
  list [--json]                        list profiles (also: ls)
  status [--json]                      active profile, each profile's state, warnings
  whoami [--check] [--json]            what Claude Code will use in this folder, and why
  use <name|id> [--check] [--project [dir]]
                                       make a profile Claude Code's credential (or one project's)
  unpin [dir]                          remove a project's pin (the keys this app wrote there)
  run <name|id> -- <command …>         run one command with a profile; no file changes
  edit <name|id> [--<option> …]        change a profile's settings, name or key
  rename <name|id> <new name>          rename a profile (id, key and pins kept)
  remove <name|id>                     remove a profile and its keychain item
  refresh [<name|id>]                  refresh or check a profile now
  api-key [--profile <id>]             print a profile's key (Claude Code's apiKeyHelper)
  doctor [--fix] [--json]              find plaintext keys, keys that beat the helper, orphaned items
  team invite|invites|members|spend    invite people, list/revoke invites, members/roles, spend
  bundle export|import                 share a ${shareableNames('/')} setup without secrets
  statusline on|off|status             Claude Code's status line: who pays, subscription limits
  reset [--yes]                        remove every key this app wrote to Claude Code's files
  completion bash|zsh|fish             print a shell completion script (profile names included)
  version, --version                   print the version

Run \`claude-auth-tray <command> --help\` for a command's options.

${EXIT_CODES}`,
  statusline: `Usage: claude-auth-tray statusline on|off|status [--json]

on      Claude Code's status line shows who pays for the session (profile, "subscription" or
        "API key (billed per token)") and the 5-hour and weekly limits, and records that use for
        the tray. A status line of your own keeps running next to ours, at the same time, with
        the same input; its output comes first.
off     gives your own status line back, byte for byte (or none, if you had none).
status  whether it is on, and the status line of yours that it wraps.

Claude Code itself runs \`claude-auth-tray statusline\`; with a line of yours, a short sh line that
starts yours and \`claude-auth-tray statusline --wrapped\` together (Windows: \`--wrap-b64 <yours>\`).

${EXIT_CODES}`,
  add: `Usage: claude-auth-tray add <kind> --name <name> [options]

Kinds and their options:
${KIND_USAGE}

A secret is never taken from the command line. From a terminal it is asked for, with hidden input:
  claude-auth-tray add anthropic-api-key --name Work
  API key (input hidden):
In a script, pipe it in with --key-stdin (without it, a command that is not run from a terminal
stops with a usage error instead of waiting for a prompt nobody sees):
  printf %s "$KEY" | claude-auth-tray add anthropic-api-key --name Work --key-stdin
A key must look like one (an Anthropic API key starts with sk-ant-, an Admin key with
sk-ant-admin; every key is one token of at least 16 printable characters) and an AWS region like
one (us-east-1); the value is never printed back.
Prints the new profile's id.

${EXIT_CODES}`,
  edit: `Usage: claude-auth-tray edit <name|id> [--name <new name>] [--<option> <value> …] [--key-stdin]

Changes a profile. The options are those of \`add <kind>\` for its kind (see \`add --help\`); an
empty value ("") clears an optional one. --key-stdin replaces its key (asked for with hidden input
from a terminal, else read from standard input). The id, the keychain item and project pins are
kept; an active or pinned profile's keys in Claude Code's settings are written again. The auth mode
is chosen when adding: to change it, add a new profile. Names follow add's rules: unique (ignoring
case), no control characters.

${EXIT_CODES}`,
  rename: `Usage: claude-auth-tray rename <name|id> <new name>

Renames a profile; its id, keychain item and project pins are kept. The new name must be free
(ignoring case) and have no control characters.

${EXIT_CODES}`,
  whoami: `Usage: claude-auth-tray whoami [--check] [--json]

What Claude Code will use in this folder, and why: the profile this app set up here (a project pin,
from the folder's .claude/settings.local.json, beats the active profile in your settings.json), the
exported variables that beat it (CLAUDE_CODE_USE_*, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY,
CLAUDE_CODE_OAUTH_TOKEN, unless a settings file sets them), and what Claude Code itself said
(\`claude auth status\`, recorded by \`use\` and \`status\`). --check asks Claude Code now; when
Claude Code is not installed it says so (exit code 0: the answer from the files still stands).

${EXIT_CODES}`,
  reset: `Usage: claude-auth-tray reset [--yes] [--json]

Removes every key this app wrote to Claude Code's files, so Claude Code works without the app: the
keys in your settings.json (apiKeyHelper, env entries, the status line — your own status line comes
back as it was), every project pin's keys in <dir>/.claude/settings.local.json, and the active
profile. Your own keys stay, byte for byte. Shows what it will do first and asks; --yes does it
without asking (scripts). Lists what stays — this app's keychain items and its data folder — with
the commands that remove them.

${EXIT_CODES}`,
  list: `Usage: claude-auth-tray list [--json]

Lists profiles; * marks the active one. \`ls\` is the same command.

${EXIT_CODES}`,
  status: `Usage: claude-auth-tray status [--json]

Shows the active profile, each profile's state and warnings (plaintext keys, exported keys that
beat the helper), which profile applies in this folder and from which file (a project pin or the
user's settings.json), and the other project pins.

${EXIT_CODES}`,
  use: `Usage: claude-auth-tray use <name|id> [--check] [--project [dir]]

Writes the profile's settings into Claude Code's user settings.json (only the keys this app owns;
everything else is kept byte for byte; the original is backed up before the first write).

Then asks Claude Code (\`claude auth status\`) what it will use, in the background: \`status\` and
the tray show its answer, and warn when something else (e.g. an exported ANTHROPIC_API_KEY) wins.
--check waits for that answer and prints it here (when Claude Code is not installed it says so;
the exit code is still 0, as the switch happened).

--project [dir] (default: this folder) pins the profile to one project instead: the same keys go
into <dir>/.claude/settings.local.json, which Claude Code keeps out of git and reads above the
user's settings.json, plus empty values that cancel what another profile may have written in the
user's file (apiKeyHelper "", CLAUDE_CODE_USE_* ""). A profile whose keys include a secret is
refused when git tracks that file. \`unpin [dir]\` removes the pin; \`status\` in a folder says
which profile applies there and from which file.

A Claude.ai account and an API-key (or cloud) profile cannot both be active in one file: the one
you switch to replaces the other. In Claude Code an API key, a key helper or a cloud provider beats
a Claude.ai login, so the last switch decides, and the account's login stays where it is.

${EXIT_CODES}`,
  run: `Usage: claude-auth-tray run <name|id> [--quiet] -- <command> [args…]

Runs one command with a profile and changes no file (like aws-vault exec):
  claude …      gets the profile through --settings <json> (above user and project settings);
                nothing secret is put in its environment: an API key still comes from this app's
                apiKeyHelper, and a Claude.ai account is its CLAUDE_SECURESTORAGE_CONFIG_DIR.
  anything else gets the environment the profile implies: ANTHROPIC_API_KEY (the key itself) for a
                key or helper profile, CLAUDE_CODE_USE_BEDROCK/AWS_REGION/… for a cloud profile,
                CLAUDE_SECURESTORAGE_CONFIG_DIR for a Claude.ai account.
Exported ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and CLAUDE_CODE_OAUTH_TOKEN are removed from the
command's environment (they would beat the profile).
Caveats: a program that starts \`claude\` itself passes on the environment, but the user's
settings.json "env" beats an exported variable in Claude Code — run \`run <p> -- claude …\`
directly for Claude Code. Your own --settings cannot be combined with run's. A key in the
environment is visible to that process and its children (as with aws-vault). The exit code is the
command's.

${EXIT_CODES}`,
  remove: `Usage: claude-auth-tray remove <name|id> [--keep-login]

Removes the profile's keychain item, checks that it is gone, and only then the profile. Removing
the active profile also removes the keys this app wrote to Claude Code's settings. With the keychain
locked or unavailable nothing is removed (exit 3): unlock or start your keyring and run it again.
Safe to repeat: for an id with no profile, a keychain item left under it is deleted; "already
removed" means neither is left. A name with no profile is an error (exit 1), with the closest name.

A Claude.ai account in a folder this app created is signed out first (\`claude auth logout\`, run
by Claude Code for that folder; --keep-login skips it and keeps the folder). A folder you adopted
with --from-config-dir is yours: its login is kept (sign it out yourself with
\`CLAUDE_CONFIG_DIR=<folder> claude auth logout\`), and the default account's login is Claude
Code's own; neither is signed out from here. Its project pins are removed too.

${EXIT_CODES}`,
  refresh: `Usage: claude-auth-tray refresh [<name|id>] [--json]

Refreshes a profile now (default: the active profile) and prints the outcome:
  api-key-helper      runs the helper command and stores the new key in the keychain
  anthropic-api-key   checks the key against the API (GET /v1/models)
  gateway             checks the token against the gateway (GET /v1/models; a gateway without it
                      leaves the token unchecked)
  vertex              asks Google for a token with your Application Default Credentials
  bedrock + command   runs its awsCredentialExport, or its AWS profile's credential_process, and reads
                      the expiry (the keys it prints are dropped at once); claude-platform-aws too
  others              read from their credential files (Claude Code's login, the AWS SSO cache)
Exits 1 when the profile is invalid, expired or in error (the line says what to do).

${EXIT_CODES}`,
  team: `Usage:
  claude-auth-tray team invite --role <role> <email…> [--dry-run] [--profile <admin>] [--json]
  claude-auth-tray team invite --csv <file> [--role <default role>] [--dry-run] [--json]
  claude-auth-tray team invites [--revoke <invite-id>] [--json]
  claude-auth-tray team members [--set-role <user-id> --role <role>] [--json]
  claude-auth-tray team spend [--refresh] [--profile <admin>] [--json]

Uses an Admin-key profile (add anthropic-admin-key). Roles: claude_code_user ("Claude Code"),
developer, user, billing. "admin" cannot be given through the API: use the Console.
People who are already members or have a pending invite are skipped. A CSV has one
"email[,role]" per line (an "email,role" header is fine); every line is checked before anything
is sent. Rate limits (429) are waited out as the API asks (Retry-After).
spend: the organisation's cost today and this month (UTC) from the cost report, fetched at most
hourly (--refresh fetches now); API-key profiles of that organisation show it in the tray.

${EXIT_CODES}`,
  bundle: `Usage:
  claude-auth-tray bundle export <profile> [-o <file>]
  claude-auth-tray bundle import <file> [--name <name>] [--yes] [--allow-command]

A bundle shares a ${shareableNames('or')} setup: the profile's settings, the
managed-settings.json fragment an admin can deploy through MDM, and the steps each person runs to
get cloud credentials. It never contains a secret. Import first shows what \`use\` will write for the
profile it stores (every key and value, the hosts Claude Code sends requests to, every command in
full with control characters shown as \\x1b); --yes adds it. A bundle whose managedSettings says
something else than its profile is refused (exit 1) and nothing is imported.
A bundle with a command (a Bedrock awsCredentialExport) also needs --allow-command: importing it
means Claude Code and this app will run that command on your computer.

${EXIT_CODES}`,
  unpin: `Usage: claude-auth-tray unpin [dir]

Removes the pin of a project (default: this folder) that \`use <name|id> --project [dir]\` made:
the keys this app wrote into <dir>/.claude/settings.local.json go (your own keys there stay, byte
for byte), and that file and its .claude folder are deleted again if this app created them and they
hold nothing else. New Claude Code sessions started there then use your user settings.json.
Exits 1 when the folder is not pinned.

${EXIT_CODES}`,
  // api-key.ts (its own small bundle) prints the same text; \`help api-key\` prints this copy.
  'api-key': `Usage: claude-auth-tray api-key [--profile <id>]

Prints the key of the profile (default: the active one) and a newline; nothing else.
Claude Code runs this as its apiKeyHelper.

Exit codes: 0 key printed; 1 no key (reason on stderr); 2 bad usage; 3 keychain unavailable or locked
(a helper profile: its key is then still printed, with a note on stderr that it is not cached).`,
  version: `Usage: claude-auth-tray version

Prints the app's version (also \`claude-auth-tray --version\` or \`-v\`).

${EXIT_CODES}`,
  completion: `Usage: claude-auth-tray completion bash|zsh|fish

Prints a shell completion script: subcommands, kinds, options, your profile names (read from
profiles.json when you press Tab; never a secret), and folders or files where a command takes one
(unpin, use --project, bundle import, --csv, -o).
  bash   mkdir -p ~/.local/share/bash-completion/completions
         claude-auth-tray completion bash > ~/.local/share/bash-completion/completions/claude-auth-tray
  zsh    claude-auth-tray completion zsh > "\${fpath[1]}/_claude-auth-tray"   (then restart zsh)
  fish   mkdir -p ~/.config/fish/completions
         claude-auth-tray completion fish > ~/.config/fish/completions/claude-auth-tray.fish

${EXIT_CODES}`,
  doctor: `Usage: claude-auth-tray doctor [--fix] [--json]

Looks for ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, AWS_BEARER_TOKEN_BEDROCK and
ANTHROPIC_FOUNDRY_API_KEY in Claude Code's settings files (user, project, local) and in the
environment, for settings files with secrets that git tracks, for keychain items of this app
that no profile owns (listed by account, never by secret), and for profile keys missing from the
keychain.

--fix moves every plaintext ANTHROPIC_API_KEY found in a settings file into the keychain as a new
profile and removes the plaintext copy (the file is backed up first, without the key). A key from
your user settings.json makes that profile active; a key from this project's .claude/settings.json
or settings.local.json pins that profile to this project only (as \`use --project\`: its
settings.local.json gets the apiKeyHelper command, never the key), so your active profile stays as
it is elsewhere; a project pinned already keeps its pin. --fix also deletes keychain items that no
profile owns. Keys exported in your shell cannot be fixed from here: the message says what to do.

${EXIT_CODES}`,
};
