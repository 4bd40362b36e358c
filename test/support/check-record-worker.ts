/**
 * Cross-process writer of profile-checks.json, bundled by test/integration/check-records-lock.test.ts.
 *   check-record-worker <dataDir> <tag> <n>   records n checks, of profiles `<tag>-0` … `<tag>-<n-1>`
 */
import type { Profile } from '../../common/profile';
import { recordCheck } from '../../main/core/check-records';

const [dataDir, tag, n] = process.argv.slice(2);
if (!dataDir || !tag || !n) throw new Error('usage: check-record-worker <dataDir> <tag> <n>');
for (let i = 0; i < Number(n); i++) {
  const p: Profile = {
    id: `${tag}-${i}`,
    name: `${tag} ${i}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    kind: 'anthropic-api-key',
  };
  recordCheck(
    dataDir,
    p,
    {
      profileId: p.id,
      status: 'ok',
      lastCheckedAt: Date.now(),
      detail: { kind: 'valid', message: 'The key works.' },
      next: 'none',
    },
    {},
    process.platform,
  );
}
process.stdout.write('done');
