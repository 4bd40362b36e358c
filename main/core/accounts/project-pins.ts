import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { Profile } from '../../../common/profile';
import { readFileIfExists, writeFileAtomic } from '../atomic-write';
import type { PlanEntry } from '../claude-settings/activation-plan';
import { SettingsBridge, type ApplyResult } from '../claude-settings/settings-bridge';
import { gitTracked } from '../git-tracked';
import { appDataDir, type Env } from '../paths';
import type { ProfileService } from '../profile-service';
import { overridingPlan } from './account-plan';
import { PROFILE_MARKER_VAR } from './profile-marker';

/** A project pinned to a profile: its `.claude/settings.local.json` carries the profile's keys. */
export interface ProjectPin {
  readonly dir: string;
  readonly profileId: string;
  /** The pin created the project's settings.local.json / its .claude folder: unpinning removes them when empty. */
  readonly createdFile?: boolean;
  readonly createdDir?: boolean;
}

const pinsSchema = z.object({
  version: z.literal(1),
  pins: z.array(
    z.object({
      dir: z.string(),
      profileId: z.string(),
      createdFile: z.boolean().optional(),
      createdDir: z.boolean().optional(),
    }),
  ),
});

export function localSettingsFile(dir: string): string {
  return path.join(dir, '.claude', 'settings.local.json');
}

export function pinsFile(env: Env): string {
  return path.join(appDataDir(env), 'project-pins.json');
}

export function listPins(env: Env = process.env): ProjectPin[] {
  return parsePins(readFileIfExists(pinsFile(env)));
}

/** project-pins.json's text (undefined: absent) as pins; anything invalid as none. */
export function parsePins(text: string | undefined): ProjectPin[] {
  if (text === undefined) return [];
  try {
    const r = pinsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data.pins : [];
  } catch {
    return [];
  }
}

function savePins(pins: readonly ProjectPin[], env: Env): void {
  fs.mkdirSync(appDataDir(env), { recursive: true });
  writeFileAtomic(pinsFile(env), JSON.stringify({ version: 1, pins }, null, 2) + '\n');
}

/**
 * `use <profile> --project [dir]`: the profile's keys go into the project's settings.local.json
 * (Claude Code keeps it out of git, and it beats the user's settings.json), through the same merge
 * as the user's file. Keys the user's profile may have written are cancelled there (overridingPlan).
 * A plan with a secret (a consented Bedrock/Foundry key) is refused when git tracks that file. The
 * profile's id goes with them (`env.CLAUDE_AUTH_TRAY_PROFILE`): the status line says who pays here.
 */
export function pinProject(
  svc: ProfileService,
  ref: string,
  dir: string,
  env: Env = process.env,
): { profile: Profile; apply: ApplyResult; keys: string[] } {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `${abs} is not a folder.`,
      nextStep: 'Give a project folder.',
    });
  }
  const profile = svc.profiles.find(ref);
  // …and the marker naming the profile, for the status line of a session started here (issue 15:
  // who pays in a pinned folder; profile-marker.ts). An owned key like the others.
  const plan: PlanEntry[] = [
    ...overridingPlan(svc.planFor(profile), profile, env),
    { path: ['env', PROFILE_MARKER_VAR], value: profile.id },
  ];
  const file = localSettingsFile(abs);
  assertInsideProject(abs, file);
  // What this pin creates is removed with it (unpin, reset) when nothing else is in it; a re-pin keeps
  // what the first pin knew.
  const prior = listPins(env).find((p) => p.dir === abs);
  const createdDir = prior ? prior.createdDir === true : !fs.existsSync(path.dirname(file));
  const createdFile = prior ? prior.createdFile === true : !fs.existsSync(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (plan.some((e) => e.secret)) {
    const tracked = gitTracked(file, env);
    if (tracked === 'tracked' || tracked === 'unknown') {
      throw new AppError({
        kind: 'secret-in-tracked-file',
        message: `"${profile.name}" would write its key into ${file}, which git ${tracked === 'tracked' ? 'tracks' : 'may track (git did not answer)'}.`,
        nextStep: {
          cli: 'Remove the file from git (git rm --cached) and list it in .gitignore, or use `claude-auth-tray run` for this project instead.',
          window: 'Take the file out of git and list it in .gitignore, then pin the project again.',
        },
      });
    }
  }
  const apply = new SettingsBridge(file, env).apply(plan);
  savePins(
    [
      ...listPins(env).filter((p) => p.dir !== abs),
      {
        dir: abs,
        profileId: profile.id,
        ...(createdFile ? { createdFile } : {}),
        ...(createdDir ? { createdDir } : {}),
      },
    ],
    env,
  );
  return { profile, apply, keys: plan.map((e) => e.path.join('.')) };
}

/**
 * A pin is written only inside its project: a repository (cloned, so not the user's own choice) may
 * hold `.claude` or `.claude/settings.local.json` as a symbolic link to any JSON file of the user
 * (~/.claude.json, another project's settings), and the merge would write through it — with a
 * consented plaintext key, to a place no git check covers. A link that stays inside the project is
 * followed, as for the user's own settings.json.
 */
function assertInsideProject(abs: string, file: string): void {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const root = real(abs);
  for (const link of [path.dirname(file), file]) {
    let target: string;
    try {
      if (!fs.lstatSync(link).isSymbolicLink()) continue;
      // Where it leads, also when the target does not exist (yet): its folder, resolved.
      const to = path.resolve(path.dirname(link), fs.readlinkSync(link));
      target = fs.existsSync(to) ? real(to) : path.join(real(path.dirname(to)), path.basename(to));
    } catch {
      continue; // absent: nothing to follow
    }
    if (target !== root && !target.startsWith(root + path.sep)) {
      throw new AppError({
        kind: 'settings-unsupported',
        message: `${link} is a symbolic link to ${target}, outside ${abs}: a pin is written only inside its project.`,
        nextStep: 'Remove that link (or pin the folder it points into), then try again.',
      });
    }
  }
}

/** Removes a project's pin: exactly the keys this app wrote there go; the user's keys stay. */
export function unpinProject(dir: string, env: Env = process.env): { removed: boolean; apply?: ApplyResult } {
  const abs = path.resolve(dir);
  const pins = listPins(env);
  const pin = pins.find((p) => p.dir === abs);
  if (!pin) return { removed: false };
  const file = localSettingsFile(abs);
  assertInsideProject(abs, file);
  const apply = new SettingsBridge(file, env).apply([]);
  savePins(
    pins.filter((p) => p.dir !== abs),
    env,
  );
  if (pin.createdFile) removeIfEmpty(file, pin.createdDir === true);
  return { removed: true, apply };
}

/** The settings.local.json a pin created, once it holds nothing (`{}`), and its .claude folder if empty too. */
function removeIfEmpty(file: string, dirToo: boolean): void {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length > 0) return;
    fs.unlinkSync(file);
    if (dirToo && fs.readdirSync(path.dirname(file)).length === 0) fs.rmdirSync(path.dirname(file));
  } catch {
    // Gone already, or not JSON any more (the user's now): left as it is.
  }
}

/** Drops the pins of a removed profile (their keys are released from each project's file). */
export function unpinProfile(profileId: string, env: Env = process.env): number {
  const mine = listPins(env).filter((p) => p.profileId === profileId);
  for (const p of mine) unpinProject(p.dir, env);
  return mine.length;
}
