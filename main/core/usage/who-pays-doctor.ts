import type { DoctorFinding } from '../../../common/ipc-contract';
import type { ProfilesFile } from '../../../common/profile';
import { currentVerdict } from '../claude-check';
import type { Env } from '../paths';
import { whoPaysMismatch } from './who-pays-check';

/**
 * The findings with one warning per cause (issue 15): an exported variable that a who-pays finding
 * names is not warned about a second time by the environment check.
 */
export function oneWarningPerCause<T extends Pick<DoctorFinding, 'kind' | 'variable'>>(findings: readonly T[]): T[] {
  const named = new Set(findings.filter((f) => f.kind === 'claude-code-mismatch' && f.variable).map((f) => f.variable));
  return findings.filter((f) => !(f.kind === 'secret-in-environment' && f.variable && named.has(f.variable)));
}

/**
 * Doctor's who-pays finding, from Claude Code's own answer in this folder: the recorded verdict
 * (claude-check.json) when it is fresh and about this very state — same fingerprint: profile,
 * settings files, folder, `claude`, variables —, else `claude auth status` asked now (and recorded).
 */
export async function whoPaysFindings(f: ProfilesFile, env: Env, cwd: string): Promise<DoctorFinding[]> {
  const active = f.profiles.find((p) => p.id === f.activeProfileId);
  if (!active) return [];
  const s = (await currentVerdict(() => f.activeProfileId, env, cwd))?.result;
  const m = s ? whoPaysMismatch(active, s, env, cwd) : undefined;
  return m
    ? [
        {
          kind: 'claude-code-mismatch',
          severity: 'warning',
          message: m.message,
          fix: m.fix,
          ...(m.windowFix ? { windowFix: m.windowFix } : {}),
          ...(m.variable ? { variable: m.variable } : {}),
        },
      ]
    : [];
}
