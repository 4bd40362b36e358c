import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` as a fresh file (mode 600) renamed over `file`: readers see the old content or the new,
 * never half of it, and a link (symbolic or hard) planted at the name is replaced, never written
 * through. Not fsynced: for small records whose loss in a crash costs only asking again (the helper's
 * served record, the running background check; the helper's stamp where links cannot be made,
 * helper-refresh.ts). The temp name is the form atomic-write.ts sweeps. The lean form of that module's
 * write, for hot paths: four system calls (its link resolution, folder sweep and mode fix-up cost a
 * switch ≈1 ms; issue 16). false on any failure, nothing left.
 */
export function replaceFile(file: string, text: string): boolean {
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // not created
    }
    return false;
  }
}

/** A temp name beside `file`: `.<name>.<pid>.<8 hex>.tmp`, the form atomic-write.ts sweeps. */
export function tempBeside(file: string): string {
  const hex = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${hex}.tmp`);
}
