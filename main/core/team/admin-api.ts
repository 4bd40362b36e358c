import { AppError } from '../../../common/errors';
import { sanitizeForTerminal } from '../../../common/terminal-text';
import { DEFAULT_API_BASE, parseRetryAfter } from '../key-validation';

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

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
      if (res.ok) return (text ? JSON.parse(text) : {}) as T;
      let message = `HTTP ${res.status}`;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
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
        message: `Admin API: ${sanitizeForTerminal(String(message)).slice(0, 300)}`.replace(this.key, '…'),
        nextStep,
        details: { status: res.status },
      });
    }
  }

  private async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (;;) {
      const q = new URLSearchParams({ limit: '100', ...(after ? { after_id: after } : {}) });
      const page = await this.request<{ data: T[]; has_more: boolean; last_id?: string | null }>('GET', `${path}?${q}`);
      out.push(...page.data);
      if (!page.has_more || !page.last_id) return out;
      after = page.last_id;
    }
  }

  members(): Promise<Member[]> {
    return this.all<Member>('/v1/organizations/users');
  }
  invites(): Promise<Invite[]> {
    return this.all<Invite>('/v1/organizations/invites');
  }
  invite(email: string, role: InviteRole): Promise<Invite> {
    return this.request<Invite>('POST', '/v1/organizations/invites', { email, role });
  }
  revokeInvite(id: string): Promise<{ id: string }> {
    return this.request('DELETE', `/v1/organizations/invites/${encodeURIComponent(id)}`);
  }
  setRole(userId: string, role: InviteRole): Promise<Member> {
    return this.request<Member>('POST', `/v1/organizations/users/${encodeURIComponent(userId)}`, { role });
  }
}
