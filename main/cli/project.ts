import { COMMAND_TABLE } from './command-table';
import * as path from 'node:path';
import type { Profile } from '../../common/profile';
import { PROVIDER_LABEL } from '../../common/profile';
import { billingChange } from '../core/accounts/billing-change';
import { runningSessionNote } from '../core/accounts/running-sessions';
import { profileForFolder } from '../core/accounts/folder-profile';
import { listPins, pinProject, unpinProject } from '../core/accounts/project-pins';
import { readFileIfExists } from '../core/atomic-write';
import { settingsUnparsable } from '../core/claude-settings/settings-parse';
import type { ProfileService } from '../core/profile-service';
import { accountLabel } from './accounts';
import { clean, err, EXIT, out, parse, UsageError } from './output';
import { HELP } from './help';

/** `use <profile> --project [dir]`. */
export function useProject(svc: ProfileService, ref: string, dir: string | undefined): number {
  const target = path.resolve(dir ?? process.cwd());
  const f = svc.list();
  const here = profileForFolder(target, f.activeProfileId, process.env, f.profiles);
  const r = pinProject(svc, ref, target, process.env);
  const money = billingChange(
    f.profiles.find((p) => p.id === here.profileId),
    r.profile,
  );
  // A folder's name is outside text (a repository's): one clean line, like the other labels.
  if (money) out(clean(money));
  out(`Pinned ${clean(target)} to ${accountLabel(r.profile)} (${PROVIDER_LABEL[r.profile.kind]}).`);
  const file = clean(r.apply.file);
  out(r.apply.changed ? `Updated ${file}: ${r.keys.join(', ')}.` : `${file} already up to date.`);
  out(
    'New Claude Code sessions started in this folder use it (not in its subfolders: Claude Code reads the .claude folder of the folder it starts in only); your user settings are unchanged.',
  );
  return EXIT.ok;
}

export function unpinCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.unpin.options);
  if (v.help) {
    out(HELP.unpin);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const target = path.resolve(positionals[0] ?? process.cwd());
  const r = unpinProject(target, process.env);
  if (!r.removed) {
    err(`${target} is not pinned. \`claude-auth-tray status\` lists the pinned folders; give one of them.`);
    return EXIT.failure;
  }
  out(`Removed the pin of ${clean(target)} (${clean(r.apply?.file ?? '')}).`);
  return EXIT.ok;
}

export function runningLine(from: Profile | undefined, to: Profile): string {
  return runningSessionNote(from, to);
}

export function moneyLine(from: Profile | undefined, to: Profile): string | undefined {
  return billingChange(from, to);
}

/** `status` lines about this folder and the project pins. */
export function folderLines(f: { activeProfileId?: string | undefined; profiles: readonly Profile[] }): {
  lines: string[];
  json: Record<string, unknown>;
} {
  const cwd = process.cwd();
  const here = profileForFolder(cwd, f.activeProfileId, process.env, f.profiles);
  const name = (id: string | undefined): string => {
    const p = f.profiles.find((x) => x.id === id);
    return p ? accountLabel(p) : 'none';
  };
  const pins = listPins(process.env);
  const lines = [
    here.pinned
      ? `In ${cwd}: ${name(here.profileId)}, from ${here.file} (project pin).`
      : here.handSet === 'account'
        ? `In ${cwd}: ${name(here.profileId)}, from ${here.file} (project settings written by hand, not a pin of this app).`
        : here.handSet === 'keys'
          ? `In ${cwd}: ${here.profileId ? 'the active profile, with ' : ''}auth settings written by hand in ${here.file} (project settings, not a pin of this app).`
          : settingsUnparsable(here.file, readFileIfExists)
            ? `In ${cwd}: ${here.file} could not be read (see the warning below), so what Claude Code uses here is not known.`
            : here.profileId
              ? `In ${cwd}: the active profile, from ${here.file}.`
              : `In ${cwd}: no profile of this app; Claude Code uses its own login or your environment.`,
    ...(here.ignoredPin
      ? [
          `${here.ignoredPin.dir} is pinned to ${name(here.ignoredPin.profileId)}, but Claude Code reads only the .claude folder of the folder it starts in: the pin does not apply here.`,
        ]
      : []),
    ...pins.filter((p) => p.dir !== cwd).map((p) => `Pinned: ${p.dir} → ${name(p.profileId)}`),
  ];
  return {
    lines,
    json: {
      folder: {
        dir: cwd,
        profileId: here.profileId ?? null,
        file: here.file,
        pinned: here.pinned,
        ...(here.handSet ? { handSet: here.handSet } : {}),
        ...(here.ignoredPin ? { ignoredPin: here.ignoredPin } : {}),
      },
      pins: pins.map(({ dir, profileId }) => ({ dir, profileId })),
    },
  };
}
