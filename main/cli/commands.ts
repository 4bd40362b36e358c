import { didYouMean } from '../../common/did-you-mean';
import { PROFILE_KINDS, PROVIDER_LABEL, type ProfileKind } from '../../common/profile';
import { isAccountKind } from '../../common/providers/accounts';
import { fromFlat, needsSecret } from '../../common/providers';
import { describeClaudeAuth, findClaude } from '../core/claude-auth-status';
import { CLAUDE_NOT_INSTALLED, runRecordedCheck, untilEnded } from '../core/claude-check';
import { runDoctor } from '../core/doctor';
import { deleteOrphans } from '../core/keychain-orphans';
import { ProfileService } from '../core/profile-service';
import { assertNameFree, ProfileStore } from '../core/profile-store';
import { currentCliRuntime } from '../core/runtime';
import { assertKeyShape, secretLabel } from '../core/key-shape';
import { KeyringSecretStore } from '../core/vault';
import { flatFromOptions, optionError, optionsOf } from './add-options';
import { ACCOUNT_OPTIONS, COMMAND_NAMES, COMMAND_TABLE, type CommandName } from './command-table';
import { HELP } from './help';
import { readSecret } from './secret-input';
import { atMost, clean, EXIT, out, outJson, parse, reportError, str, UsageError, type Opts } from './output';
import { statusCommand, refreshCommand } from './status';
import { afterSwitch } from './use-switch';
import { APP_VERSION } from './version';

function service(): ProfileService {
  return new ProfileService(new KeyringSecretStore(), currentCliRuntime(__dirname));
}

function need(v: Opts, name: string): string {
  if (typeof v[name] === 'string' && v[name].trim() === '') throw new UsageError(`--${name} cannot be empty`);
  const s = str(v[name]);
  if (!s) throw new UsageError(`missing option --${name}`);
  return s;
}

async function addCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.add.options);
  if (v.help) return help('add');
  const kind = positionals[0];
  if (!kind) throw new UsageError(`missing <kind>: one of ${PROFILE_KINDS.join(', ')}`);
  if (!(PROFILE_KINDS as readonly string[]).includes(kind))
    throw new UsageError(
      `unknown kind "${kind}"${didYouMean(kind, PROFILE_KINDS) || `: one of ${PROFILE_KINDS.join(', ')}`}`,
    );
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const name = need(v, 'name');
  const allowed = [...optionsOf(kind as ProfileKind), ...(isAccountKind(kind) ? Object.keys(ACCOUNT_OPTIONS) : [])];
  for (const k of Object.keys(v)) {
    if (k !== 'name' && v[k] !== undefined && !allowed.includes(k)) {
      throw new UsageError(`option --${k} does not apply to ${kind} profiles`);
    }
  }
  if (isAccountKind(kind) && (v.login !== undefined || v['from-config-dir'] !== undefined)) {
    const { addAccountCommand } = await import('./accounts');
    out((await addAccountCommand(service(), name, v)).id);
    return EXIT.ok;
  }
  // The provider's fields and flags, then the one translator the window uses too.
  const input = fromFlat(flatFromOptions(kind as ProfileKind, name, v));
  const svc = service();
  // Validate everything before reading a secret, so a typo never consumes the key.
  try {
    // The name first: a taken one is refused before the key is asked for (it used to be after).
    assertNameFree(svc.profiles.load(), input.name);
    const { validateProfile } = await import('../core/profile-store');
    validateProfile({ ...input, id: 'x', createdAt: new Date().toISOString() });
  } catch (e) {
    throw optionError(e, '--name', v);
  }
  // The key: piped in with --key-stdin, or asked for with hidden input from a terminal (issue 17);
  // its shape is checked at once, before anything is stored (core's check, the window's too).
  const secret = needsSecret(input) ? await readSecret(Boolean(v['key-stdin']), secretLabel(input)) : undefined;
  if (secret !== undefined) assertKeyShape(input, secret);
  const profile = svc.add(input, secret);
  out(profile.id);
  return EXIT.ok;
}

function listCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.list.options);
  if (v.help) return help('list');
  atMost(positionals, 0);
  const f = service().list();
  if (v.json) {
    outJson({ activeProfileId: f.activeProfileId ?? null, profiles: f.profiles });
    return EXIT.ok;
  }
  if (f.profiles.length === 0) {
    out('No profiles yet. Add one with `claude-auth-tray add <kind> --name <name>` (see `add --help`).');
    return EXIT.ok;
  }
  for (const p of f.profiles) {
    out(`${p.id === f.activeProfileId ? '*' : ' '} ${clean(p.name)}  (${PROVIDER_LABEL[p.kind]})  id ${p.id}`);
  }
  return EXIT.ok;
}

/** `use --check`: ask Claude Code what it will use now, and warn about a mismatch. */
export async function claudeCheckLines(profileRef: string | undefined): Promise<string[]> {
  const { whoPaysMismatch } = await import('../core/usage/who-pays-check');
  // The switch happened (exit 0); only asking Claude Code could not (issue 17).
  if (!findClaude()) return [CLAUDE_NOT_INSTALLED];
  const checked = await runRecordedCheck(() => service().list().activeProfileId);
  const s = checked?.result;
  if (!s) return [];
  const f = service().list();
  const p = f.profiles.find((x) => x.id === (profileRef ?? f.activeProfileId));
  const m = whoPaysMismatch(p, s);
  return m
    ? [`Warning: ${clean(m.message)} ${m.fix}`]
    : [`Claude Code confirms it will use: ${clean(describeClaudeAuth(s))}.`];
}

async function useCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.use.options);
  if (v.help) return help('use');
  const ref = positionals[0];
  if (!ref) throw new UsageError('missing <name|id>');
  if (v.project) return (await import('./project')).useProject(service(), ref, positionals[1]);
  atMost(positionals, 1);
  const before = service().list();
  const r = service().activate(ref);
  const prev = before.profiles.find((p) => p.id === before.activeProfileId);
  return afterSwitch(r, (id) => (v.check ? claudeCheckLines(id) : undefined), prev);
}

/** The background half of `use`: asks Claude Code and records its verdict (not in --help). */
async function claudeCheckCommand(argv: readonly string[]): Promise<number> {
  const { values: v } = parse(argv, COMMAND_TABLE['claude-check'].options);
  // `use` starts the check before it switches (issue 16): it asks once that process has ended.
  if (v.after !== undefined) await untilEnded(Number(v.after));
  await runRecordedCheck(() => new ProfileStore().load().activeProfileId);
  return EXIT.ok;
}

async function removeCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.remove.options);
  if (v.help) return help('remove');
  const ref = positionals[0];
  if (!ref) throw new UsageError('missing <name|id>');
  atMost(positionals, 1);
  const { removeProfile } = await import('./accounts');
  await removeProfile(service(), ref, Boolean(v['keep-login']));
  return EXIT.ok;
}

async function doctorCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.doctor.options);
  if (v.help) return help('doctor');
  atMost(positionals, 0);
  const svc = service();
  if (v.fix) {
    // The safe fixes: every plaintext ANTHROPIC_API_KEY in a settings file moves into the keychain;
    // keychain items that no profile owns are deleted.
    const { fixPlaintextApiKey } = await import('../core/doctor-fix');
    for (const f of runDoctor().filter((x) => x.fixable && x.file)) {
      out(fixPlaintextApiKey(svc, process.env, process.cwd(), f.file!).message);
    }
    for (const line of deleteOrphans(svc.secrets, svc.list().profiles)) out(line);
  }
  const { doctorReport } = await import('../core/doctor-report');
  const findings = await doctorReport(svc.list(), svc.secrets, process.env, process.cwd(), (active) =>
    runDoctor(process.env, process.cwd(), active),
  );
  if (v.json) outJson({ findings });
  else if (findings.length === 0) out('No problems found.');
  else
    for (const f of findings)
      out(
        `${f.severity === 'error' ? 'ERROR' : 'warning'}: ${f.message}${f.hint ? ` [${f.hint}]` : ''}\n  fix: ${f.fix}`,
      );
  return findings.length === 0 ? EXIT.ok : EXIT.findings;
}

function help(topic: string): number {
  out(HELP[topic === 'ls' ? 'list' : topic] ?? HELP.main);
  return EXIT.ok;
}

/** What each command of the table runs (a key missing here or there is a type error). */
const COMMANDS: Readonly<Record<CommandName, (argv: readonly string[]) => number | Promise<number>>> = {
  add: addCommand,
  list: listCommand,
  ls: listCommand,
  edit: async (argv) => (await import('./edit')).editCommand(service(), argv),
  rename: async (argv) => (await import('./edit')).renameCommand(service(), argv),
  whoami: async (argv) => (await import('./whoami')).whoamiCommand(service(), argv),
  reset: async (argv) => (await import('./reset')).resetCommand(service(), argv),
  status: statusCommand,
  use: useCommand,
  remove: removeCommand,
  refresh: refreshCommand,
  run: async (argv) => (await import('./run')).runCommand(argv),
  // Claude Code's helper comes through its own bundle (index.ts); this is the same command.
  'api-key': async (argv) => (await import('./api-key')).run(['api-key', ...argv]),
  unpin: async (argv) => (await import('./project')).unpinCommand(argv),
  doctor: doctorCommand,
  'claude-check': claudeCheckCommand,
  team: async (argv) => (await import('./team')).teamCommand(argv),
  bundle: async (argv) => (await import('./team')).bundleCommand(argv),
  statusline: async (argv) => (await import('./statusline-switch')).statusLineSwitchCommand(service(), argv),
  version: versionCommand,
  completion: async (argv) => (await import('./completion')).completionCommand(argv),
  __complete: async (argv) => (await import('./completion')).completeCommand(argv),
};

function versionCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, {});
  if (v.help) return help('version');
  atMost(positionals, 0);
  out(APP_VERSION);
  return EXIT.ok;
}

export { COMMAND_NAMES };

/** Words people reach for, and the command they mean (`switch` → "did you mean use?"). */
const COMMAND_SYNONYMS: Readonly<Record<string, string>> = {
  switch: 'use',
  select: 'use',
  activate: 'use',
  delete: 'remove',
  rm: 'remove',
  info: 'status',
};

export async function run(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return help(rest[0] ?? 'main');
  const name = cmd === '--version' || cmd === '-v' ? 'version' : cmd;
  const fn = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
  if (!fn)
    return reportError(new UsageError(`unknown command "${cmd}"${didYouMean(cmd, COMMAND_NAMES, COMMAND_SYNONYMS)}`));
  try {
    return await fn(rest);
  } catch (e) {
    return reportError(e);
  }
}
