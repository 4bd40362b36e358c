import type { DoctorFinding } from '../../../common/ipc-contract';
import type { ProfilesFile } from '../../../common/profile';
import { claudeAuthStatus } from '../claude-auth-status';
import type { Env } from '../paths';
import { whoPaysMismatch } from './who-pays-check';

/** Doctor's who-pays finding: asks Claude Code (`claude auth status`) in this folder. */
export async function whoPaysFindings(f: ProfilesFile, env: Env, cwd: string): Promise<DoctorFinding[]> {
  const active = f.profiles.find((p) => p.id === f.activeProfileId);
  if (!active) return [];
  const s = await claudeAuthStatus(env, cwd);
  const m = s ? whoPaysMismatch(active, s, env, cwd) : undefined;
  return m
    ? [
        {
          kind: 'claude-code-mismatch',
          severity: 'warning',
          message: m.message,
          fix: m.fix,
          ...(m.windowFix ? { windowFix: m.windowFix } : {}),
        },
      ]
    : [];
}
