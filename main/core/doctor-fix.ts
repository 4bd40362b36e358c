import * as path from 'node:path';
import { AppError } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { listPins, localSettingsFile, pinProject } from './accounts/project-pins';
import { readFileIfExists } from './atomic-write';
import { SettingsBridge } from './claude-settings/settings-bridge';
import { parseSettings } from './claude-settings/settings-merge';
import { settingsLocations } from './doctor';
import type { Env } from './paths';
import type { ProfileService } from './profile-service';
import { parseSecretInput } from './secret-text';

/**
 * Doctor's one-click fix for a plaintext ANTHROPIC_API_KEY in a settings file: the key moves into
 * the keychain as a new profile, the plaintext copy is removed from that file (backed up first),
 * and Claude Code is pointed at the helper: the user's file makes the profile active, a project's
 * file pins it to that project (pinHere). Only Claude Code's known settings files are touched.
 */
export function fixPlaintextApiKey(
  svc: ProfileService,
  env: Env,
  cwd: string,
  file: string,
): { profileId: string; message: string } {
  const target = path.resolve(file);
  const location = settingsLocations(env, cwd).find((l) => path.resolve(l.file) === target);
  if (!location) {
    throw new AppError({
      kind: 'invalid-argument',
      message: "That file is not one of Claude Code's settings files.",
      nextStep: 'Run the doctor again and use the fix it offers.',
    });
  }
  const text = readFileIfExists(target);
  const json = text === undefined ? {} : parseSettings(text, target);
  const envBlock = json.env && typeof json.env === 'object' ? (json.env as Record<string, unknown>) : {};
  const value = envBlock.ANTHROPIC_API_KEY;
  if (typeof value !== 'string' || value === '') {
    throw new AppError({
      kind: 'invalid-argument',
      message: `${target} holds no ANTHROPIC_API_KEY any more.`,
      nextStep: 'Run the doctor again.',
    });
  }
  const key = parseSecretInput(value);
  // Names are unique case-insensitively (ProfileStore's assertNameFree).
  const names = new Set(svc.list().profiles.map((p) => p.name.trim().toLowerCase()));
  let name = 'Imported key';
  for (let i = 2; names.has(name.toLowerCase()); i++) name = `Imported key ${i}`;
  const profile = svc.add({ kind: 'anthropic-api-key', name }, key);
  const bridge = new SettingsBridge(target, env);
  bridge.removeUserKey(['env', 'ANTHROPIC_API_KEY']);
  bridge.scrubBackups(key);
  const moved = `Moved the key from ${target} into the keychain as "${name}"`;
  if (location.scope !== 'user')
    return { profileId: profile.id, message: `${moved} and ${pinHere(svc, profile, cwd, env)}` };
  svc.activate(profile.id);
  // Activation wrote the user settings file; its backups may hold the key too when it was there.
  svc.bridge.scrubBackups(key);
  return { profileId: profile.id, message: `${moved} and made it active.` };
}

/**
 * A key of a project's file paid for that project only: its profile is pinned there (`use --project`,
 * the same refusals; the pin writes the apiKeyHelper command, no secret), so the user's active profile
 * stays as it is everywhere else. A project pinned already keeps its pin (it won over that key).
 */
function pinHere(svc: ProfileService, profile: Profile, cwd: string, env: Env): string {
  const dir = path.resolve(cwd);
  const pinned = listPins(env).find((p) => p.dir === dir);
  const other = pinned && svc.list().profiles.find((p) => p.id === pinned.profileId);
  if (other)
    return `left ${dir} pinned to "${other.name}" as it was; your active profile is unchanged. Pin the new profile there with \`claude-auth-tray use "${profile.name}" --project\` if it should pay for it.`;
  const r = pinProject(svc, profile.id, dir, env);
  return `pinned that profile to ${dir} (${localSettingsFile(dir)} runs its apiKeyHelper: ${r.keys.join(', ')}); your active profile and user settings are unchanged.`;
}
