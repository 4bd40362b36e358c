/** The real AppApi as the core tests make it (no test-runner hooks: the browser tests use it too). */
import { AppApi, type AppApiDeps } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { KeyringSecretStore } from '../../main/core/vault';

/**
 * The real AppApi in `env` (give it the private Secret Service's), with the deps every core test
 * gives it: the keychain, the system clock, a closed loopback port for key checks, and a CLI path
 * (a name only, unless a test runs it). `extra` adds to or replaces them.
 */
export function coreApp(
  env: NodeJS.ProcessEnv,
  cwd: string,
  extra: Partial<AppApiDeps> = {},
  cliPath = 'cli.js',
): AppApi {
  return new AppApi({
    env,
    cwd,
    store: new KeyringSecretStore(),
    clock: systemClock({ unref: true }),
    runtime: { execPath: process.execPath, cliPath, runAsNode: false, platform: 'linux' },
    apiBaseUrl: 'http://127.0.0.1:9',
    ...extra,
  });
}
