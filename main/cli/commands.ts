import { didYouMean } from '../../common/did-you-mean';
import { AppError } from '../../common/errors';
import { PROFILE_KINDS, PROVIDER_LABEL, type ProfileKind } from '../../common/profile';
import { isAccountKind } from '../../common/providers/accounts';
import { fromFlat, providerOf } from '../../common/providers';
import { runRecordedCheck } from '../core/claude-check';
import { runDoctor } from '../core/doctor';
import { deleteOrphans, keychainFindings } from '../core/keychain-orphans';
import { ProfileService } from '../core/profile-service';
import { ProfileStore } from '../core/profile-store';
import { currentCliRuntime } from '../core/runtime';
import { parseSecretInput } from '../core/secret-text';
import { KeyringSecretStore } from '../core/vault';
import { ADD_OPTIONS, FIELD_TO_OPTION, flatFromOptions, optionsOf } from './add-options';
import { HELP } from './help';
import { atMost, clean, EXIT, out, outJson, parse, reportError, str, UsageError, type Opts } from './output';
import { statusCommand, refreshCommand } from './status';
import { afterSwitch } from './use';
import { APP_VERSION } from './version';

/** `add claude-ai` options that run Claude Code (main/cli/accounts.ts). */
const ACCOUNT_OPTIONS = { login: { type: 'boolean' }, 'from-config-dir': { type: 'string' } } as const;

function service(): ProfileService {
  return new ProfileService(new KeyringSecretStore(), currentCliRuntime(__dirname));
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--key-stdin reads the key from standard input; pipe it in');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function need(v: Opts, name: string): string {
  const s = str(v[name]);
  if (!s) throw new UsageError(`missing option --${name}`);
  return s;
}

async function addCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { ...ADD_OPTIONS, ...ACCOUNT_OPTIONS });
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
    svc.profiles.load();
    const { validateProfile } = await import('../core/profile-store');
    validateProfile({ ...input, id: 'x', createdAt: new Date().toISOString() });
  } catch (e) {
    throw optionError(e);
  }
  const secret = v['key-stdin'] ? parseSecretInput(await readStdin()) : undefined;
  const prefix = providerOf(input.kind).secretPrefix;
  if (prefix && secret && !secret.startsWith(prefix.prefix)) throw new UsageError(prefix.otherwise);
  const profile = svc.add(input, secret);
  out(profile.id);
  return EXIT.ok;
}

/** Turns a schema error into a usage error that names the option. */
function optionError(e: unknown): unknown {
  if (e instanceof AppError && e.kind === 'invalid-argument') {
    const m = /^Invalid profile: ([^:]+): (.*)\.$/.exec(e.message);
    const field = m?.[1]?.split('.').at(-1) ?? '';
    const option = FIELD_TO_OPTION[field];
    if (option) return new UsageError(`invalid value for ${option}: ${m?.[2] ?? 'invalid'}`);
  }
  return e;
}

function listCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, { json: { type: 'boolean' } });
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
  const checked = await runRecordedCheck(() => service().list().activeProfileId);
  const s = checked?.result;
  if (!s) return [];
  const f = service().list();
  const p = f.profiles.find((x) => x.id === (profileRef ?? f.activeProfileId));
  const m = whoPaysMismatch(p, s);
  return m
    ? [`Warning: ${clean(m.message)} ${m.fix}`]
    : [`Claude Code confirms: ${clean([s.authMethod, s.apiProvider, s.apiKeySource].filter(Boolean).join(', '))}.`];
}

async function useCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { project: { type: 'boolean' }, check: { type: 'boolean' } });
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
async function claudeCheckCommand(): Promise<number> {
  await runRecordedCheck(() => new ProfileStore().load().activeProfileId);
  return EXIT.ok;
}

async function removeCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { 'keep-login': { type: 'boolean' } });
  if (v.help) return help('remove');
  const ref = positionals[0];
  if (!ref) throw new UsageError('missing <name|id>');
  atMost(positionals, 1);
  const { removeProfile } = await import('./accounts');
  await removeProfile(service(), ref, Boolean(v['keep-login']));
  return EXIT.ok;
}

async function doctorCommand(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, { json: { type: 'boolean' }, fix: { type: 'boolean' } });
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
  const { accountFindings } = await import('./status-accounts');
  const { whoPaysFindings } = await import('../core/usage/who-pays-doctor');
  const findings = [
    ...runDoctor(),
    ...keychainFindings(svc.secrets, svc.list().profiles),
    ...(await accountFindings(svc.list())),
    ...(await whoPaysFindings(svc.list(), process.env, process.cwd())),
  ];
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
  out(HELP[topic] ?? HELP.main);
  return EXIT.ok;
}

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => number | Promise<number>>> = {
  add: addCommand,
  list: listCommand,
  status: statusCommand,
  use: useCommand,
  remove: removeCommand,
  refresh: refreshCommand,
  run: async (argv) => (await import('./run')).runCommand(argv),
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
  if (v.help) return help('main');
  atMost(positionals, 0);
  out(APP_VERSION);
  return EXIT.ok;
}

/** What `did you mean` and completion offer (not the hidden __complete). */
export const COMMAND_NAMES: readonly string[] = [
  'add',
  'list',
  'status',
  'use',
  'remove',
  'refresh',
  'api-key',
  'doctor',
  'team',
  'bundle',
  'statusline',
  'completion',
  'version',
  'help',
];

export async function run(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return help(rest[0] ?? 'main');
  const fn = COMMANDS[cmd === '--version' || cmd === '-v' ? 'version' : cmd];
  if (!fn) return reportError(new UsageError(`unknown command "${cmd}"${didYouMean(cmd, COMMAND_NAMES)}`));
  try {
    return await fn(rest);
  } catch (e) {
    return reportError(e);
  }
}
