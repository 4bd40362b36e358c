import type { AuthState } from '../../../common/auth-state';
import { AppError } from '../../../common/errors';
import { DEFAULT_HELPER_TIMEOUT_MS, quotedErr, runShell, type HelperRunOptions } from '../helper-runner';
import type { Env } from '../paths';
import { credentialProcessFor, parseAwsTime } from './aws';

/** Output cap: a credentials JSON is well under 8 KB; more is a mistake (a log on stdout). */
const MAX_EXPORT_BYTES = 64 * 1024;

/** `export`: awsCredentialExport's {"Credentials":{…}}; `process`: credential_process's {"Version":1,…}. */
export type CredentialFormat = 'export' | 'process';

export type ExportResult =
  | { readonly ok: true; readonly expiresAt?: number; readonly durationMs: number }
  | { readonly ok: false; readonly error: AppError; readonly durationMs: number };

/** The secret strings of a credentials JSON, to keep them out of any stderr line we show. */
function secretsIn(stdout: string): string[] {
  const found = [stdout.trim()];
  for (const m of stdout.matchAll(/"(?:SecretAccessKey|SessionToken|AccessKeyId)"\s*:\s*"([^"]+)"/g)) {
    if (m[1]) found.push(m[1]);
  }
  return found;
}

/**
 * Runs a Bedrock profile's `awsCredentialExport` command the way Claude Code does and reads the
 * `Expiration` of what it prints (`{"Credentials":{"AccessKeyId","SecretAccessKey","SessionToken",
 * "Expiration"}}`, the shape of `aws sts get-session-token`). The credentials themselves are dropped
 * at once: nothing but the expiry leaves this function, and error texts never quote the output.
 */
export async function runCredentialExport(
  command: string,
  opts: HelperRunOptions & { format?: CredentialFormat } = {},
): Promise<ExportResult> {
  const format = opts.format ?? 'export';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  const r = await runShell(command, { ...opts, maxStdout: MAX_EXPORT_BYTES, secretsOf: secretsIn });
  const fail = (kind: AppError['kind'], message: string, nextStep: string): ExportResult => ({
    ok: false,
    durationMs: r.durationMs,
    error: new AppError({ kind, message, nextStep, details: { durationMs: r.durationMs } }),
  });
  const what = format === 'process' ? 'The credential_process command' : 'The AWS credential export command';
  if (r.spawnError !== undefined)
    return fail('helper-not-found', `${what} could not be started (${r.spawnError}).`, 'Check that /bin/sh exists.');
  if (r.timedOut)
    return fail(
      'helper-timeout',
      `${what} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`,
      'Check that it does not wait for input (Claude Code cannot answer prompts).',
    );
  if (r.code === (r.win ? 9009 : 127))
    return fail(
      'helper-not-found',
      `${what} was not found${quotedErr(r.lastErr)}`,
      'Check the command and that it is on the PATH Claude Code sees (use an absolute path).',
    );
  if (r.code !== 0) {
    const how = r.code === null ? `was killed by ${r.signal ?? 'a signal'}` : `exited with code ${r.code}`;
    return fail(
      'helper-exit',
      `${what} ${how}${quotedErr(r.lastErr)}`,
      'Run it in a terminal to see what it needs (often a login such as `aws sso login`).',
    );
  }
  if (r.outLen > MAX_EXPORT_BYTES)
    return fail('helper-too-long', `${what} printed ${r.outLen} bytes.`, 'Make it print only the credentials JSON.');
  if (r.stdout.trim() === '')
    return fail('helper-empty', `${what} printed nothing.`, 'Make it print the credentials JSON on standard output.');
  let creds: { AccessKeyId?: unknown; SecretAccessKey?: unknown; Expiration?: unknown } | undefined;
  try {
    const j = JSON.parse(r.stdout) as { Credentials?: typeof creds; Version?: unknown } & typeof creds;
    creds = format === 'process' ? (j?.Version === 1 ? j : undefined) : j?.Credentials;
  } catch {
    creds = undefined;
  }
  if (!creds || typeof creds.AccessKeyId !== 'string' || typeof creds.SecretAccessKey !== 'string')
    return fail(
      'helper-invalid-output',
      format === 'process'
        ? `${what} did not print {"Version":1,"AccessKeyId",…} (a log line on stdout, or another format).`
        : `${what} did not print {"Credentials":{"AccessKeyId",…}} (a log line on stdout, or another format).`,
      format === 'process'
        ? 'Fix the credential_process in ~/.aws/config; logs go to standard error.'
        : // Not `aws configure export-credentials`: by default it prints {"Version":1,…} (credential_process's shape).
          'Print exactly that JSON, as `aws sts get-session-token --profile <profile> --output json` does; logs go to standard error.',
    );
  const at = typeof creds.Expiration === 'string' ? parseAwsTime(creds.Expiration) : undefined;
  return { ok: true, durationMs: r.durationMs, ...(at === undefined ? {} : { expiresAt: at }) };
}

/**
 * A credential-export profile's state. The command renews the credentials itself (Claude Code runs it
 * again 5 minutes before `Expiration`), so a working command is `ok` with the expiry shown, not a
 * session to warn about; a failing one is an error the user must fix.
 */
export function exportState(
  profileId: string,
  r: ExportResult,
  now: number,
  format: CredentialFormat = 'export',
): AuthState {
  const what = format === 'process' ? 'the credential_process command' : 'the credential export command';
  const rerun =
    format === 'process'
      ? 'the AWS SDK runs it again before they expire'
      : 'Claude Code runs it again 5 min before they expire';
  const base = { profileId, lastCheckedAt: now };
  if (!r.ok)
    return {
      ...base,
      status: 'error',
      detail: { kind: r.error.kind, message: r.error.commonLine() },
      next: 'fix-helper',
    };
  if (r.expiresAt !== undefined && r.expiresAt <= now)
    return {
      ...base,
      status: 'expired',
      expiresAt: r.expiresAt,
      detail: {
        kind: 'session',
        message: `${what} printed credentials that have already expired; it needs a fresh login`,
      },
      next: 'fix-helper',
    };
  return {
    ...base,
    status: 'ok',
    ...(r.expiresAt !== undefined ? { expiresAt: r.expiresAt } : {}),
    detail: {
      kind: 'valid',
      message:
        r.expiresAt !== undefined
          ? `${what} works (${r.durationMs} ms); ${rerun}`
          : `${what} works (${r.durationMs} ms); its credentials carry no expiry`,
    },
    next: 'none',
  };
}

export interface CredentialCommand {
  readonly command: string;
  readonly format: CredentialFormat;
}

/**
 * The command an AWS profile's (Bedrock, Claude Platform on AWS) credentials come from, if any: its own awsCredentialExport, or the
 * credential_process of its AWS profile in ~/.aws/config (what the AWS SDK in Claude Code would run).
 */
export function awsCredentialCommand(
  p: {
    readonly authMode: string;
    readonly awsProfile?: string | undefined;
    readonly credentialExport?: string | undefined;
  },
  env: Env,
): CredentialCommand | undefined {
  if (p.authMode === 'credential-export')
    return p.credentialExport ? { command: p.credentialExport, format: 'export' } : undefined;
  if (p.authMode !== 'aws-profile') return undefined;
  const command = credentialProcessFor(p.awsProfile, env);
  return command ? { command, format: 'process' } : undefined;
}

/** Runs a profile's credential command and turns the outcome into its state (CLI `refresh`, the tray). */
export async function checkCredentialCommand(
  profileId: string,
  cmd: CredentialCommand,
  env: Env,
  now: () => number,
): Promise<AuthState> {
  const r = await runCredentialExport(cmd.command, { env: env as NodeJS.ProcessEnv, format: cmd.format });
  return exportState(profileId, r, now(), cmd.format);
}
