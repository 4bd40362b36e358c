/**
 * The documented shapes of Admin API answers (claude-code-auth.md, "Admin API"), checked at the
 * boundary: a proxy's HTML page, a captive portal, a changed API or a wrong base URL become one typed
 * error that names where the answer went wrong, never a crash, "undefined" or the body itself.
 */
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import { sanitizeForTerminal } from '../../../common/terminal-text';

export const memberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().optional(),
  role: z.string(),
});
export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.string(),
  expires_at: z.string().optional(),
});
export const deletedSchema = z.object({ id: z.string() });

/** `GET /v1/organizations/api_keys` items: enough to tell which organisation an API key belongs to. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  status: z.string(),
  /** e.g. "sk-ant-api03-R2D...igAA": the key's start and end. */
  partial_key_hint: z.string().nullable().optional(),
});

/**
 * `GET /v1/organizations/cost_report`: daily buckets; `amount` is a decimal string in the currency's
 * lowest unit ("123.45" USD = $1.23); pages through `next_page`.
 */
export const costReportSchema = z.object({
  data: z.array(
    z.object({
      starting_at: z.string(),
      ending_at: z.string(),
      results: z.array(z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currency: z.string() })),
    }),
  ),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

/** A list page: `{ data: [...], has_more, first_id, last_id }`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean(),
    last_id: z.string().nullable().optional(),
  });

function unexpected(where: string, status: number): AppError {
  return new AppError({
    kind: 'admin-api-unexpected',
    message: `The Admin API answered in an unexpected format (${where}).`,
    nextStep:
      'Check that the Admin-key profile points at the Anthropic API (no base URL, or your gateway’s), then try again later.',
    details: { status },
  });
}

/**
 * Parses a 2xx body against its schema. The error names only schema keys and indexes (never text
 * from the body, which may hold secrets or terminal escape sequences).
 */
export function parseAnswer<T extends z.ZodType>(schema: T, text: string, status: number): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unexpected('not JSON', status);
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = issue?.path.map(String).join('.') || 'top level';
  const what = issue?.code === 'invalid_type' ? `expected ${issue.expected}` : 'not as documented';
  throw unexpected(`${at}: ${what}`, status);
}

/**
 * Text from an error answer made safe for one terminal line: terminal escape sequences (CSI, OSC) and
 * every other control character removed, whitespace folded, bounded.
 */
export function oneLine(s: string): string {
  // Line breaks and tabs become spaces (the words stay apart); every other control character and escape
  // sequence goes through the one sanitiser the CLI and the window use (common/terminal-text).
  const t = sanitizeForTerminal(s.replace(/[\r\n\t\u2028\u2029]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}
