/**
 * `edit <name|id> [--<field> …] [--name <new>] [--key-stdin]` and `rename <old> <new>` (issue 17).
 * The options are the provider's field descriptors (add-options.ts); the change itself is core's
 * (ProfileService.update, the window's too: the same checks as add; the id, keychain item and pins
 * kept).
 */
import { COMMAND_TABLE } from './command-table';
import { PROVIDER_LABEL } from '../../common/profile-kinds';
import { needsSecret } from '../../common/providers';
import { listPins, pinProject } from '../core/accounts/project-pins';
import { secretLabel } from '../core/key-shape';
import type { ProfileService } from '../core/profile-service';
import { changesFromOptions, editOptionsOf, optionError } from './add-options';
import { HELP } from './help';
import { atMost, clean, EXIT, out, parse, str, UsageError } from './output';
import { readSecret } from './secret-input';

/** Ends the dry run of an edit once every check passed. */
class Checked extends Error {}

export async function editCommand(svc: ProfileService, argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.edit.options);
  if (v.help) {
    out(HELP.edit);
    return EXIT.ok;
  }
  const ref = positionals[0];
  if (!ref) throw new UsageError('missing <name|id>');
  atMost(positionals, 1);
  const old = svc.profiles.find(ref);
  const allowed = [...editOptionsOf(old.kind), ...(needsSecret(old) ? ['key-stdin'] : [])];
  for (const k of Object.keys(v)) {
    if (k !== 'name' && v[k] !== undefined && !allowed.includes(k)) {
      throw new UsageError(
        `option --${k} cannot be changed on ${PROVIDER_LABEL[old.kind]} profiles${allowed.length ? ` (these can: ${['name', ...allowed].map((o) => `--${o}`).join(', ')})` : ''}`,
      );
    }
  }
  const name = str(v.name);
  const changes = { ...changesFromOptions(old.kind, v), ...(name !== undefined ? { name } : {}) };
  const replaceKey = Boolean(v['key-stdin']);
  if (Object.keys(changes).length === 0 && !replaceKey) {
    throw new UsageError(
      `nothing to change: give the options to change (${['name', ...allowed].map((o) => `--${o}`).join(', ')})`,
    );
  }
  // Checked before the key is read (a typo never consumes it), then again with the key.
  // Checked before the key is read (a typo never consumes it): the same checks as the edit itself,
  // stopped where it would be confirmed.
  try {
    await svc.update(old.id, changes, { confirm: () => Promise.reject(new Checked()) });
  } catch (e) {
    if (!(e instanceof Checked)) throw optionError(e);
  }
  const secret = replaceKey ? await readSecret(true, secretLabel(old), 'edit') : undefined;
  const next = await svc.update(old.id, { ...changes, ...(secret !== undefined ? { secret } : {}) });
  out(
    `Updated "${clean(next.name)}" (${PROVIDER_LABEL[next.kind]}, id ${next.id})${secret ? '; its key was replaced' : ''}.`,
  );
  repin(svc, next.id);
  return EXIT.ok;
}

export async function renameCommand(svc: ProfileService, argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.rename.options);
  if (v.help) {
    out(HELP.rename);
    return EXIT.ok;
  }
  const [ref, name] = positionals;
  if (!ref) throw new UsageError('missing <name|id>');
  if (name === undefined) throw new UsageError('missing <new name>');
  atMost(positionals, 2);
  const old = svc.profiles.find(ref);
  let next;
  try {
    next = await svc.update(old.id, { name });
  } catch (e) {
    throw optionError(e, '<new name>');
  }
  out(`Renamed "${clean(old.name)}" to "${clean(next.name)}" (id ${next.id}, keychain item and pins kept).`);
  return EXIT.ok;
}

/** Projects pinned to the profile get its changed keys too. */
function repin(svc: ProfileService, id: string): void {
  for (const pin of listPins(process.env).filter((p) => p.profileId === id)) {
    const r = pinProject(svc, id, pin.dir, process.env);
    if (r.apply.changed) out(`Updated ${clean(r.apply.file)}.`);
  }
}
