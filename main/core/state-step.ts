/**
 * The CLI's next step for a profile's state (`status`, `refresh`): the command that fixes it, said
 * in the terminal's words. The window turns `state.next` into a button instead (renderer/format.ts).
 */
import type { AuthState } from '../../common/auth-state';
import { keyMissingStep } from '../../common/errors';
import type { Profile } from '../../common/profile';
import { coreOf } from './providers';

/** The command that signs this profile in, as a user types it (the provider's own tool). */
export function signInLine(p: Profile): string | undefined {
  const core = coreOf(p.kind);
  const own = core.signInLine?.(p);
  if (own) return own;
  const c = core.signIn?.(p as { awsProfile?: string });
  return c ? [c.bin, ...c.args].join(' ') : undefined;
}

/** What to run next about a state in a terminal, when there is something to run. */
export function cliStateStep(p: Profile, s: AuthState): string | undefined {
  if (s.detail.kind === 'secret-missing') return keyMissingStep(p.name).cli;
  if (s.next === 'sign-in') {
    const line = signInLine(p);
    return line ? `Sign in: \`${line}\`.` : undefined;
  }
  if (s.next === 'refresh' && s.detail.kind === 'not-checked')
    return `Check it now: \`claude-auth-tray refresh "${p.name}"\`.`;
  return undefined;
}
