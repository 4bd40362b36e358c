import { AppError } from '../../../common/errors';
import { maskSecret } from '../../../common/redact';
import { listAwsProfiles } from '../expiry/aws';
import { runHelper } from '../helper-runner';
import { storedHelper, storedKeyCheck } from '../ipc-guards';
import { checkKey } from '../key-validation';
import type { HandlerContext, HandlersOf } from './context';

/** Checking keys, running a saved key helper, the AWS profiles to choose from. */
export function keyHandlers(c: HandlerContext): HandlersOf<'keys:check' | 'helper:run' | 'aws:profiles'> {
  const { svc, deps } = c;
  return {
    'keys:check': async ({ secret, profileId, baseUrl }) => {
      // A draft key (the renderer knows it) may go where the draft says; a stored one only where its
      // profile sends it (ipc-guards.ts).
      const target = secret
        ? { key: secret, baseUrl: baseUrl || deps.apiBaseUrl }
        : profileId
          ? storedKeyCheck(svc.profiles.find(profileId), baseUrl, deps.store, deps.env, deps.apiBaseUrl)
          : { key: undefined, baseUrl: undefined };
      const key = target.key;
      if (!key)
        throw new AppError({
          kind: 'secret-missing',
          message: 'There is no key to check.',
          nextStep: 'Paste the key first.',
        });
      const admin = key.startsWith('sk-ant-admin');
      const r = await checkKey(key, {
        ...(admin ? { path: '/v1/organizations/users?limit=1' } : {}),
        baseUrl: target.baseUrl,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      return { verdict: r.verdict, message: r.message, durationMs: r.durationMs };
    },
    'helper:run': async ({ profileId }) => {
      // Only a saved command runs (ipc-guards.ts): never a command string from the renderer.
      const { command, timeoutMs } = storedHelper(svc.profiles.find(profileId));
      const r = await runHelper(command, {
        ...(timeoutMs ? { timeoutMs } : {}),
        env: deps.env as NodeJS.ProcessEnv,
        cwd: deps.cwd,
      });
      return r.ok
        ? { ok: true, durationMs: r.durationMs, hint: maskSecret(r.key) }
        : {
            ok: false,
            durationMs: r.durationMs,
            error: {
              kind: r.error.kind,
              // The window's words (issue 17): no --flags, no command lines meant for a terminal.
              ...r.error.shown('window'),
            },
          };
    },
    'aws:profiles': async () => listAwsProfiles(deps.env),
  };
}
