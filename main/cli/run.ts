import { spawn } from 'node:child_process';
import { AppError, keyMissingStep } from '../../common/errors';
import { PROVIDER_LABEL, type ProfileKind } from '../../common/profile';
import { keySource } from '../../common/providers/accounts';
import { overridingPlan } from '../core/accounts/account-plan';
import { isClaudeCommand, runSpec } from '../core/accounts/run-plan';
import { findClaude } from '../core/claude-auth-status';
import { ProfileService } from '../core/profile-service';
import { appDataDir } from '../core/paths';
import { currentCliRuntime } from '../core/runtime';
import { KeyringSecretStore } from '../core/vault';
import { HELP } from './help';
import { EXIT, out, UsageError } from './output';

/** `claude-auth-tray run <profile> -- <command> [args…]`: one process with that profile, no file changed. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const sep = argv.indexOf('--');
  const own = sep < 0 ? argv : argv.slice(0, sep);
  if (own.includes('--help') || own.includes('-h')) {
    out(HELP.run);
    return EXIT.ok;
  }
  const quiet = own.includes('--quiet') || own.includes('-q');
  const refs = own.filter((a) => a !== '--quiet' && a !== '-q');
  if (refs.length !== 1 || refs[0]!.startsWith('-'))
    throw new UsageError('give one profile: run <name|id> -- <command …>');
  const command = sep < 0 ? [] : argv.slice(sep + 1);
  if (command.length === 0) throw new UsageError('missing the command after --');
  const svc = new ProfileService(new KeyringSecretStore(), currentCliRuntime(__dirname));
  const profile = svc.profiles.find(refs[0]!);
  const plan = overridingPlan(svc.planFor(profile), profile, process.env);
  const claudePath = findClaude(process.env);
  const claude = isClaudeCommand(command[0]!, claudePath);
  if (claude && command.some((a) => a === '--settings' || a.startsWith('--settings='))) {
    throw new UsageError('run passes the profile as --settings; put your own settings into a settings file instead');
  }
  const key = claude ? undefined : await keyFor(svc, profile.id, profile.kind);
  const spec = runSpec(profile, plan, command, process.env, { claude, ...(key ? { key } : {}) });
  if (!quiet) {
    process.stderr.write(
      `claude-auth-tray: running ${command[0]} with ${profile.name} (${PROVIDER_LABEL[profile.kind]}) via ${claude ? '--settings' : 'its environment'}; no file changes.\n`,
    );
  }
  const args = spec.settings !== undefined ? ['--settings', spec.settings, ...spec.args] : [...spec.args];
  return new Promise((resolve) => {
    const child = spawn(command[0]!, args, { env: spec.env, stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      process.stderr.write(
        `claude-auth-tray: ${
          missing
            ? claude
              ? `${command[0]} is not on your PATH; install Claude Code: npm install -g @anthropic-ai/claude-code`
              : `${command[0]} is not on your PATH.`
            : `cannot start ${command[0]}: ${e.message.split('\n')[0]}`
        }\n`,
      );
      resolve(127);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : EXIT.failure));
    });
  });
}

/** The key for a command that is not Claude Code (it has no apiKeyHelper): from the keychain or the helper. */
async function keyFor(svc: ProfileService, id: string, kind: ProfileKind): Promise<string | undefined> {
  const source = keySource(kind);
  if (source === 'keychain-key') {
    const k = svc.secrets.get(id);
    if (!k)
      throw new AppError({
        kind: 'secret-missing',
        message: 'The key of this profile is not in the keychain.',
        nextStep: keyMissingStep(svc.profiles.find(id).name),
      });
    return k;
  }
  if (source === 'helper-key') {
    const p = svc.profiles.find(id) as { command?: string; ttlMs?: number; timeoutMs?: number };
    if (!p.command) return undefined;
    const { serveHelperKey } = await import('./api-key-helper');
    const served = await serveHelperKey(svc.secrets, appDataDir(), {
      id,
      command: p.command,
      ttlMs: p.ttlMs,
      timeoutMs: p.timeoutMs,
    });
    return served.key;
  }
  return undefined;
}
