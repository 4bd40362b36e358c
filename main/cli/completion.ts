/**
 * `claude-auth-tray completion bash|zsh|fish` prints a completion script (issue 17); the scripts ask
 * `claude-auth-tray __complete profiles` for the profile names at Tab time (read from profiles.json,
 * never the keychain).
 */
import { didYouMean } from '../../common/did-you-mean';
import { PROFILE_KINDS } from '../../common/profile';
import { ProfileStore } from '../core/profile-store';
import { HELP } from './help';
import { atMost, clean, EXIT, out, parse, UsageError } from './output';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Subcommands with a one-line description (fish shows it); `help` and `version` too. */
const COMMANDS: readonly (readonly [string, string])[] = [
  ['add', 'add a profile'],
  ['list', 'list profiles'],
  ['ls', 'list profiles'],
  ['status', 'active profile, states, warnings'],
  ['whoami', 'what Claude Code will use here, and why'],
  ['use', "make a profile Claude Code's credential"],
  ['edit', "change a profile's settings or key"],
  ['rename', 'rename a profile'],
  ['remove', 'remove a profile and its keychain item'],
  ['refresh', 'refresh or check a profile now'],
  ['api-key', "print a profile's key (apiKeyHelper)"],
  ['doctor', 'find plaintext keys and other problems'],
  ['team', 'invite people, list invites and members'],
  ['bundle', 'share a Bedrock/Vertex/Foundry setup'],
  ['statusline', "Claude Code's status line: who pays, limits"],
  ['reset', "remove every key this app wrote to Claude Code's files"],
  ['completion', 'print a shell completion script'],
  ['version', 'print the version'],
  ['help', "show a command's help"],
];
const WITH_PROFILE = ['use', 'edit', 'rename', 'remove', 'refresh'];
const SUB: Readonly<Record<string, readonly string[]>> = {
  add: PROFILE_KINDS,
  team: ['invite', 'invites', 'members', 'spend'],
  statusline: ['on', 'off', 'status'],
  bundle: ['export', 'import'],
  completion: SHELLS,
  help: COMMANDS.map(([c]) => c).filter((c) => c !== 'help'),
};

const words = (list: readonly string[]): string => list.join(' ');

function bash(): string {
  const cases = Object.entries(SUB)
    .map(([c, list]) => `    ${c}) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W '${words(list)}' -- "$cur")) ;;`)
    .join('\n');
  return `# bash completion for claude-auth-tray. Install:
#   claude-auth-tray completion bash > ~/.local/share/bash-completion/completions/claude-auth-tray
_claude_auth_tray() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd=\${COMP_WORDS[1]}
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W '${words(COMMANDS.map(([c]) => c))}' -- "$cur"))
    return 0
  fi
  case "$cmd" in
    ${WITH_PROFILE.join('|')})
      [ "$COMP_CWORD" -eq 2 ] || return 0
      _claude_auth_tray_profiles "$cur" ;;
    bundle)
      if [ "$COMP_CWORD" -eq 3 ] && [ "\${COMP_WORDS[2]}" = export ]; then _claude_auth_tray_profiles "$cur"
      elif [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W '${words(SUB.bundle!)}' -- "$cur")); fi ;;
${cases.replace(/^ {4}bundle\).*\n?/m, '')}
  esac
  return 0
}
# Profile names (they may hold spaces), quoted for the command line.
_claude_auth_tray_profiles() {
  local typed=\${1//\\\\ / } name
  while IFS= read -r name; do
    [ -n "$name" ] && [[ $name == "$typed"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
  done < <(claude-auth-tray __complete profiles 2>/dev/null)
}
complete -F _claude_auth_tray claude-auth-tray
`;
}

function zsh(): string {
  const cases = Object.entries(SUB)
    .filter(([c]) => c !== 'bundle')
    .map(([c, list]) => `    ${c}) (( CURRENT == 3 )) && compadd -- ${words(list)} ;;`)
    .join('\n');
  return `#compdef claude-auth-tray
# zsh completion for claude-auth-tray. Install (a folder in $fpath, before compinit):
#   claude-auth-tray completion zsh > "\${fpath[1]}/_claude-auth-tray"
_claude_auth_tray() {
  local -a names
  if (( CURRENT == 2 )); then
    compadd -- ${words(COMMANDS.map(([c]) => c))}
    return
  fi
  case $words[2] in
    ${WITH_PROFILE.join('|')})
      (( CURRENT == 3 )) || return
      names=("\${(@f)$(claude-auth-tray __complete profiles 2>/dev/null)}")
      compadd -- \${names:#} ;;
    bundle)
      if (( CURRENT == 3 )); then compadd -- ${words(SUB.bundle!)}
      elif (( CURRENT == 4 )) && [[ $words[3] == export ]]; then
        names=("\${(@f)$(claude-auth-tray __complete profiles 2>/dev/null)}")
        compadd -- \${names:#}
      fi ;;
${cases}
  esac
}
if [[ $funcstack[1] == _claude-auth-tray ]]; then
  _claude_auth_tray "$@"
elif (( $+functions[compdef] )); then
  compdef _claude_auth_tray claude-auth-tray
fi
`;
}

function fish(): string {
  const c = 'complete -c claude-auth-tray';
  const lines = [
    '# fish completion for claude-auth-tray. Install:',
    '#   claude-auth-tray completion fish > ~/.config/fish/completions/claude-auth-tray.fish',
    '# The argument at position n (1 = the subcommand) is being typed and the earlier ones are $argv.',
    'function __claude_auth_tray_at',
    '    set -l tokens (commandline -opc)',
    '    test (count $tokens) -eq (math (count $argv) + 1); or return 1',
    '    for i in (seq (count $argv))',
    '        contains -- $tokens[(math $i + 1)] (string split , -- $argv[$i]); or return 1',
    '    end',
    'end',
    `${c} -f`,
    ...COMMANDS.map(([cmd, d]) => `${c} -n '__claude_auth_tray_at' -a ${cmd} -d '${d.replace(/'/g, "\\'")}'`),
    `${c} -n '__claude_auth_tray_at ${WITH_PROFILE.join(',')}' -a '(claude-auth-tray __complete profiles 2>/dev/null)'`,
    `${c} -n '__claude_auth_tray_at bundle export' -a '(claude-auth-tray __complete profiles 2>/dev/null)'`,
    ...Object.entries(SUB).map(([cmd, list]) => `${c} -n '__claude_auth_tray_at ${cmd}' -a '${words(list)}'`),
  ];
  return `${lines.join('\n')}\n`;
}

export function completionCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, {});
  const shell = positionals[0];
  if (v.help) {
    out(HELP.completion!);
    return EXIT.ok;
  }
  if (!shell) throw new UsageError(`missing <shell>: one of ${SHELLS.join(', ')}`);
  atMost(positionals, 1);
  if (shell === 'bash') process.stdout.write(bash());
  else if (shell === 'zsh') process.stdout.write(zsh());
  else if (shell === 'fish') process.stdout.write(fish());
  else throw new UsageError(`unknown shell "${shell}"${didYouMean(shell, SHELLS) || `: one of ${SHELLS.join(', ')}`}`);
  return EXIT.ok;
}

/** Hidden: `__complete profiles` prints the profile names, one a line, for the scripts above. */
export function completeCommand(argv: readonly string[]): number {
  if (argv[0] !== 'profiles' || argv.length > 1) throw new UsageError('usage: __complete profiles');
  for (const p of new ProfileStore().load().profiles) out(clean(p.name));
  return EXIT.ok;
}
