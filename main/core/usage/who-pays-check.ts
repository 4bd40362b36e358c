/**
 * Who-pays warnings (issue 15, item 5): when Claude Code — by `claude auth status`'s own answer, not a
 * guess — will bill an API key per token while the active profile is a Claude.ai subscription, or use
 * a subscription while the active profile is an API key, say so in billing terms and name where the
 * winner comes from (the shell, or which settings file), with the one step that fixes it.
 */
import * as path from 'node:path';
import type { Profile } from '../../../common/profile';
import { billingOf } from '../../../common/providers';
import { readFileIfExists } from '../atomic-write';
import { compareAuth, type AuthMismatch, type ClaudeAuthStatus } from '../claude-auth-status';
import { parseSettings } from '../claude-settings/settings-merge';
import { settingsLocations } from '../doctor';
import type { Env } from '../paths';

export interface KeySource {
  /** "exported in your shell" or "set in <file>". */
  readonly label: string;
  readonly fix: string;
  readonly windowFix: string;
  /** The exported variable, when that is the source. */
  readonly variable?: string;
}

const MANAGED: Partial<Record<NodeJS.Platform, string>> = {
  darwin: '/Library/Application Support/ClaudeCode/managed-settings.json',
  linux: '/etc/claude-code/managed-settings.json',
  win32: 'C:\\Program Files\\ClaudeCode\\managed-settings.json',
};

/** The settings files Claude Code reads, highest precedence first. */
function settingsFiles(env: Env, cwd: string): string[] {
  const own = settingsLocations(env, cwd)
    .map((l) => path.resolve(l.file))
    .reverse(); // local → project → user
  const managed = MANAGED[process.platform];
  return [...(managed ? [managed] : []), ...new Set(own)];
}

function valueIn(file: string, key: readonly string[]): unknown {
  try {
    const text = readFileIfExists(file);
    if (text === undefined) return undefined;
    let v: unknown = parseSettings(text, file);
    for (const k of key) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  } catch {
    return undefined;
  }
}

/** Where the credential Claude Code named (apiKeySource) comes from. */
export function locateKeySource(src: string, env: Env, cwd: string): KeySource | undefined {
  const isVar = /^[A-Z][A-Z0-9_]*$/.test(src);
  if (isVar && env[src]) {
    return {
      variable: src,
      label: 'exported in your shell',
      fix: `Remove the export of ${src} from your shell profile (e.g. ~/.zshrc, ~/.bashrc), open a new terminal, and check again with \`claude-auth-tray status\`.`,
      windowFix: `Remove the export of ${src} from your shell profile (e.g. ~/.zshrc, ~/.bashrc) and start Claude Code from a new terminal.`,
    };
  }
  const key = isVar ? ['env', src] : ['apiKeyHelper'];
  const file = settingsFiles(env, cwd).find((f) => {
    const v = valueIn(f, key);
    return typeof v === 'string' && v !== '';
  });
  if (!file) return undefined;
  return {
    label: `set in ${file}`,
    fix: `Remove ${key.join('.')} from ${file} (or run \`claude-auth-tray doctor\`), then check again with \`claude-auth-tray status\`.`,
    windowFix: `Remove ${key.join('.')} from ${file} (the Doctor can move a key into the keychain), then refresh.`,
  };
}

const isKeyKind = (p: Profile): boolean => billingOf(p) === 'per-token';

/** compareAuth, told in terms of who pays, with the source of the winning credential. Pure but for file reads. */
export function whoPaysMismatch(
  profile: Profile | undefined,
  s: ClaudeAuthStatus,
  env: Env = process.env,
  cwd: string = process.cwd(),
): AuthMismatch | undefined {
  const m = compareAuth(profile, s);
  if (!m || !profile) return m;
  const src = s.apiKeySource;
  if (billingOf(profile) === 'subscription' && src) {
    const where = locateKeySource(src, env, cwd);
    const what = src === 'apiKeyHelper' ? 'the key of an apiKeyHelper' : `the API key in ${src}`;
    return {
      message: `Claude Code bills ${what}${where ? ` (${where.label})` : ''} per token, not your Claude.ai subscription "${profile.name}".`,
      fix: where?.fix ?? m.fix,
      ...windowFixOf(where ?? m),
      ...(where?.variable ? { variable: where.variable } : {}),
    };
  }
  if (isKeyKind(profile) && src && src !== 'apiKeyHelper') {
    const where = locateKeySource(src, env, cwd);
    return {
      message: `Claude Code bills the API key in ${src}${where ? ` (${where.label})` : ''}, not the "${profile.name}" key.`,
      fix: where?.fix ?? m.fix,
      ...windowFixOf(where ?? m),
      ...(where?.variable ? { variable: where.variable } : {}),
    };
  }
  if (isKeyKind(profile) && s.authMethod === 'claude.ai') {
    // A project file can cancel the helper ("apiKeyHelper": ""): then the subscription is used.
    const emptied = settingsFiles(env, cwd).find((f) => valueIn(f, ['apiKeyHelper']) === '');
    return {
      message: `Claude Code uses a Claude.ai subscription, not the "${profile.name}" API key${emptied ? ` (apiKeyHelper is emptied in ${emptied})` : ''}: its use counts against that subscription's limits.`,
      fix: emptied
        ? `Remove "apiKeyHelper" from ${emptied}, then check again with \`claude-auth-tray status\`.`
        : `Run \`claude-auth-tray use "${profile.name}"\` again, and check project and managed settings for an empty apiKeyHelper or forceLoginMethod.`,
      windowFix: emptied
        ? `Remove "apiKeyHelper" from ${emptied}, then refresh.`
        : `Switch to "${profile.name}" again, and check project and managed settings for an empty apiKeyHelper or forceLoginMethod.`,
    };
  }
  return m;
}

const windowFixOf = (x: { readonly windowFix?: string | undefined }): { windowFix?: string } =>
  x.windowFix === undefined ? {} : { windowFix: x.windowFix };
