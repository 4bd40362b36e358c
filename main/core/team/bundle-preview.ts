import { PROVIDER_LABEL } from '../../../common/profile';
import { escapeForTerminal } from '../../../common/terminal-text';
import { activationPlan, type PlanEntry } from '../claude-settings/activation-plan';
import { coreOf } from '../providers';
import { commandOfBundle, stepsFor, storedProfileOf, type Bundle, type Shareable } from './bundle';

export interface BundlePreview {
  /** Lines for a terminal or the window: every value from the bundle escaped (`\x1b`), never raw. */
  readonly lines: readonly string[];
  /** The command importing consents to (escaped for display), when the bundle carries one. */
  readonly command?: string;
}

/** When and why Claude Code runs each command key. */
const COMMAND_KEYS: Readonly<Record<string, string>> = {
  awsCredentialExport: 'at every start and before the credentials it prints expire',
  awsAuthRefresh: 'when the AWS credentials have expired',
  gcpAuthRefresh: 'when the Google credentials have expired or are missing',
  apiKeyHelper: 'to get the key',
};

/**
 * What importing this bundle and then using the profile will do (issue 12, item 9): computed from
 * the profile that will be stored, with the same activationPlan `use` runs, never from the bundle's
 * own managedSettings or steps. Lists the exact keys and values, where Claude Code's requests go,
 * and every command in full.
 */
/** `adding`: it is being imported now (`--yes`); else a preview, which says what would happen. */
export function previewBundle(b: Bundle, name?: string, opts: { adding?: boolean } = {}): BundlePreview {
  const p = storedProfileOf(b, name);
  const plan = activationPlan({
    // An API-key profile's plan, with a marker for the key the user pastes later.
    profile: { ...p, ...('authMode' in p && p.authMode === 'api-key' ? { allowPlaintextSecret: true } : {}) },
    helperCommand: '',
    plaintextSecret: 'placeholder',
  });
  const show = escapeForTerminal;
  const value = (e: PlanEntry): string =>
    e.secret
      ? `<your ${PROVIDER_LABEL[p.kind]} API key from the keychain, in plain text: only once you paste it and allow that>`
      : show(e.value);
  const commands = plan.filter((e) => e.path.length === 1 && e.path[0] in COMMAND_KEYS);
  const command = commandOfBundle(b);
  return {
    lines: [
      `Profile "${show(p.name)}" (${PROVIDER_LABEL[p.kind]}) ${opts.adding ? 'is' : 'would be'} added. \`use\` then writes exactly this to Claude Code's settings.json:`,
      ...plan.map((e) => `  ${e.path.join('.')} = ${value(e)}`),
      ...hostsOf(p, plan).map((h) => `Claude Code sends its requests to: ${show(h)}`),
      ...(commands.length
        ? [
            'Commands that Claude Code and this app will run on this computer (import only if you trust whoever sent it):',
            ...commands.map((e) => `  ${e.path[0]}: ${show(e.value)}   (${COMMAND_KEYS[e.path[0]]})`),
          ]
        : []),
      'Steps to get cloud credentials:',
      ...stepsFor(p).map((s, i) => `  ${i + 1}. ${show(s)}`),
    ],
    ...(command !== undefined ? { command: show(command) } : {}),
  };
}

/** Every host Claude Code talks to for this profile: the provider's endpoint and every URL written. */
function hostsOf(p: Shareable, plan: readonly PlanEntry[]): string[] {
  const hosts: string[] = [];
  const own = coreOf(p.kind).endpointHost?.(p);
  if (own) hosts.push(own);
  for (const e of plan) {
    if (e.secret || !/^https?:\/\//i.test(e.value)) continue;
    try {
      hosts.push(new URL(e.value).host);
    } catch {
      hosts.push(e.value); // not a URL after all: show it whole
    }
  }
  return [...new Set(hosts)];
}
