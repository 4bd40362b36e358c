/**
 * The options of `add <kind>`, from the provider registry: each provider's fields are options
 * (`--region`, …), its CLI flags pick the auth mode or carry the secret (`--sso`, `--key-stdin`).
 */
import { PROVIDERS, providerOf, type FieldDescriptor, type FlatInput } from '../../common/providers';
import { AppError } from '../../common/errors';
import type { ProfileKind } from '../../common/profile-kinds';
import { str, UsageError, type Opts } from './output';

/** Fields that are CLI options (the auth mode and the keys come from flags instead). */
const asOption = (f: FieldDescriptor): boolean => f.type !== 'mode' && f.type !== 'env-secret' && f.type !== 'secret';
const specs = Object.values(PROVIDERS).map((s) => providerOf(s.kind));

/** Every option of `add`, for node:util parseArgs. */
export const ADD_OPTIONS: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
  name: { type: 'string' },
  ...Object.fromEntries(
    specs.flatMap((s) => [
      ...s.fields
        .filter(asOption)
        .map((f) => [
          f.flag,
          f.type === 'lines' ? { type: 'string' as const, multiple: true } : { type: 'string' as const },
        ]),
      ...s.cli.flags.map((f) => [f, { type: 'boolean' as const }]),
    ]),
  ),
};

/** The option that sets a profile field, to name it in a schema error (`--region`). */
export const FIELD_TO_OPTION: Readonly<Record<string, string>> = {
  name: '--name',
  ...Object.fromEntries(specs.flatMap((s) => s.fields.filter(asOption).map((f) => [f.key, `--${f.flag}`]))),
};

/** The options a kind accepts besides --name. */
export function optionsOf(kind: ProfileKind): readonly string[] {
  const s = providerOf(kind);
  return [...s.fields.filter(asOption).map((f) => f.flag), ...s.cli.flags];
}

function need(v: Opts, name: string): string {
  const s = str(v[name]);
  if (!s) throw new UsageError(`missing option --${name}`);
  return s;
}

function intOpt(v: Opts, name: string): number | undefined {
  const s = str(v[name]);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) <= 0)
    throw new UsageError(`option --${name} must be a positive whole number of milliseconds`);
  return Number(s);
}

/** A repeatable option (`--header a --header b`): its values as lines. */
function linesOpt(v: Opts, name: string): string | undefined {
  const all = v[name];
  const list = Array.isArray(all) ? all : typeof all === 'string' ? [all] : [];
  if (list.some((l) => l.includes('\n') || l.includes('\r')))
    throw new UsageError(`option --${name} takes one line per use; repeat the option for each`);
  return list.length ? list.join('\n') : undefined;
}

/**
 * The options of a kind as flat input: first the checks of options that only make sense together
 * (and the auth mode they pick), then each field in its order (a required one must be there).
 */
export function flatFromOptions(kind: ProfileKind, name: string, v: Opts): FlatInput {
  const s = providerOf(kind);
  const fromFlags = s.cli.fromOptions(v, (message) => {
    throw new UsageError(message);
  });
  const fields: Record<string, unknown> = {};
  for (const f of s.fields.filter(asOption)) {
    const value =
      f.type === 'ms'
        ? intOpt(v, f.flag)
        : f.type === 'lines'
          ? linesOpt(v, f.flag)
          : f.required && !f.modes
            ? need(v, f.flag)
            : str(v[f.flag]);
    if (value !== undefined) fields[f.key] = value;
  }
  return { kind, name, ...fields, ...fromFlags } as FlatInput;
}

/** The field options a kind's `edit` accepts (the auth mode and an env-only key are chosen when adding). */
export function editOptionsOf(kind: ProfileKind): readonly string[] {
  return providerOf(kind)
    .fields.filter(asOption)
    .map((f) => f.flag);
}

/** `edit`'s options as changes: only the fields given (an empty value clears an optional one). */
export function changesFromOptions(kind: ProfileKind, v: Opts): Partial<FlatInput> {
  const changes: Record<string, unknown> = {};
  for (const f of providerOf(kind).fields.filter(asOption)) {
    if (v[f.flag] === undefined) continue;
    const value = f.type === 'ms' ? intOpt(v, f.flag) : f.type === 'lines' ? linesOpt(v, f.flag) : str(v[f.flag]);
    changes[f.key] = value === '' ? undefined : value;
  }
  return changes as Partial<FlatInput>;
}

/** Turns a schema error into a usage error that names the option. */
export function optionError(e: unknown, nameArg = '--name', values: Opts = {}): unknown {
  if (e instanceof AppError && e.kind === 'invalid-argument') {
    const m = /^Invalid profile: ([^:]+): (.*)\.$/.exec(e.message);
    const field = m?.[1]?.split('.').at(-1) ?? '';
    const option = field === 'name' ? nameArg : FIELD_TO_OPTION[field];
    const why = m?.[2] ?? 'invalid';
    // "must be …" reads as a sentence about the option; "is not …" about the value given.
    if (option && why.startsWith('must be ')) return new UsageError(`${option} ${why}`);
    const given = option ? str(values[option.slice(2)]) : undefined;
    if (option && why.startsWith('is not ') && given !== undefined)
      return new UsageError(`${option} "${given}" ${why}`);
    if (option) return new UsageError(`invalid value for ${option}: ${why}`);
  }
  return e;
}
