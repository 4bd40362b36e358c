/**
 * Issue 16: `use` starts Claude Code's check detached through libuv's process handle where Node
 * allows it (Node 20), else through node:child_process. Both start the same process: its own
 * session, the environment and folder given, stdio ignored, running on after the caller.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { internalBinding, usePublicModulesOnly } from '../../main/core/node-internals';
import { spawnDetached } from '../../main/core/spawn-detached';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-spawn-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function until(file: string): Promise<string> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${file} never appeared`);
}

// The child reports its pid, session, folder, one variable and whether its stdio is /dev/null.
const CHILD = `const fs = require('fs');
const stat = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
const out = { pid: process.pid, session: Number(stat[3]), cwd: process.cwd(), x: process.env.CAT_X ?? null,
  stdio: [0, 1, 2].map((fd) => fs.readlinkSync('/proc/self/fd/' + fd)) };
fs.writeFileSync(process.argv[1] + '.tmp', JSON.stringify(out)); fs.renameSync(process.argv[1] + '.tmp', process.argv[1]);`;

describe('spawnDetached (issue 16)', () => {
  it.each([
    ['the process handle', false],
    ['node:child_process', true],
  ])('through %s: own session, given env and folder, stdio ignored', async (_, publicOnly) => {
    usePublicModulesOnly(publicOnly);
    // On Node 20 the handle is there (elsewhere both cases take node:child_process).
    if (process.versions.node.startsWith('20.'))
      expect(internalBinding('process_wrap') !== undefined).toBe(!publicOnly);
    try {
      const out = path.join(dir, `out-${publicOnly}.json`);
      const pid = spawnDetached(process.execPath, ['-e', CHILD, out], {
        env: { PATH: process.env.PATH, CAT_X: 'given', UNSET: undefined },
        cwd: dir,
      });
      expect(typeof pid).toBe('number');
      const r = JSON.parse(await until(out)) as {
        pid: number;
        session: number;
        cwd: string;
        x: string;
        stdio: string[];
      };
      expect(r).toEqual({
        pid,
        session: pid,
        cwd: fs.realpathSync(dir),
        x: 'given',
        stdio: ['/dev/null', '/dev/null', '/dev/null'],
      });
    } finally {
      usePublicModulesOnly(false);
    }
  });

  it('a program that cannot start gives no pid', () => {
    for (const publicOnly of [false, true]) {
      usePublicModulesOnly(publicOnly);
      try {
        expect(spawnDetached(path.join(dir, 'no-such-program'), [], { env: {}, cwd: dir })).toBeUndefined();
      } finally {
        usePublicModulesOnly(false);
      }
    }
  });
});
