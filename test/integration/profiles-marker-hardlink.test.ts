import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { sandboxForFile } from '../support/app-harness';

const { sb, env } = sandboxForFile({ PATH: '/usr/bin:/bin' });

beforeAll(() => {
  expect(cli(['add', 'vertex', '--name', 'V', '--project-id', 'my-proj-1', '--region', 'global'], env).code).toBe(0);
  expect(cli(['add', 'vertex', '--name', 'W', '--project-id', 'my-proj-2', '--region', 'global'], env).code).toBe(0);
});

describe('the validated copy is never written through a hard link', () => {
  it("a user's file that shares the marker's inode (hardlink(1)/jdupes -L dedupe of identical bytes) keeps its bytes across a switch", () => {
    expect(cli(['use', 'V'], env).code).toBe(0);
    const marker = path.join(sb.appDir, '.profiles-validated');
    const profiles = path.join(sb.appDir, 'profiles.json');
    expect(fs.readFileSync(marker, 'utf8')).toBe(fs.readFileSync(profiles, 'utf8'));
    // The user's own copy of profiles.json, deduplicated with the identical marker by a hard-link tool.
    const mine = path.join(sb.home, 'backup-of-profiles.json');
    fs.linkSync(marker, mine);
    const before = fs.readFileSync(mine, 'utf8');
    const r = cli(['use', 'W'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(profiles, 'utf8')).activeProfileId).not.toBe(JSON.parse(before).activeProfileId);
    expect(fs.readFileSync(mine, 'utf8')).toBe(before);
  });
});
