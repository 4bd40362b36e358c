/**
 * Vitest-only support (Playwright specs import test/support/cli.ts, which must not load vitest).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { CLI, cli, until, type Sandbox } from './cli';

/**
 * `add claude-ai --login` with a fake `claude` (`script`, which writes its pid to `<login folder>/<flag>`
 * at the moment to interrupt), stopped there with `signal`: it must exit with `code`, leave no login
 * folder and no profile, and stop that Claude Code (audit tests).
 */
export async function stopLoginAt(
  s: Sandbox,
  script: string,
  flag: string,
  signal: NodeJS.Signals,
  code: number,
): Promise<void> {
  const fake = path.join(s.home, 'fake-claude');
  fs.writeFileSync(fake, script, { mode: 0o755 });
  const child = spawn(process.execPath, [CLI, 'add', 'claude-ai', '--name', 'Work', '--login'], {
    env: { ...s.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const accounts = path.join(s.appDir, 'accounts');
  const pidIn = (f: string): number | undefined => {
    const t = fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim() : '';
    return t ? Number(t) : undefined;
  };
  const started = await until(() => {
    const d = fs.existsSync(accounts) ? fs.readdirSync(accounts)[0] : undefined;
    return d ? pidIn(path.join(accounts, d, flag)) : undefined;
  }, `the fake claude to write ${flag}`);
  child.kill(signal);
  expect(await exited).toBe(code);
  expect(fs.readdirSync(accounts)).toEqual([]);
  expect(JSON.parse(cli(['list', '--json'], s.env).stdout)).toMatchObject({ profiles: [] });
  await until(
    () => {
      try {
        process.kill(started, 0);
        return undefined;
      } catch {
        return true;
      }
    },
    'Claude Code to stop',
    10_000,
  );
}
