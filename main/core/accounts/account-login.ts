import type { ChildProcess } from 'node:child_process';
import { AppError } from '../../../common/errors';
import type { AccountLoginView } from '../../../common/ipc-contract';
import type { Env } from '../paths';
import type { ClaudeAiProfile } from './account-env';
import { runClaudeFor, type ClaudeRun } from './claude-account-cli';

/** What Claude Code 2.1.197 prints for its sign-in page and its code prompt (measured with piped stdin). */
const URL_LINE = /https:\/\/\S+/;
const CODE_PROMPT = /Paste code here/i;
const INVALID_CODE = /Invalid code/i;

interface Running {
  readonly target: string;
  readonly child: ChildProcess | undefined;
  readonly done: Promise<ClaudeRun>;
  url?: string;
  asksCode: boolean;
  message?: string;
}

/**
 * The window's Claude.ai sign-ins (issue 14): Claude Code's own `claude auth login` for an account
 * folder, with its stdin kept open so the code Claude.ai shows in the browser can be pasted back from
 * the window. One at a time (each waits on the user's browser). The code goes renderer → main → the
 * login's stdin and nowhere else: never kept, logged, or sent back; Claude Code's output is read only
 * for its sign-in page (not a secret: the PKCE verifier stays in Claude Code) and its prompts.
 */
export class AccountLogins {
  private current: Running | undefined;
  private last: AccountLoginView | undefined;

  constructor(
    private readonly env: Env,
    private readonly changed: () => void,
  ) {}

  /** The running login (or the last one's failure) for the window. */
  view(): AccountLoginView | undefined {
    const c = this.current;
    if (!c) return this.last;
    return {
      target: c.target,
      state: 'waiting',
      asksCode: c.asksCode,
      ...(c.url ? { url: c.url } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  }

  busy(): boolean {
    return this.current !== undefined;
  }

  /**
   * Starts `claude auth login` for an account folder. `target` names it for the window (a profile id,
   * or "new:<name>" while an account is being added). Resolves `started` once Claude Code printed its
   * page (or ended, or after a few seconds); `done` when the login ends.
   */
  start(p: ClaudeAiProfile, target: string, timeoutMs = 600_000): { started: Promise<void>; done: Promise<ClaudeRun> } {
    if (this.current) {
      throw new AppError({
        kind: 'claude-login-failed',
        message: 'Another sign-in is still waiting for the browser.',
        nextStep: 'Finish it (or press Cancel), then try again.',
      });
    }
    let child: ChildProcess | undefined;
    let seen: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      seen = resolve;
      setTimeout(resolve, 8_000).unref();
    });
    const done = runClaudeFor(p, ['auth', 'login'], this.env, {
      stdin: 'pipe',
      timeoutMs,
      onChild: (c) => {
        child = c;
        c.stdin?.on('error', () => undefined); // the login ended while a code was on its way
        c.stdout?.on('data', (b: Buffer) => this.onOutput(b.toString('utf8'), seen));
        c.stderr?.on('data', (b: Buffer) => this.onOutput(b.toString('utf8'), seen));
      },
    });
    const run: Running = { target, child, done, asksCode: false };
    this.current = run;
    this.last = undefined;
    void done.then((r) => {
      seen();
      if (this.current === run) this.current = undefined;
      this.last =
        r.code === 0
          ? undefined
          : {
              target,
              state: 'failed',
              asksCode: false,
              message: `Claude Code did not finish the sign-in${r.code === null ? ' (stopped)' : ` (claude auth login exited with ${r.code})`}. Try again.`,
            };
      this.changed();
    });
    // onChild ran synchronously inside runClaudeFor.
    (run as { child: ChildProcess | undefined }).child = child;
    this.changed();
    return { started, done };
  }

  /** Sends the code the user pasted to the running login's prompt; false when none is waiting. */
  sendCode(code: string): boolean {
    const c = this.current;
    const stdin = c?.child?.stdin;
    if (!c || !stdin || stdin.destroyed) return false;
    c.message = undefined;
    stdin.write(`${code.trim()}\n`);
    this.changed();
    return true;
  }

  /** Ends the running login (Cancel, or the app quits). */
  cancel(): void {
    this.current?.child?.kill();
  }

  private onOutput(text: string, seen: () => void): void {
    const c = this.current;
    if (!c) return;
    const url = URL_LINE.exec(text)?.[0];
    if (url && !c.url) c.url = url;
    if (CODE_PROMPT.test(text)) c.asksCode = true;
    if (INVALID_CODE.test(text))
      c.message = 'Claude Code did not accept that code: copy the whole code and paste it again.';
    if (c.url || c.asksCode) seen();
    this.changed();
  }
}
