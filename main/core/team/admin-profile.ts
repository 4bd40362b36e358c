import { AppError } from '../../../common/errors';
import type { Profile } from '../../../common/profile';
import { isAdminKey } from '../../../common/providers';
import type { Env } from '../paths';
import type { ProfileService } from '../profile-service';
import { AdminApi } from './admin-api';

/**
 * The Admin API client of an Admin-key profile: the one named, or the only one there is. Several
 * without a choice, none, or a key missing from the keychain are errors that say what to do.
 * Shared by the CLI (`team …`) and the window (Team screen).
 */
export function adminApiFor(svc: ProfileService, ref: string | undefined, env: Env): AdminApi {
  const f = svc.list();
  let p: Profile | undefined;
  if (ref) p = svc.profiles.find(ref, f);
  else {
    const admins = f.profiles.filter(isAdminKey);
    if (admins.length > 1)
      throw new AppError({
        kind: 'invalid-argument',
        message: `There are several Admin-key profiles (${admins.map((a) => a.name).join(', ')}).`,
        nextStep: {
          cli: 'Choose one with --profile <name>.',
          window: 'Choose one in the Admin key field on the Team screen.',
        },
      });
    p = admins[0];
  }
  if (!p || !isAdminKey(p))
    throw new AppError({
      kind: 'profile-not-found',
      message: 'There is no Admin-key profile.',
      nextStep: {
        cli: 'Add one with an Admin key from Console → Settings → Admin keys: `claude-auth-tray add anthropic-admin-key --name Admin` (the key is asked for, or read with --key-stdin).',
        window:
          'Add one with an Admin key from Console → Settings → Admin keys: "Add profile" → "Anthropic Admin key".',
      },
    });
  const key = svc.secrets.get(p.id);
  if (!key)
    throw new AppError({
      kind: 'secret-missing',
      message: `The Admin key of "${p.name}" is not in the keychain.`,
      nextStep: 'Edit the profile and paste the key again (or remove it and add it again).',
    });
  const { baseUrl } = p as { baseUrl?: string };
  return new AdminApi(key, { baseUrl: baseUrl ?? env.CLAUDE_AUTH_TRAY_ADMIN_API_URL });
}
