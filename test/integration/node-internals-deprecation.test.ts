/** Review of usefast: Node accepts --pending_deprecation (underscore) too; the pipe-handle path must not warn. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSupportScript } from '../support/bundle';

describe('process.binding under pending deprecation, any spelling', () => {
  for (const [name, extra] of [
    ['NODE_OPTIONS=--pending_deprecation', { NODE_OPTIONS: '--pending_deprecation' }],
    ['NODE_OPTIONS=--pending-deprecation', { NODE_OPTIONS: '--pending-deprecation' }],
  ] as const) {
    it(`prints no DEP0111 warning (${name})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-rev-'));
      try {
        const probe = await bundleSupportScript('ssr-probe', dir);
        const r = spawnSync(process.execPath, [probe, 'svc', 'acct'], {
          env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', ...extra },
          encoding: 'utf8',
        });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
