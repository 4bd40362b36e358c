/**
 * `claude-auth-tray completion bash|zsh|fish` prints a completion script (issue 17); the scripts ask
 * `claude-auth-tray __complete profiles` for the profile names at Tab time (read from profiles.json,
 * never the keychain).
 */
import { didYouMean } from '../../common/did-you-mean';
import { ProfileStore } from '../core/profile-store';
import { COMMAND_NAMES, COMMAND_TABLE, SHELLS, type CommandSpec, type OptionSpecs } from './command-table';
import { HELP } from './help';
import { atMost, clean, EXIT, out, parse, UsageError } from './output';

/** The table's visible commands (name, spec), and `help` (whose argument is a command). */
const SPECS: readonly (readonly [string, CommandSpec])[] = [
  ...Object.entries(COMMAND_TABLE as Record<string, CommandSpec>).filter(([, s]) => !s.hidden),
  [
    'help',
    {
      summary: "show a command's help",
      options: {},
      subs: Object.fromEntries(COMMAND_NAMES.filter((c) => c !== 'help').map((c) => [c, {}])),
    },
  ],
];
const WITH_PROFILE = SPECS.filter(([, s]) => s.profileArg).map(([c]) => c);
const words = (list: readonly string[]): string => list.join(' ');
/** `--json --check … --help`: a command's (or sub-command's) options as typed. */
const flags = (o: OptionSpecs): string[] => [...Object.keys(o), 'help'].map((k) => `--${k}`);
const subWords = (s: CommandSpec): string[] => Object.keys(s.subs ?? {});
/** Sub-commands that have options of their own (team invite, bundle import, …). */
const subOptions = (s: CommandSpec): [string, OptionSpecs][] =>
  Object.entries(s.subs ?? {}).filter(([, o]) => Object.keys(o).length > 0);

/**
 * Arguments that are paths, completed by the shell's own folder or file completion: option values
 * (`--project` is a flag whose optional folder follows it) and first arguments of a (sub-)command.
 */
const PATH_OPTIONS: Readonly<Record<string, 'dir' | 'file'>> = {
  project: 'dir',
  'from-config-dir': 'dir',
  csv: 'file',
  output: 'file',
};
const PATH_ARGS: Readonly<Record<string, 'dir' | 'file'>> = { unpin: 'dir', 'bundle import': 'file' };
/** Every spelling of the path options of a kind: `--csv`, and `-o` for `--output`. */
function pathFlags(kind: 'dir' | 'file'): string[] {
  const shorts = new Map<string, string>();
  for (const [, s] of SPECS) {
    for (const o of [s.options, ...Object.values(s.subs ?? {})])
      for (const [k, spec] of Object.entries(o)) if (spec.short) shorts.set(k, spec.short);
  }
  return Object.entries(PATH_OPTIONS)
    .filter(([, v]) => v === kind)
    .flatMap(([k]) => [`--${k}`, ...(shorts.has(k) ? [`-${shorts.get(k)}`] : [])]);
}

function bash(): string {
  const positional = SPECS.filter(([, s]) => s.subs)
    .filter(([c]) => c !== 'bundle')
    .map(
      ([c, s]) => `    ${c}) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W '${words(subWords(s))}' -- "$cur")) ;;`,
    )
    .join('\n');
  const options = SPECS.map(([c, s]) => {
    const nested = subOptions(s);
    if (nested.length === 0) return `      ${c}) opts='${words(flags(s.options))}' ;;`;
    const inner = nested.map(([w, o]) => `${w}) opts='${words(flags(o))}' ;; `).join('');
    return `      ${c}) case "$sub" in ${inner}*) opts='--help' ;; esac ;;`;
  }).join('\n');
  return `# bash completion for claude-auth-tray. Install:
#   claude-auth-tray completion bash > ~/.local/share/bash-completion/completions/claude-auth-tray
_claude_auth_tray() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd=\${COMP_WORDS[1]} sub=\${COMP_WORDS[2]} opts=
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W '${words(SPECS.map(([c]) => c))}' -- "$cur"))
    return 0
  fi
  if [[ $cur == -* ]]; then
    case "$cmd" in
${options}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  case "\${COMP_WORDS[COMP_CWORD-1]}" in
    ${pathFlags('dir').join('|')}) _claude_auth_tray_paths -d "$cur"; return 0 ;;
    ${pathFlags('file').join('|')}) _claude_auth_tray_paths -f "$cur"; return 0 ;;
  esac
  case "$cmd" in
    ${WITH_PROFILE.join('|')})
      [ "$COMP_CWORD" -eq 2 ] || return 0
      _claude_auth_tray_profiles "$cur" ;;
    bundle)
      if [ "$COMP_CWORD" -eq 3 ] && [ "$sub" = export ]; then _claude_auth_tray_profiles "$cur"
      elif [ "$COMP_CWORD" -eq 3 ] && [ "$sub" = import ]; then _claude_auth_tray_paths -${PATH_ARGS['bundle import'] === 'dir' ? 'd' : 'f'} "$cur"
      elif [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W '${words(subWords(COMMAND_TABLE.bundle))}' -- "$cur")); fi ;;
    unpin) [ "$COMP_CWORD" -eq 2 ] && _claude_auth_tray_paths -${PATH_ARGS.unpin === 'dir' ? 'd' : 'f'} "$cur" ;;
${positional}
  esac
  return 0
}
# Folders (-d) or files (-f), one per line (names may hold spaces), quoted by bash (-o filenames).
_claude_auth_tray_paths() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\\n'
  COMPREPLY=($(compgen "$1" -- "$2"))
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
  const positional = SPECS.filter(([c, s]) => s.subs && c !== 'bundle')
    .map(([c, s]) => `    ${c}) (( CURRENT == 3 )) && compadd -- ${words(subWords(s))} ;;`)
    .join('\n');
  const options = SPECS.map(([c, s]) => {
    const nested = subOptions(s);
    if (nested.length === 0) return `      ${c}) compadd -- ${words(flags(s.options))} ;;`;
    const inner = nested.map(([w, o]) => `${w}) compadd -- ${words(flags(o))} ;; `).join('');
    return `      ${c}) case $words[3] in ${inner}*) compadd -- --help ;; esac ;;`;
  }).join('\n');
  return `#compdef claude-auth-tray
# zsh completion for claude-auth-tray. Install (a folder in $fpath, before compinit):
#   claude-auth-tray completion zsh > "\${fpath[1]}/_claude-auth-tray"
_claude_auth_tray() {
  local -a names
  if (( CURRENT == 2 )); then
    compadd -- ${words(SPECS.map(([c]) => c))}
    return
  fi
  if [[ $words[CURRENT] == -* ]]; then
    case $words[2] in
${options}
    esac
    return
  fi
  case $words[CURRENT-1] in
    ${pathFlags('dir').join('|')}) _files -/; return ;;
    ${pathFlags('file').join('|')}) _files; return ;;
  esac
  case $words[2] in
    ${WITH_PROFILE.join('|')})
      (( CURRENT == 3 )) || return
      names=("\${(@f)$(claude-auth-tray __complete profiles 2>/dev/null)}")
      compadd -- \${names:#} ;;
    bundle)
      if (( CURRENT == 3 )); then compadd -- ${words(subWords(COMMAND_TABLE.bundle))}
      elif (( CURRENT == 4 )) && [[ $words[3] == export ]]; then
        names=("\${(@f)$(claude-auth-tray __complete profiles 2>/dev/null)}")
        compadd -- \${names:#}
      elif (( CURRENT == 4 )) && [[ $words[3] == import ]]; then _files${PATH_ARGS['bundle import'] === 'dir' ? ' -/' : ''}
      fi ;;
    unpin) (( CURRENT == 3 )) && _files${PATH_ARGS.unpin === 'dir' ? ' -/' : ''} ;;
${positional}
  esac
}
if [[ $funcstack[1] == _claude-auth-tray ]]; then
  _claude_auth_tray "$@"
elif (( $+functions[compdef] )); then
  compdef _claude_auth_tray claude-auth-tray
fi
`;
}

/** fish's `-l name [-s x] [-r]` for each option. */
const fishOptions = (o: OptionSpecs): string[] =>
  [...Object.entries(o), ['help', { type: 'boolean', short: 'h' }] as const].map(
    ([k, spec]) => `-l ${k}${spec.short ? ` -s ${spec.short}` : ''}${spec.type === 'string' ? ' -r' : ''}`,
  );

/** fish: folders only, or files (with folders to walk into). */
const fishPaths = (kind: 'dir' | 'file'): string =>
  kind === 'dir' ? "-a '(__fish_complete_directories (commandline -ct))'" : '-F';

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
    '# The command line starts with these words (the subcommand, then maybe its sub-command).',
    'function __claude_auth_tray_in',
    '    set -l tokens (commandline -opc)',
    '    test (count $tokens) -gt (count $argv); or return 1',
    '    for i in (seq (count $argv))',
    '        set -l j (math $i + 1)',
    '        test "$tokens[$j]" = "$argv[$i]"; or return 1',
    '    end',
    'end',
    '# The word before the one being typed is one of these (an option whose value is a path).',
    'function __claude_auth_tray_after',
    '    set -l tokens (commandline -opc)',
    '    contains -- $tokens[-1] $argv',
    'end',
    `${c} -f`,
    ...Object.entries(PATH_ARGS).map(([at, kind]) => `${c} -n '__claude_auth_tray_at ${at}' ${fishPaths(kind)}`),
    ...(['dir', 'file'] as const).map(
      (kind) => `${c} -n '__claude_auth_tray_after ${pathFlags(kind).join(' ')}' ${fishPaths(kind)}`,
    ),
    ...SPECS.map(([cmd, s]) => `${c} -n '__claude_auth_tray_at' -a ${cmd} -d '${s.summary.replace(/'/g, "\\'")}'`),
    `${c} -n '__claude_auth_tray_at ${WITH_PROFILE.join(',')}' -a '(claude-auth-tray __complete profiles 2>/dev/null)'`,
    `${c} -n '__claude_auth_tray_at bundle export' -a '(claude-auth-tray __complete profiles 2>/dev/null)'`,
    ...SPECS.filter(([, s]) => s.subs).map(
      ([cmd, s]) => `${c} -n '__claude_auth_tray_at ${cmd}' -a '${words(subWords(s))}'`,
    ),
    ...SPECS.flatMap(([cmd, s]) => [
      ...(subOptions(s).length === 0
        ? fishOptions(s.options).map((o) => `${c} -n '__claude_auth_tray_in ${cmd}' ${o}`)
        : []),
      ...subOptions(s).flatMap(([w, o]) =>
        fishOptions(o).map((x) => `${c} -n '__claude_auth_tray_in ${cmd} ${w}' ${x}`),
      ),
    ]),
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
