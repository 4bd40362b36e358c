import type { Profile } from '../../../common/profile';

const KEYS: ReadonlySet<string> = new Set(['anthropic-api-key', 'api-key-helper']);

/**
 * What Claude Code sessions that are already running do after a switch, as measured with Claude
 * Code 2.1.197 in tmux (test/compat/running-session.test.ts). Pure: `use` and the tray say the same.
 */
export function runningSessionNote(from: Profile | undefined, to: Profile): string {
  const fromKind = from?.kind;
  if (to.kind === 'claude-ai' && fromKind === 'claude-ai' && from!.id !== to.id) {
    return `Running Claude Code sessions may keep using "${from!.name}" until its token is rejected or they restart; new sessions use "${to.name}".`;
  }
  if (KEYS.has(to.kind) && (fromKind === 'claude-ai' || (fromKind !== undefined && KEYS.has(fromKind)))) {
    return 'Running Claude Code sessions use it from their next request (they re-read apiKeyHelper).';
  }
  if (to.kind === 'claude-ai' && fromKind !== undefined && KEYS.has(fromKind)) {
    return `Running Claude Code sessions started on the key use "${to.name}" from their next request; one started on another account may keep that account until its token is rejected or it restarts.`;
  }
  return 'New Claude Code sessions use it; restart running ones (this kind of switch was not measured for running sessions).';
}
