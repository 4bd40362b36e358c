import { always, never } from './shared';
import type { ProviderSpec } from './types';

/** The Claude.ai subscription through Claude Code's own login, which this app only reads. */
export const claudeAi = {
  kind: 'claude-ai',
  label: 'Claude.ai subscription',
  nameHint: 'e.g. My Max plan',
  traits: { activatable: true, session: true, shareable: false, billing: 'subscription' },
  needsSecret: never,
  renewsItself: never,
  canSignIn: always,
  loginPanel: always,
  words: { signIn: 'Sign in with Claude', saveAndUse: 'Save and use subscription', use: 'Use subscription' },
  fields: [],
  form: 'subscription',
  cli: {
    flags: [],
    // --login and --from-config-dir (issue 14) are handled by main/cli/accounts.ts: they run Claude Code.
    usage: [
      'claude-ai                       Claude Code\'s own login (~/.claude): the "default" account',
      'claude-ai --login               a new Claude.ai account: runs `claude auth login` in this terminal,',
      '                                keeping its login in a folder of this app (nothing is copied)',
      'claude-ai --from-config-dir <dir>   adopts the login of a CLAUDE_CONFIG_DIR alias (it stays there)',
    ],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({ name: i.name, kind: 'claude-ai' }),
} as const satisfies ProviderSpec<'claude-ai'>;
