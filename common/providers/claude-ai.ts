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
  cli: { flags: [], usage: ['claude-ai'], fromOptions: () => ({}) },
  fromFlat: (i) => ({ name: i.name, kind: 'claude-ai' }),
} as const satisfies ProviderSpec<'claude-ai'>;
