import { AppError } from '../../../common/errors';
import type { z } from 'zod';
import { sanitizeForTerminal } from '../../../common/terminal-text';
import { DEFAULT_API_BASE, parseRetryAfter } from '../key-validation';
import {
  apiKeySchema,
  costReportSchema,
  deletedSchema,
  inviteSchema,
  memberSchema,
  oneLine,
  pageOf,
  parseAnswer,
} from './admin-api-shapes';

/** Roles the Admin API can invite with (claude-code-auth.md); `admin` can only be given in the Console. */
export const INVITE_ROLES = ['user', 'developer', 'billing', 'claude_code_user'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

export interface Member {
  readonly id: string;
  readonly email: string;
  readonly name?: string;
  readonly role: string;
}
export interface Invite {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
  readonly expires_at?: string;
}

export interface AdminApiOptions {
  readonly baseUrl?: string | undefined;
  /** Waits between 429 retries (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly maxRetries?: number;
  readonly onWait?: (ms: number) => void;
}

/**
 * The Anthropic Admin API, with the admin key in `x-api-key`. Honours 429 Retry-After, pages
 * through `limit` / `after_id`. Error texts never contain the key.
 */
export class AdminApi {
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(
    private readonly key: string,
    private readonly opts: AdminApiOptions = {},
  ) {
    this.base = (opts.baseUrl || DEFAULT_API_BASE).replace(/\/+$/, '');
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private async request<T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.output<T>> {
    const max = this.opts.maxRetries ?? 6;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            'x-api-key': this.key,
            'anthropic-version': '2023-06-01',
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      } catch {
        throw new AppError({
          kind: 'io-error',
          message: 'The Anthropic Admin API could not be reached.',
          nextStep: 'Check your connection (or the base URL) and try again.',
        });
      }
      const text = await res.text();
      if (res.status === 429 && attempt < max) {
        const wait = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 1000 * 2 ** attempt;
        this.opts.onWait?.(wait);
        await this.sleep(Math.min(wait, 60_000));
        continue;
      }
      if (res.ok) return parseAnswer(schema, text, res.status);
      let message = `HTTP ${res.status}`;
      try {
        const m = (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error?.message;
        // The server's own words, as one clean line (an error page may carry escape sequences).
        if (typeof m === 'string' && oneLine(m)) message = oneLine(m);
      } catch {
        // not JSON
      }
      const nextStep =
        res.status === 401
          ? 'The Admin key was rejected; create a new one in the Console (Settings → Admin keys).'
          : res.status === 403
            ? 'This Admin key may not do that.'
            : 'Check the input and try again.';
      throw new AppError({
        kind: res.status === 401 || res.status === 403 ? 'invalid-argument' : 'io-error',
        // The server's words, printed in a terminal and the window: no escape sequences (issue 12, item 10).
        message: `Admin API: ${sanitizeForTerminal(String(message)).slice(0, 300)}`.replaceAll(this.key, '…'),
        nextStep,
        details: { status: res.status },
      });
    }
  }

  private async all<T extends z.ZodType>(item: T, path: string): Promise<z.output<T>[]> {
    const out: z.output<T>[] = [];
    let after: string | undefined;
    for (;;) {
      const q = new URLSearchParams({ limit: '100', ...(after ? { after_id: after } : {}) });
      const page = await this.request(pageOf(item), 'GET', `${path}?${q}`);
      out.push(...(page.data as z.output<T>[]));
      if (!page.has_more || !page.last_id) return out;
      after = page.last_id;
    }
  }

  members(): Promise<Member[]> {
    return this.all(memberSchema, '/v1/organizations/users');
  }
  invites(): Promise<Invite[]> {
    return this.all(inviteSchema, '/v1/organizations/invites');
  }
  invite(email: string, role: InviteRole): Promise<Invite> {
    return this.request(inviteSchema, 'POST', '/v1/organizations/invites', { email, role });
  }
  revokeInvite(id: string): Promise<{ id: string }> {
    return this.request(deletedSchema, 'DELETE', `/v1/organizations/invites/${encodeURIComponent(id)}`);
  }
  apiKeys(): Promise<{ id: string; status: string; partial_key_hint?: string | null | undefined }[]> {
    return this.all(apiKeySchema, '/v1/organizations/api_keys');
  }
  /** Daily cost buckets from `startingAt` (RFC 3339), every page. */
  async costReport(startingAt: string): Promise<{ startingAt: string; cents: number }[]> {
    const out: { startingAt: string; cents: number }[] = [];
    let page: string | undefined;
    for (let n = 0; n < 100; n++) {
      const q = new URLSearchParams({
        starting_at: startingAt,
        bucket_width: '1d',
        limit: '31',
        ...(page ? { page } : {}),
      });
      const r = await this.request(costReportSchema, 'GET', `/v1/organizations/cost_report?${q}`);
      for (const b of r.data) {
        const cents = b.results.filter((x) => x.currency === 'USD').reduce((sum, x) => sum + Number(x.amount), 0);
        out.push({ startingAt: b.starting_at, cents });
      }
      if (!r.has_more || !r.next_page) return out;
      page = r.next_page;
    }
    return out;
  }
  setRole(userId: string, role: InviteRole): Promise<Member> {
    return this.request(memberSchema, 'POST', `/v1/organizations/users/${encodeURIComponent(userId)}`, { role });
  }
}
