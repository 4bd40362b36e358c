/**
 * Another program saving settings.json while the app switches (issue 12, items 1 and 2). Bundled by
 * test/integration/settings-concurrency.test.ts with esbuild.
 *   settings-writer rename  <file> <minMs> <maxMs>  read, bump "x-writer", temp file + rename (Claude Code)
 *   settings-writer inplace <file> <minMs> <maxMs>  read, then save the same bytes again in place:
 *                                                   truncate, write in two chunks (editors, sync tools)
 * Runs until its stdin closes, then prints {"writes","valuesLost","contentLost"}: a value is lost when
 * the next read no longer holds the "x-writer" it saved (rename mode); content is lost when "x-user-marker" is gone.
 */
import * as fs from 'node:fs';

const [mode, file, minMs, maxMs] = process.argv.slice(2);
if ((mode !== 'rename' && mode !== 'inplace') || !file) throw new Error('usage: settings-writer rename|inplace <file>');
const lo = Number(minMs ?? 50);
const hi = Number(maxMs ?? 150);
let stop = false;
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => (stop = true));

let writes = 0;
let valuesLost = 0;
let contentLost = 0;
let last: number | undefined;

function save(): void {
  const before = fs.readFileSync(file!, 'utf8');
  const obj = JSON.parse(before) as Record<string, unknown>;
  if (mode === 'rename' && last !== undefined && obj['x-writer'] !== last) valuesLost++;
  if (obj['x-user-marker'] === undefined) contentLost++;
  if (mode === 'rename') {
    obj['x-writer'] = writes + 1;
    const text = JSON.stringify(obj, null, 2) + '\n';
    // A careful writer, so that what the test counts is what the app loses, not what this writer
    // overwrites: it takes the file away (rename), checks that what it took is what it read, and puts
    // its save in place with link(), which fails if anyone saved meanwhile. Readers may see no file
    // for microseconds; the app waits that out.
    const tmp = `${file}.writer-${process.pid}`;
    const grab = `${file}.writer-grab-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(file!, grab);
    const again = (): void => {
      fs.rmSync(tmp, { force: true });
      fs.rmSync(grab, { force: true });
      save();
    };
    if (fs.readFileSync(grab, 'utf8') !== before) {
      tryLink(grab, file!); // give it back, unless a newer save is already in place
      return again();
    }
    if (!tryLink(tmp, file!)) return again();
    fs.rmSync(tmp, { force: true });
    fs.rmSync(grab, { force: true });
    last = writes + 1;
  } else {
    const fd = fs.openSync(file!, 'w'); // O_TRUNC: readers now see an empty file until the writes land
    const half = Math.floor(before.length / 2);
    fs.writeSync(fd, before.slice(0, half));
    fs.writeSync(fd, before.slice(half));
    fs.closeSync(fd);
  }
  writes++;
}

function tryLink(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function tick(): void {
  if (stop) {
    process.stdout.write(JSON.stringify({ writes, valuesLost, contentLost }) + '\n');
    return;
  }
  save();
  setTimeout(tick, lo + Math.random() * (hi - lo));
}
tick();
