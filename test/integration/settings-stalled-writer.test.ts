/**
 * An editor that truncates settings.json and then stalls before writing (a loaded machine: the
 * 200-switch race in settings-concurrency.test.ts lost the user's content once at load 12). An
 * empty file that was just emptied is no empty settings file yet: `use` waits for the writer
 * instead of taking it as `{}` after 100 ms and renaming over it (which sends the writer's bytes
 * into the replaced file).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { canaryKey, cli, CLI } from '../support/cli';
import { sandboxForFile } from '../support/app-harness';

const { sb, env } = sandboxForFile({ PATH: '/usr/bin:/bin' });

beforeAll(() => {
  expect(cli(['add', 'anthropic-api-key', '--name', 'A', '--key-stdin'], env, canaryKey()).code).toBe(0);
});

it('a switch while a writer has truncated settings.json and stalls keeps the user content', async () => {
  const file = path.join(sb.claudeDir, 'settings.json');
  const user = JSON.stringify({ 'x-user-marker': 'keep me', permissions: { allow: ['Bash(ls)'] } }, null, 2) + '\n';
  fs.writeFileSync(file, user);
  const fd = fs.openSync(file, 'w'); // truncated: the writer now stalls before writing
  const child = spawn(process.execPath, [CLI, 'use', 'A'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<number | null>((r) => child.on('exit', r));
  await new Promise((r) => setTimeout(r, 700)); // longer than start-up plus the 100 ms settle
  fs.writeSync(fd, user);
  fs.closeSync(fd);
  expect(await done, err).toBe(0);
  const after = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(after['x-user-marker']).toBe('keep me');
  expect(after.apiKeyHelper).toEqual(expect.stringContaining('api-key'));
});
