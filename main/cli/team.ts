import { BUNDLE_OPTIONS, TEAM_OPTIONS } from './command-table';
import * as fs from 'node:fs';
import { ProfileService } from '../core/profile-service';
import { currentCliRuntime } from '../core/runtime';
import { adminApiFor } from '../core/team/admin-profile';
import { commandOfBundle, bundleToProfile, exportBundle, parseBundle } from '../core/team/bundle';
import { previewBundle } from '../core/team/bundle-preview';
import { profileName } from '../../common/profile';
import { assertNameFree } from '../core/profile-store';
import { isAdminKey } from '../../common/providers';
import { checkEmail, inviteAll, parseInviteCsv, parseRole, type InviteRow } from '../core/team/invites';
import { KeyringSecretStore } from '../core/vault';
import { HELP } from './help';
import { didYouMean } from '../../common/did-you-mean';
import { AppError } from '../../common/errors';
import { atMost, clean, EXIT, out, outJson, parse, str, UsageError } from './output';

function service(): ProfileService {
  return new ProfileService(new KeyringSecretStore(), currentCliRuntime(__dirname));
}

async function invite(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, TEAM_OPTIONS.invite);
  if (v.help) return help('team');
  const role = str(v.role) ? parseRole(str(v.role)!) : undefined;
  let rows: InviteRow[];
  const csv = str(v.csv);
  if (csv) {
    if (positionals.length) throw new UsageError('give either emails or --csv <file>, not both');
    rows = parseInviteCsv(readSmallFile(csv, `--csv file ${csv}`, CSV_MAX_BYTES, 'a CSV of 100,000 invites'), role);
  } else {
    if (!positionals.length) throw new UsageError('missing <email…> or --csv <file>');
    if (!role) throw new UsageError('missing option --role (claude_code_user, developer, user or billing)');
    rows = positionals.map((e, i) => ({ email: checkEmail(e, `email ${i + 1}`), role }));
  }
  const api = adminApiFor(service(), str(v.profile), process.env);
  const tty = process.stderr.isTTY;
  const results = await inviteAll(api, rows, {
    dryRun: Boolean(v['dry-run']),
    onProgress: (d, t) => {
      if (tty) process.stderr.write(`\rInviting… ${d}/${t}`);
    },
  });
  if (tty) process.stderr.write('\n');
  if (v.json) outJson({ results });
  else {
    for (const r of results)
      out(`${r.outcome.padEnd(15)} ${clean(r.email)} (${clean(r.role)})${r.message ? ` — ${clean(r.message)}` : ''}`);
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    out(
      `${v['dry-run'] ? 'Dry run: would invite' : 'Invited'} ${count(v['dry-run'] ? 'would-invite' : 'invited')}; already members ${count('already-member')}; already invited ${count('already-invited')}; duplicates ${count('duplicate')}; invalid addresses ${count('invalid-email')}; failed ${count('failed')}.`,
    );
  }
  return results.some((r) => r.outcome === 'failed') ? EXIT.failure : EXIT.ok;
}

async function invites(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, TEAM_OPTIONS.invites);
  if (v.help) return help('team');
  atMost(positionals, 0);
  const api = adminApiFor(service(), str(v.profile), process.env);
  const revoke = str(v.revoke);
  if (revoke) {
    await api.revokeInvite(revoke);
    out(`Revoked invite ${clean(revoke)}.`);
    return EXIT.ok;
  }
  const list = await api.invites();
  if (v.json) outJson({ invites: list });
  else if (!list.length) out('No invites.');
  else
    for (const i of list)
      out(clean(`${i.id}  ${i.email}  ${i.role}  ${i.status}${i.expires_at ? `  expires ${i.expires_at}` : ''}`));
  return EXIT.ok;
}

async function members(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, TEAM_OPTIONS.members);
  if (v.help) return help('team');
  atMost(positionals, 0);
  const api = adminApiFor(service(), str(v.profile), process.env);
  const userId = str(v['set-role']);
  if (userId) {
    const r = str(v.role);
    if (!r) throw new UsageError('--set-role <user-id> needs --role <role>');
    const m = await api.setRole(userId, parseRole(r));
    out(`${clean(m.email)} is now ${clean(m.role)}.`);
    return EXIT.ok;
  }
  const list = await api.members();
  if (v.json) outJson({ members: list });
  else for (const m of list) out(clean(`${m.id}  ${m.email}  ${m.role}`));
  return EXIT.ok;
}

/** `team spend`: the organisation's spend today and this month (cost report, cached for an hour). */
async function spend(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, TEAM_OPTIONS.spend);
  if (v.help) return help('team');
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const svc = service();
  const api = adminApiFor(svc, str(v.profile), process.env);
  const f = svc.list();
  const admin = str(v.profile) ? svc.profiles.find(str(v.profile)!, f) : f.profiles.find(isAdminKey)!;
  const { spendFor } = await import('../core/usage/spend');
  const { appDataDir } = await import('../core/paths');
  const r = await spendFor(admin.id, api, appDataDir(), Date.now(), Boolean(v.refresh));
  if (v.json) outJson({ todayUsd: r.todayUsd, monthUsd: r.monthUsd, fetchedAt: new Date(r.fetchedAt).toISOString() });
  else
    out(
      `${clean(admin.name)}: today $${r.todayUsd.toFixed(2)} · this month $${r.monthUsd.toFixed(2)} (UTC days; cost report of ${new Date(r.fetchedAt).toISOString()})`,
    );
  return EXIT.ok;
}

export async function teamCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') return help('team');
  if (sub === 'invite') return invite(rest);
  if (sub === 'invites') return invites(rest);
  if (sub === 'members') return members(rest);
  if (sub === 'spend') return spend(rest);
  throw new UsageError(
    `unknown team command "${sub}"${didYouMean(sub, ['invite', 'invites', 'members', 'spend']) || ' (invite, invites, members, spend)'}`,
  );
}

export async function bundleCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') return help('bundle');
  if (sub === 'export') {
    const { values: v, positionals } = parse(rest, BUNDLE_OPTIONS.export);
    if (v.help) return help('bundle');
    const ref = positionals[0];
    if (!ref) throw new UsageError('missing <profile>');
    atMost(positionals, 1);
    const svc = service();
    const bundle = exportBundle(svc.profiles.find(ref));
    const output = str(v.output);
    if (output) {
      // A typo must not cost a file of the user's (`-o ~/.claude/settings.json`): only a new file or
      // an earlier bundle is written.
      if (fs.existsSync(output) && !isBundleFile(output))
        throw new AppError({
          kind: 'io-error',
          message: `${output} exists and is not a bundle: it was not overwritten.`,
          nextStep: 'Give a new file name, or delete that file first.',
        });
      fs.writeFileSync(output, JSON.stringify(bundle, null, 2) + '\n', { mode: 0o644 });
      out(`Wrote ${output} (no secrets in it).`);
    } else outJson(bundle); // the same JSON, with no raw control character for the terminal
    return EXIT.ok;
  }
  if (sub === 'import') {
    const { values: v, positionals } = parse(rest, BUNDLE_OPTIONS.import);
    if (v.help) return help('bundle');
    const file = positionals[0];
    if (!file) throw new UsageError('missing <file>');
    atMost(positionals, 1);
    const text = readSmallFile(file, file, BUNDLE_MAX_BYTES, 'a bundle is a few KB');
    const name = str(v.name);
    if (name !== undefined) {
      const n = profileName.safeParse(name);
      if (!n.success) throw new UsageError(`invalid value for --name: ${n.error.issues[0]?.message ?? 'invalid'}`);
    }
    const b = parseBundle(text);
    const svc = service();
    let taken: string | undefined;
    try {
      assertNameFree(svc.list(), name ?? b.profile.name);
    } catch (e) {
      if (!(e instanceof AppError && e.kind === 'profile-exists')) throw e;
      taken = e.message;
    }
    const command = commandOfBundle(b) !== undefined;
    // Every refusal is known before the preview is worded: "is added" only for an import that goes
    // ahead (it said "is added", then refused a command without --allow-command or a name taken).
    let input: ReturnType<typeof bundleToProfile> | undefined;
    let refusal: unknown;
    if (v.yes) {
      try {
        input = bundleToProfile(b, name, { allowCommand: Boolean(v['allow-command']) });
        if (taken !== undefined)
          throw new AppError({
            kind: 'profile-exists',
            message: taken,
            nextStep: 'Import it under another name with --name <new name>, or remove the old profile first.',
          });
      } catch (e) {
        input = undefined;
        refusal = e;
      }
    }
    // Always shown, with --yes too: the user sees every command before it is consented to.
    for (const line of previewBundle(b, name, { adding: input !== undefined }).lines) out(line);
    if (refusal !== undefined) throw refusal;
    if (!input) {
      const yes = `--yes${command ? ' --allow-command' : ''}`;
      out(
        taken !== undefined
          ? `Nothing imported yet. ${taken} To add this one under another name, run again with --name <new name> ${yes}.`
          : command
            ? 'Nothing imported yet. It carries a command: if you trust it, run again with --yes --allow-command.'
            : 'Nothing imported yet. Run again with --yes to add this profile.',
      );
      return EXIT.ok;
    }
    const p = svc.add(input, undefined, { secretLater: true });
    out(`Imported as "${clean(p.name)}" (id ${p.id}). Use it with \`claude-auth-tray use "${clean(p.name)}"\`.`);
    return EXIT.ok;
  }
  throw new UsageError(
    `unknown bundle command "${sub}"${didYouMean(sub, ['export', 'import']) || ' (export, import)'}`,
  );
}

/** The window's bundle preview takes at most 200,000 characters (common/ipc-contract.ts): so does the CLI. */
const BUNDLE_MAX_BYTES = 200_000;
const CSV_MAX_BYTES = 10_000_000;

/**
 * A file named on the command line, read only when it is a regular file of at most max bytes: a
 * device (/dev/zero), a FIFO or a folder is refused at once instead of read until memory runs out
 * (it crashed with std::bad_alloc). Opened without blocking, so a FIFO with no writer does not hang.
 */
function readSmallFile(file: string, what: string, max: number, typical: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw cannotRead(what, e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new AppError({ kind: 'io-error', message: `cannot read ${what} (not a regular file).` });
    const tooBig = (): AppError =>
      new AppError({
        kind: 'io-error',
        message: `cannot read ${what} (larger than ${Math.round(max / 1000).toLocaleString('en')} KB; ${typical}).`,
      });
    if (st.size > max) throw tooBig();
    // The file may grow after fstat: read at most max + 1 bytes.
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (let got; n < buf.length && (got = fs.readSync(fd, buf, n, buf.length - n, null)) > 0;) n += got;
    if (n > max) throw tooBig();
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw cannotRead(what, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** An earlier export (a regular file whose JSON says it is a bundle), which a new export may replace. */
function isBundleFile(file: string): boolean {
  try {
    const text = readSmallFile(file, file, BUNDLE_MAX_BYTES, 'a bundle is a few KB');
    return (JSON.parse(text) as { format?: unknown })?.format === 'claude-auth-tray-bundle';
  } catch {
    return false;
  }
}

/** A file that cannot be read is a failure (exit 1), not bad usage: no "(see --help)". */
function cannotRead(what: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
  return new AppError({ kind: 'io-error', message: `cannot read ${what} (${why}).` });
}

function help(topic: 'team' | 'bundle'): number {
  out(HELP[topic] ?? HELP.main);
  return EXIT.ok;
}
