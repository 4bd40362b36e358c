import { spawn } from 'node:child_process';
import type { Profile } from '../../common/profile';
import type { SignInResult } from '../../common/ipc-contract';
import { isAccountKind } from '../../common/providers/accounts';
import { accountCommandEnv } from './accounts/account-env';
import { findClaude } from './claude-auth-status';
import { findOnPath } from './find-on-path';
import { coreOf } from './providers';
import type { Env } from './paths';

function onPath(bin: string, env: Env): string | undefined {
  return bin === 'claude' ? findClaude(env) : findOnPath(bin, env);
}

const INSTALL: Readonly<Record<string, string>> = {
  claude: 'Claude Code is not installed. Install it with `npm install -g @anthropic-ai/claude-code`, then try again.',
  aws: 'The AWS CLI is not installed. Install AWS CLI v2 (https://docs.aws.amazon.com/cli/), then try again.',
  gcloud:
    'The Google Cloud CLI is not installed. Install it (https://cloud.google.com/sdk/docs/install), then try again.',
};

/** The login command for a profile; sign-in is always done by the provider's own tool. */
export function signInCommand(
  p: Pick<Profile, 'kind'> & { awsProfile?: string | undefined },
): { bin: string; args: string[] } | undefined {
  return coreOf(p.kind).signIn?.(p);
}

/** Starts the provider's login (it opens the browser); the credential watch picks up the result. */
export function startSignIn(
  p: Pick<Profile, 'kind'> & { awsProfile?: string | undefined; storageDir?: string | undefined },
  env: Env = process.env,
): SignInResult {
  const cmd = signInCommand(p);
  if (!cmd) return { started: false, command: '', message: 'This profile has no sign-in step.' };
  const text = [cmd.bin, ...cmd.args].join(' ');
  const bin = onPath(cmd.bin, env);
  if (!bin) return { started: false, command: text, message: INSTALL[cmd.bin] ?? `${cmd.bin} is not installed.` };
  // A Claude.ai account signs in again into its own folder (Claude Code's browser flow: it opens the
  // browser and takes the code on its own; a tray app has no terminal to paste a code into).
  const childEnv =
    isAccountKind(p.kind) && p.storageDir
      ? accountCommandEnv({ ...p, kind: 'claude-ai', id: '', name: '', createdAt: '' }, env)
      : env;
  const child = spawn(bin, cmd.args, { env: childEnv as NodeJS.ProcessEnv, detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return {
    started: true,
    command: text,
    message: `Started \`${text}\`. Finish the sign-in in your browser; the status updates by itself.`,
  };
}
