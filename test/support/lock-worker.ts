/**
 * Cross-process lock helper, bundled by test/integration/file-lock.test.ts with esbuild.
 *   lock-worker count <lock> <counter> <n>   n times: under the lock, read the counter, write it + 1
 *   lock-worker hold <lock>                  take the lock, print "held", wait to be killed
 *   lock-worker count-link <lock> <counter> <n>, hold-link <lock>: the same with link locks (tryLock's asLink)
 */
import * as fs from 'node:fs';
import { sleepSync, tryLock, withFileLock } from '../../main/core/file-lock';

const [mode, lockFile, counterFile, n] = process.argv.slice(2);
if (mode === 'count' && lockFile && counterFile) {
  for (let i = 0; i < Number(n); i++) {
    withFileLock(lockFile, () => {
      const value = Number(fs.readFileSync(counterFile, 'utf8'));
      fs.writeFileSync(counterFile, String(value + 1));
    });
    process.stdout.write('.');
  }
} else if (mode === 'count-link' && lockFile && counterFile) {
  for (let i = 0; i < Number(n); i++) {
    let release: (() => void) | undefined;
    while (!(release = tryLock(lockFile, 120_000, true))) sleepSync(1);
    try {
      const value = Number(fs.readFileSync(counterFile, 'utf8'));
      fs.writeFileSync(counterFile, String(value + 1));
    } finally {
      release();
    }
    process.stdout.write('.');
  }
} else if (mode === 'hold-link' && lockFile) {
  if (!tryLock(lockFile, 120_000, true)) throw new Error('lock busy');
  process.stdout.write('held');
  setInterval(() => undefined, 1_000);
} else if (mode === 'hold' && lockFile) {
  if (!tryLock(lockFile)) throw new Error('lock busy');
  process.stdout.write('held');
  setInterval(() => undefined, 1_000);
} else {
  throw new Error('usage: lock-worker count <lock> <counter> <n> | hold <lock>');
}
