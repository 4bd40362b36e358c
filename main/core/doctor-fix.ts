import * as path from 'node:path';
import { AppError } from '../../common/errors';
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
 * and Claude Code is pointed at the helper. Only Claude Code's known settings files are touched.
 */
export function fixPlaintextApiKey(
  svc: ProfileService,
  env: Env,
  cwd: string,
  file: string,
): { profileId: string; message: string } {
  const target = path.resolve(file);
  if (!settingsLocations(env, cwd).some((l) => path.resolve(l.file) === target)) {
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
  svc.activate(profile.id);
  // Activation wrote the user settings file; its backups may hold the key too when it was there.
  svc.bridge.scrubBackups(key);
  return {
    profileId: profile.id,
    message: `Moved the key from ${target} into the keychain as "${name}" and made it active.`,
  };
}
