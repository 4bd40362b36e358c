import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyHelperCommand, profileIdFromHelperCommand, quoteCmd, quoteSh } from '../../main/core/helper-command';
import { currentCliRuntime } from '../../main/core/runtime';

const NASTY = [
  '/Applications/Claude Auth Tray.app/Contents/MacOS/Claude Auth Tray',
  "/home/o'brien/My Apps/claude-auth-tray",
  '/opt/ünïcødé 日本語/app',
  '/tmp/a"b $HOME `id` \\back',
  '/tmp/plain-path/node',
];

describe('quoteSh', () => {
  it.each(NASTY)('round-trips %j through /bin/sh', (p) => {
    const r = spawnSync('/bin/sh', ['-c', `printf %s ${quoteSh(p)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(p);
  });

  it('runs a script whose path has spaces, quotes and non-ASCII letters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cat q'uote ü "));
    const exe = path.join(dir, 'Claude Auth Tray');
    const cli = path.join(dir, 'app dir', 'cli.js');
    fs.mkdirSync(path.dirname(cli));
    fs.writeFileSync(exe, '#!/bin/sh\nprintf "%s|" "$ELECTRON_RUN_AS_NODE" "$@"\n', { mode: 0o755 });
    const cmd = apiKeyHelperCommand({ execPath: exe, cliPath: cli, runAsNode: true, platform: 'linux' }, 'work-1a2b');
    const r = spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8', env: {} });
    expect(r.stdout).toBe(`1|${cli}|api-key|--profile|work-1a2b|`);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('quoteCmd', () => {
  it.each([
    [
      'C:\\Users\\Zoë Q\\AppData\\Local\\Programs\\Claude Auth Tray\\Claude Auth Tray.exe',
      '"C:\\Users\\Zoë Q\\AppData\\Local\\Programs\\Claude Auth Tray\\Claude Auth Tray.exe"',
    ],
    ['C:\\tools\\node.exe', 'C:\\tools\\node.exe'],
    ['C:\\100% apps\\x.exe', '"C:\\100"^%" apps\\x.exe"'],
    ['C:\\a&b (x86)\\y.exe', '"C:\\a&b (x86)\\y.exe"'],
    [
      "C:\\Users\\O'Brien Łukasz\\AppData\\Local\\Programs\\Claude Auth Tray\\Claude Auth Tray.exe",
      '"C:\\Users\\O\'Brien Łukasz\\AppData\\Local\\Programs\\Claude Auth Tray\\Claude Auth Tray.exe"',
    ],
    ['C:\\日本語\\app.exe', '"C:\\日本語\\app.exe"'],
  ])('quotes %j', (input, expected) => {
    expect(quoteCmd(input)).toBe(expected);
  });

  it('refuses a double quote, which no Windows path can hold', () => {
    expect(() => quoteCmd('C:\\a"b')).toThrow(/double quotes/);
  });

  it('builds a packaged Windows command that sets ELECTRON_RUN_AS_NODE', () => {
    const cmd = apiKeyHelperCommand(
      {
        execPath: 'C:\\Program Files\\Claude Auth Tray\\Claude Auth Tray.exe',
        cliPath: 'C:\\Program Files\\Claude Auth Tray\\resources\\app.asar.unpacked\\dist\\cli\\index.js',
        runAsNode: true,
        platform: 'win32',
      },
      'p-1',
    );
    expect(cmd).toBe(
      'set "ELECTRON_RUN_AS_NODE=1" && "C:\\Program Files\\Claude Auth Tray\\Claude Auth Tray.exe" "C:\\Program Files\\Claude Auth Tray\\resources\\app.asar.unpacked\\dist\\cli\\index.js" api-key --profile p-1',
    );
    expect(profileIdFromHelperCommand(cmd)).toBe('p-1');
  });
});

describe('currentCliRuntime: one answer for the CLI and the tray app', () => {
  it('in the packaged app the app binary runs the bundled CLI as Node', () => {
    const app = '/Applications/Claude Auth Tray.app/Contents/Resources/app.asar';
    const rt = currentCliRuntime(path.join(app, 'dist', 'cli'), {
      execPath: '/Applications/Claude Auth Tray.app/Contents/MacOS/Claude Auth Tray',
      platform: 'darwin',
      versions: { electron: '45.4.1' },
    });
    expect(rt).toEqual({
      execPath: '/Applications/Claude Auth Tray.app/Contents/MacOS/Claude Auth Tray',
      cliPath: path.join(app, 'dist', 'cli', 'index.js'),
      runAsNode: true,
      platform: 'darwin',
    });
    expect(apiKeyHelperCommand(rt, 'work-1')).toMatch(/^ELECTRON_RUN_AS_NODE=1 '\/Applications\/Claude Auth Tray\.app/);
  });

  it('under plain Node (the CLI, tests) it is node itself, without ELECTRON_RUN_AS_NODE', () => {
    const rt = currentCliRuntime('/repo/dist/cli');
    expect(rt).toEqual({
      execPath: process.execPath,
      cliPath: path.join('/repo/dist/cli', 'index.js'),
      runAsNode: false,
      platform: process.platform,
    });
  });
});
