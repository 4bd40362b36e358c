import { AppError } from '../../../common/errors';
import { uncheckableKeyState } from '../key-state';
import type { CoreProvider } from './types';

/** An Admin key is for `team` commands only and is never given to Claude Code. */
export const anthropicAdminKeyCore = {
  kind: 'anthropic-admin-key',
  activation: (p) => {
    throw new AppError({
      kind: 'invalid-argument',
      message: `"${p.name}" is an Admin key: it manages your organisation and is never given to Claude Code.`,
      nextStep: {
        cli: 'Use it with `claude-auth-tray team …`; choose an API-key or provider profile for Claude Code.',
        window: 'Use it on the Team screen; choose an API-key or provider profile for Claude Code.',
      },
    });
  },
  offlineState: (p, ctx) => uncheckableKeyState(p.id, ctx.store, ctx.now, 'Admin key', 'team management only'),
  monitoring: () => ({ how: 'files' }),
  watchedFiles: () => [],
  claudeCode: () => undefined,
} as const satisfies CoreProvider<'anthropic-admin-key'>;
