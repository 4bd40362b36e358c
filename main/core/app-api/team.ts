import { AppError } from '../../../common/errors';
import type { AdminApi } from '../team/admin-api';
import { adminApiFor } from '../team/admin-profile';
import { inviteAll, parseInviteCsv, parseRole, type InviteRow } from '../team/invites';
import type { HandlerContext, HandlersOf } from './context';

/** The Admin API: invites and members. */
export function teamHandlers(c: HandlerContext): HandlersOf<'team:invite' | 'team:list' | 'team:revoke'> {
  /** The Admin API for an Admin-key profile (the given one, or the only one). */
  const adminApi = (profileId: string | undefined): AdminApi => adminApiFor(c.svc, profileId, c.deps.env);
  return {
    'team:invite': async ({ emails, csv, role, dryRun, profileId }) => {
      const defaultRole = role ? parseRole(role) : undefined;
      let rows: InviteRow[];
      if (csv !== undefined) rows = parseInviteCsv(csv, defaultRole);
      else {
        if (!defaultRole)
          throw new AppError({
            kind: 'invalid-argument',
            message: 'Choose a role.',
            nextStep: 'Claude Code users get "claude_code_user".',
          });
        rows = parseInviteCsv((emails ?? []).join('\n'), defaultRole);
      }
      if (rows.length === 0)
        throw new AppError({
          kind: 'invalid-argument',
          message: 'No email addresses to invite.',
          nextStep: 'Enter one address per line.',
        });
      const results = await inviteAll(adminApi(profileId), rows, {
        dryRun: Boolean(dryRun),
        onProgress: (done, total) => c.progress({ done, total }),
      });
      return { results };
    },
    'team:list': async ({ profileId }) => {
      const api = adminApi(profileId);
      const [members, invites] = await Promise.all([api.members(), api.invites()]);
      return {
        members: members.map((m) => ({ id: m.id, email: m.email, role: m.role })),
        invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, status: i.status })),
      };
    },
    'team:revoke': async ({ inviteId, profileId }) => {
      await adminApi(profileId).revokeInvite(inviteId);
      return { inviteId };
    },
  };
}
