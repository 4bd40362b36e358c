/**
 * Cross-process lock helper, bundled by test/integration/file-lock.test.ts with esbuild.
 *   lock-worker count <lock> <counter> <n>   n times: under the lock, read the counter, write it + 1
 *   lock-worker hold <lock>                  take the lock, print "held", wait to be killed
 */
import * as fs from 'node:fs';
import { tryLock, withFileLock } from '../../main/core/file-lock';

const [mode, lockFile, counterFile, n] = process.argv.slice(2);
if (mode === 'count' && lockFile && counterFile) {
  for (let i = 0; i < Number(n); i++) {
    withFileLock(lockFile, () => {
      const value = Number(fs.readFileSync(counterFile, 'utf8'));
      fs.writeFileSync(counterFile, String(value + 1));
    });
    process.stdout.write('.');
  }
} else if (mode === 'hold' && lockFile) {
  if (!tryLock(lockFile)) throw new Error('lock busy');
  process.stdout.write('held');
  setInterval(() => undefined, 1_000);
} else {
  throw new Error('usage: lock-worker count <lock> <counter> <n> | hold <lock>');
}
