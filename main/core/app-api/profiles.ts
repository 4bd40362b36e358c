import { AppError } from '../../../common/errors';
import type { LoginDraft } from '../../../common/ipc-contract';
import { PROVIDER_LABEL, type Profile } from '../../../common/profile';
import { fromFlat } from '../../../common/providers';
import { AccountService } from '../accounts/account-service';
import { unpinProfile } from '../accounts/project-pins';
import { switchNotices } from '../accounts/switch-notices';
import { assertKeyStaysHome } from '../ipc-guards';
import { offlineState } from '../offline-state';
import { assertNameFree, validateProfile } from '../profile-store';
import { coreOf } from '../providers';
import { signInCommand, startSignIn } from '../sign-in';
import type { HandlerContext, HandlersOf } from './context';

type ProfileChannels =
  | 'profiles:add'
  | 'profiles:update'
  | 'profiles:remove'
  | 'profiles:activate'
  | 'profiles:refresh'
  | 'signin:start'
  | 'provider:login';

/** Profiles and sign-in (the Claude.ai account channels and pins: accounts/account-handlers.ts). */
export function profileHandlers(c: HandlerContext): HandlersOf<ProfileChannels> {
  const { svc, deps } = c;
  return {
    'profiles:add': async (input) => {
      const { secret, ...rest } = input;
      const draft = fromFlat(rest);
      // Checked before the user is asked about its command, so "Allow" is never followed by a refusal.
      validateProfile({ ...draft, id: 'draft', createdAt: '' });
      assertNameFree(svc.list(), draft.name);
      await c.commands.check(undefined, draft, 'add');
      const p = svc.add(draft, secret);
      c.monitor.reload();
      return c.view(p);
    },
    'profiles:update': async ({ id, changes }) => {
      const next = await svc.update(id, changes, {
        guard: assertKeyStaysHome,
        confirm: (old, edited) => c.commands.check(old, edited, 'update'),
      });
      c.monitor.reload();
      return c.view(next);
    },
    'profiles:remove': async (id) => {
      // A Claude.ai account of its own folder is signed out by Claude Code first (issue 14).
      await new AccountService(svc, deps.env).remove(id);
      unpinProfile(id, deps.env);
      c.monitor.reload();
      return c.snapshot();
    },
    'profiles:activate': async (id) => {
      const before = svc.list();
      const r = svc.activate(id);
      const prev = before.profiles.find((p) => p.id === before.activeProfileId);
      for (const n of switchNotices(prev, r.profile)) c.notice(n);
      c.monitor.reload();
      await c.askClaude();
      return c.snapshot();
    },
    'profiles:refresh': async (id) => {
      await c.monitor.refresh(id, 'manual');
      return c.stateOf(svc.profiles.find(id));
    },
    'signin:start': async (target) =>
      startSignIn(typeof target === 'string' ? svc.profiles.find(target) : target, deps.env),
    'provider:login': async (draft) => {
      const now = deps.clock.now();
      const cmd = signInCommand(draft);
      return {
        state: offlineState(draftProfile(draft, now), deps.store, deps.env, now),
        ...(cmd ? { signInCommand: [cmd.bin, ...cmd.args].join(' ') } : {}),
      };
    },
  };
}

/** A stand-in profile for a login draft, so the Add screen reads the same state a saved profile would. */
function draftProfile(d: LoginDraft, now: number): Profile {
  const base = { id: 'draft', name: 'draft', createdAt: new Date(now).toISOString() };
  const draft = coreOf(d.kind).loginDraft;
  if (!draft)
    throw new AppError({
      kind: 'invalid-argument',
      message: `A ${PROVIDER_LABEL[d.kind]} profile has no login to show.`,
    });
  return draft(d, base);
}
