import { AppError } from '../../../common/errors';
import { INVITE_ROLES, type AdminApi, type InviteRole } from './admin-api';

export interface InviteRow {
  readonly email: string;
  readonly role: InviteRole;
  /** 1-based line in the CSV, for messages. */
  readonly line?: number;
  /** Why this row cannot be invited (a bad address): reported, not sent. */
  readonly invalid?: string;
}

export type RowOutcome =
  'invited' | 'would-invite' | 'already-member' | 'already-invited' | 'duplicate' | 'invalid-email' | 'failed';
export interface RowResult {
  readonly email: string;
  readonly role: InviteRole;
  readonly outcome: RowOutcome;
  readonly message?: string;
}

const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function parseRole(raw: string, where = '--role'): InviteRole {
  const r = raw.trim().toLowerCase();
  if (r === 'admin') {
    throw new AppError({
      kind: 'invalid-argument',
      message: `${where}: "admin" cannot be given through the Admin API.`,
      nextStep: 'Invite admins in the Anthropic Console (Settings → Members).',
    });
  }
  if (!(INVITE_ROLES as readonly string[]).includes(r)) {
    throw new AppError({
      kind: 'invalid-argument',
      message: `${where}: unknown role "${raw}".`,
      nextStep: `Use one of: ${INVITE_ROLES.join(', ')} (claude_code_user is the "Claude Code" role).`,
    });
  }
  return r as InviteRole;
}

export function checkEmail(raw: string, where: string): string {
  const e = raw.trim();
  if (!EMAIL_RE.test(e))
    throw new AppError({
      kind: 'invalid-argument',
      message: `${where}: "${e}" is not an email address.`,
      nextStep: 'Fix the address and run the command again; nothing was sent.',
    });
  return e;
}

/**
 * Parses a CSV of `email[,role]` rows (an optional `email,role` header; `#` comments and blank lines
 * ignored). Every row is checked before anything is sent: a malformed row (column count, unknown or
 * admin role, no role) fails the whole file; a bad address is kept as a row that is reported, not sent.
 */
export function parseInviteCsv(text: string, defaultRole: InviteRole | undefined): InviteRow[] {
  const rows: InviteRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && cells[0]?.toLowerCase() === 'email') return;
    if (cells.length > 2) {
      throw new AppError({
        kind: 'invalid-argument',
        message: `CSV line ${i + 1}: expected "email" or "email,role", found ${cells.length} columns.`,
        nextStep: 'Fix that line; nothing was sent.',
      });
    }
    const email = (cells[0] ?? '').trim();
    const roleCell = cells[1];
    if (!roleCell && !defaultRole) {
      throw new AppError({
        kind: 'invalid-argument',
        message: `CSV line ${i + 1}: no role.`,
        nextStep: {
          cli: 'Add a role column or pass --role; nothing was sent.',
          window: 'Add a role column or choose a role; nothing was sent.',
        },
      });
    }
    const role = roleCell ? parseRole(roleCell, `CSV line ${i + 1}`) : defaultRole!;
    rows.push({
      email,
      role,
      line: i + 1,
      ...(EMAIL_RE.test(email) ? {} : { invalid: `line ${i + 1}: not an email address` }),
    });
  });
  return rows;
}

/**
 * Invites everyone who is not a member and has no pending invite (emails compared without case),
 * once each. With dryRun nothing is sent. Progress is reported per row.
 */
export async function inviteAll(
  api: AdminApi,
  rows: readonly InviteRow[],
  opts: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<RowResult[]> {
  const [members, invites] = await Promise.all([api.members(), api.invites()]);
  const memberEmails = new Set(members.map((m) => m.email.toLowerCase()));
  const pending = new Set(invites.filter((i) => i.status === 'pending').map((i) => i.email.toLowerCase()));
  const seen = new Set<string>();
  const results: RowResult[] = [];
  for (const [n, row] of rows.entries()) {
    const key = row.email.toLowerCase();
    if (row.invalid) results.push({ ...row, outcome: 'invalid-email', message: row.invalid });
    else if (seen.has(key)) results.push({ ...row, outcome: 'duplicate', message: 'listed twice; invited once' });
    else if (memberEmails.has(key)) results.push({ ...row, outcome: 'already-member' });
    else if (pending.has(key)) results.push({ ...row, outcome: 'already-invited' });
    else if (opts.dryRun) results.push({ ...row, outcome: 'would-invite' });
    else {
      try {
        await api.invite(row.email, row.role);
        results.push({ ...row, outcome: 'invited' });
      } catch (e) {
        results.push({ ...row, outcome: 'failed', message: e instanceof AppError ? e.message : 'failed' });
      }
    }
    if (!row.invalid) seen.add(key);
    opts.onProgress?.(n + 1, rows.length);
  }
  return results.map(({ email, role, outcome, message }) => ({
    email,
    role,
    outcome,
    ...(message ? { message } : {}),
  }));
}
