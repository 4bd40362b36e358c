import type { Profile } from '../../../common/profile';
import { claudeAccount, keySource } from '../../../common/providers/accounts';

/** A profile whose key Claude Code gets through apiKeyHelper. */
const isKey = (p: Profile | undefined): boolean => p !== undefined && keySource(p.kind) !== undefined;

/**
 * What Claude Code sessions that are already running do after a switch, as measured with Claude
 * Code 2.1.197 in tmux (test/compat/running-session.test.ts). Pure: `use` and the tray say the same.
 */
export function runningSessionNote(from: Profile | undefined, to: Profile): string {
  const fromAccount = claudeAccount(from);
  const toAccount = claudeAccount(to);
  if (toAccount && fromAccount && fromAccount.id !== to.id) {
    return `Running Claude Code sessions may keep using "${fromAccount.name}" until its token is rejected or they restart; new sessions use "${to.name}".`;
  }
  // From nothing active (Claude Code's own login, or the environment) to a key is the measured
  // account → key case: a running session on its own login takes apiKeyHelper at its next request.
  if (isKey(to) && (from === undefined || fromAccount || isKey(from))) {
    return 'Running Claude Code sessions use it from their next request (they re-read apiKeyHelper).';
  }
  if (toAccount && isKey(from)) {
    return `Running Claude Code sessions started on the key use "${to.name}" from their next request; one started on another account may keep that account until its token is rejected or it restarts.`;
  }
  return 'New Claude Code sessions use it; restart running ones (this kind of switch was not measured for running sessions).';
}
