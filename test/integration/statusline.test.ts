/**
 * Issue 15, item 1 and 2: `statusline on|off` through the settings bridge with the user's own status
 * line in several formats (wrapped while on, given back byte for byte by off), and the status-line
 * command itself — run from settings.json the way Claude Code runs it (bash, JSON on stdin).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { AppApi } from '../../main/core/app-api';
import { systemClock } from '../../main/core/clock';
import { statusLineCommand } from '../../main/core/usage/status-line-plan';
import { KeyringSecretStore } from '../../main/core/vault';
import { CLI, cli, sandbox, type Sandbox } from '../support/cli';
import { startKeyring } from '../support/keyring';
import { waitFor } from '../support/wait';

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

const settingsFile = (): string => path.join(sb!.claudeDir, 'settings.json');
const readSettings = (): string => fs.readFileSync(settingsFile(), 'utf8');
const statusLineOf = (text: string): { command: string; [k: string]: unknown } =>
  (parseJsonc(text) as { statusLine: { command: string } }).statusLine;

const NOW_S = Math.floor(Date.now() / 1000);
const INPUT = JSON.stringify({
  session_id: 'abc',
  model: { id: 'claude-sonnet', display_name: 'Sonnet' },
  rate_limits: {
    five_hour: { used_percentage: 62, resets_at: NOW_S + 3600 },
    seven_day: { used_percentage: 18.4, resets_at: NOW_S + 3 * 86400 },
  },
});

/**
 * Runs a statusLine command the way Claude Code 2.1.197 does (its hook runner): spawn(command,
 * { shell: true, detached: true }) — `/bin/sh -c` in a session and process group of its own —, the
 * JSON and a newline on stdin.
 */
function runStatusLine(
  command: string,
  input = INPUT,
  env = sb!.env,
): { code: number | null; stdout: string; ms: number } {
  const t0 = Date.now();
  // `detached` works for spawnSync too (Node passes it to the same spawn), but its types lack it.
  const options = { env: { ...env, TZ: 'UTC' }, input: `${input}\n`, encoding: 'utf8' as const, detached: true };
  const r = spawnSync('/bin/sh', ['-c', command], { ...options, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, ms: Date.now() - t0 };
}

/** The status line `on` writes around a user command `user` (the shell runs theirs next to ours). */
function wrappedLine(user: string): string {
  fs.writeFileSync(settingsFile(), JSON.stringify({ statusLine: { type: 'command', command: user } }));
  expect(cli(['statusline', 'on'], sb!.env).code).toBe(0);
  const command = statusLineOf(readSettings()).command;
  expect(cli(['statusline', 'off'], sb!.env).code).toBe(0);
  return command;
}

// The user's own status line, in the shapes people write it.
const FORMATS: Record<string, string> = {
  'inline object in a two-space file': `{\n  "model": "opus",\n  "statusLine": {"type": "command", "command": "echo \\"mine: $(jq -r .model.display_name 2>/dev/null || cat | head -c 9)\\""}\n}\n`,
  'expanded, tabs, padding and refreshInterval': `{\n\t"statusLine": {\n\t\t"type": "command",\n\t\t"command": "printf 'tabs %s' ok",\n\t\t"padding": 3,\n\t\t"refreshInterval": 5\n\t},\n\t"hooks": {}\n}\n`,
  'CRLF with a comment inside the value': `{\r\n  // mine\r\n  "statusLine": {\r\n    "type": "command", // the kind\r\n    "command": "echo crlf"\r\n  }\r\n}\r\n`,
  'one-line file, escapes and quotes': `{"statusLine":{"type":"command","command":"echo \\u0027q\\u0027 \\"d\\" caf\\u00e9 $HOME/\\/x"},"env":{"A":"1"}}`,
  'a script path with spaces': `{\n    "statusLine": { "type": "command", "command": "'/tmp/my scripts/line.sh' --fast" }\n}\n`,
  'no status line at all, an inline object elsewhere': `{\n  "permissions": { "allow": ["Bash(ls:*)"] }\n}\n`,
  'a BOM': `\ufeff{\n  "statusLine": {"type": "command", "command": "echo bom"}\n}\n`,
  'not a command (replaced while ours runs, back after off)': `{\n  "statusLine": "just text"\n}\n`,
};

describe('statusline on|off keeps the user status line', () => {
  for (const [name, original] of Object.entries(FORMATS)) {
    it(name, () => {
      sb = sandbox();
      fs.writeFileSync(settingsFile(), original);
      const on = cli(['statusline', 'on'], sb.env);
      expect(on.stderr).toBe('');
      expect(on.code).toBe(0);
      const withOurs = readSettings();
      const ours = statusLineOf(withOurs);
      expect(ours.type).toBe('command');
      expect(ours.command).toContain(' statusline');
      // Every other key is still there with its value.
      const before = parseJsonc(original) as Record<string, unknown>;
      const after = parseJsonc(withOurs) as Record<string, unknown>;
      for (const k of Object.keys(before).filter((x) => x !== 'statusLine')) expect(after[k]).toEqual(before[k]);
      const theirs = (before.statusLine ?? undefined) as { command?: string; padding?: number } | string | undefined;
      if (typeof theirs === 'object') {
        // Wrapped: their other fields stay, their command rides along.
        for (const [k, v] of Object.entries(theirs).filter(([k]) => k !== 'command')) expect(ours[k]).toEqual(v);
        expect(cli(['statusline', 'status', '--json'], sb.env).stdout).toContain(
          JSON.stringify(theirs.command).slice(1, -1),
        );
      }
      // on twice changes nothing.
      expect(cli(['statusline', 'on'], sb.env).code).toBe(0);
      expect(readSettings()).toBe(withOurs);

      const off = cli(['statusline', 'off'], sb.env);
      expect(off.code).toBe(0);
      expect(readSettings()).toBe(original);
    });
  }
});

describe('the switch in the window', () => {
  it('settings:set with statusLine goes through the bridge, and off gives the user line back byte for byte', async () => {
    sb = sandbox();
    const original = `{\n  "statusLine": {"type": "command", "command": "echo mine", "padding": 0}\n}\n`;
    const runtime = { execPath: process.execPath, cliPath: CLI, runAsNode: false, platform: 'linux' as const };
    fs.writeFileSync(settingsFile(), original);
    const app = new AppApi({
      env: sb.env,
      cwd: sb.home,
      store: new KeyringSecretStore(),
      clock: systemClock({ unref: true }),
      runtime,
    });
    const settings = await app.handlers['settings:get'](undefined);
    expect((await app.handlers['settings:set']({ ...settings, statusLine: true })).statusLine).toBe(true);
    // The fast shell line (status-line-plan.ts), its cache in the app folder.
    expect(statusLineOf(readSettings()).command).toBe(statusLineCommand(runtime, 'echo mine', sb.appDir));
    expect(statusLineOf(readSettings()).command).toContain(
      `/bin/sh -c 'echo mine' | CLAUDE_AUTH_TRAY_STATUS_INPUT="$i" ${process.execPath} ${CLI} statusline --wrapped`,
    );
    expect(cli(['statusline', 'status'], sb.env).stdout).toContain('Status line: on.');
    await app.handlers['settings:set']({ ...settings, statusLine: false });
    expect(readSettings()).toBe(original);
  });
});

describe('the status line Claude Code runs', () => {
  it('prints the profile and the limits, records usage for the account, and runs the user line with the same input', async () => {
    sb = sandbox();
    fs.writeFileSync(
      settingsFile(),
      `{\n  "statusLine": {"type": "command", "command": "read -r l; echo \\"mine saw $(printf %s \\"$l\\" | head -c 14)\\"", "padding": 1}\n}\n`,
    );
    expect(cli(['add', 'claude-ai', '--name', 'Personal'], sb.env).code).toBe(0);
    expect(cli(['use', 'Personal'], sb.env).code).toBe(0);
    expect(cli(['statusline', 'on'], sb.env).code).toBe(0);
    // The first line with limits takes the slow path (no reading recorded yet: no cache line for a
    // session with limits) and shows them at once; the second prints from the cache.
    expect(runStatusLine(statusLineOf(readSettings()).command).stdout).toContain('5h 62 %');
    await waitFor(() => fs.readFileSync(path.join(sb!.appDir, 'statusline-cache.txt'), 'utf8').includes('5h 62 %'));
    const r = runStatusLine(statusLineOf(readSettings()).command);
    expect(r.code).toBe(0);
    const line = r.stdout.trimEnd();
    expect(line).toMatch(
      /^mine saw \{"session_id": {2}│ {2}Personal · subscription · 5h 62 % · resets \d\d:\d\d · week 18 % · resets \w{3} \d\d:\d\d$/,
    );
    const rec = JSON.parse(fs.readFileSync(path.join(sb.appDir, 'usage', 'default.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(rec).toMatchObject({
      version: 1,
      fiveHour: { usedPercent: 62, resetsAt: (NOW_S + 3600) * 1000 },
      sevenDay: { usedPercent: 18.4 },
    });
    expect(rec.storageDir).toBeUndefined();
    // The reading shows in `status`, for the account that produced it.
    const json = JSON.parse(cli(['status', '--json'], { ...sb.env, TZ: 'UTC' }).stdout) as {
      profiles: { name: string; usage?: unknown }[];
    };
    expect(json.profiles.find((p) => p.name === 'Personal')?.usage).toMatchObject({
      fiveHour: { usedPercent: 62, resetsAt: (NOW_S + 3600) * 1000 },
      sevenDay: { usedPercent: 18.4 },
    });
    expect(cli(['status'], { ...sb.env, TZ: 'UTC' }).stdout).toMatch(
      /\* Personal: .*\n {4}5-hour 62 % · resets \d\d:\d\d · weekly 18 % · resets \w{3} \d\d:\d\d\n/,
    );
  });

  it('records a second account under its own login folder', () => {
    sb = sandbox();
    const acct = path.join(sb.home, 'work-login');
    const r = runStatusLine(`'${process.execPath}' '${CLI}' statusline`, INPUT, {
      ...sb.env,
      CLAUDE_SECURESTORAGE_CONFIG_DIR: acct,
    });
    expect(r.stdout).toContain('5h 62 %');
    const files = fs.readdirSync(path.join(sb.appDir, 'usage'));
    expect(files).toHaveLength(1);
    expect(files[0]).not.toBe('default.json');
    expect(JSON.parse(fs.readFileSync(path.join(sb.appDir, 'usage', files[0]!), 'utf8'))).toMatchObject({
      storageDir: acct,
    });
  });

  it('says an API key bills per token, and records nothing without rate limits; switching keeps it', async () => {
    const kr = await startKeyring();
    sb = sandbox(kr.env);
    onTestFinished(() => kr.stop());
    expect(cli(['add', 'api-key-helper', '--name', 'Work key', '--command', 'echo sk-ant-api03-x'], sb.env).code).toBe(
      0,
    );
    expect(cli(['use', 'Work key'], sb.env).code).toBe(0);
    expect(cli(['statusline', 'on'], sb.env).code).toBe(0);
    const settings = JSON.parse(readSettings()) as { apiKeyHelper?: string };
    expect(settings.apiKeyHelper).toContain('api-key --profile');
    const r = runStatusLine(statusLineOf(readSettings()).command, JSON.stringify({ model: { id: 'x' } }));
    expect(r.stdout.trim()).toBe('Work key · API key (billed per token)');
    expect(fs.existsSync(path.join(sb.appDir, 'usage'))).toBe(false);
    // Switching profiles keeps the status line; removing the active one too.
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], sb.env).code).toBe(0);
    // A terminal `use` takes the lean bundle (issue 16; NODE_DEBUG=module lists what Node loads): it
    // reads app-settings.json raw and keeps the status line too.
    const use = cli(['use', 'Sub'], { ...sb.env, NODE_DEBUG: 'module' });
    expect(use.code, use.stderr).toBe(0);
    expect(use.stderr).toMatch(/use\.js/);
    expect(use.stderr).not.toMatch(/commands\.js/);
    expect(statusLineOf(readSettings()).command).toContain(' statusline');
    expect((JSON.parse(readSettings()) as { apiKeyHelper?: string }).apiKeyHelper).toBeUndefined();
    // …and switching back, through the lean path again, still keeps it.
    expect(cli(['use', 'Work key'], sb.env).code).toBe(0);
    expect(statusLineOf(readSettings()).command).toContain(' statusline');
    expect((JSON.parse(readSettings()) as { apiKeyHelper?: string }).apiKeyHelper).toContain('api-key --profile');
    expect(cli(['use', 'Sub'], sb.env).code).toBe(0);
    expect(cli(['remove', 'Sub'], sb.env).code).toBe(0);
    expect(statusLineOf(readSettings()).command).toContain(' statusline');
    expect(cli(['statusline', 'off'], sb.env).code).toBe(0);
    expect(readSettings().trim()).toBe('{}');
  });

  it('warns when an exported ANTHROPIC_API_KEY may bill per token while a subscription is active', () => {
    sb = sandbox();
    expect(cli(['add', 'claude-ai', '--name', 'Sub'], sb.env).code).toBe(0);
    expect(cli(['use', 'Sub'], sb.env).code).toBe(0);
    const r = runStatusLine(`'${process.execPath}' '${CLI}' statusline`, '{}', {
      ...sb.env,
      ANTHROPIC_API_KEY: 'sk-ant-api03-zzz',
    });
    expect(r.stdout.trim()).toBe('Sub · subscription · ⚠ ANTHROPIC_API_KEY is set: it may bill per token');
    expect(r.stdout).not.toContain('zzz');
  });

  it('never fails Claude Code: garbage input, a failing or hanging user line, control characters in a name', async () => {
    sb = sandbox();
    const base = `'${process.execPath}' '${CLI}' statusline`;
    const garbage = runStatusLine(base, 'not json at all');
    expect(garbage.code).toBe(0);
    expect(garbage.stdout.trim()).toBe('no profile');
    const failing = runStatusLine(`${base} --wrap 'exit 7'`);
    expect(failing.code).toBe(0);
    expect(failing.stdout).toContain('5h 62 %');
    const marker = path.join(sb.home, 'still-running');
    const hanging = runStatusLine(`${base} --wrap 'sleep 6; touch ${marker}'`);
    expect(hanging.code).toBe(0);
    expect(hanging.stdout).toContain('5h 62 %');
    expect(hanging.ms).toBeLessThan(4_900); // Claude Code gives up on a status line after 5 s
    await new Promise((r) => setTimeout(r, 2_500));
    expect(fs.existsSync(marker)).toBe(false); // stopped with what it started, not left behind
    // A name with an escape sequence in profiles.json (written by hand) is printed without it.
    fs.mkdirSync(sb.appDir, { recursive: true });
    fs.writeFileSync(
      path.join(sb.appDir, 'profiles.json'),
      JSON.stringify({
        version: 1,
        activeProfileId: 'p1',
        profiles: [{ id: 'p1', kind: 'claude-ai', name: 'Evil\u001b[2J\nname' }],
      }),
    );
    const evil = runStatusLine(base);
    expect(evil.stdout).toContain('Evilname · subscription');
    expect(evil.stdout).not.toContain('\u001b');
  });

  it('the shell runs the user line next to ours: started by the shell, same input byte for byte, output byte for byte first', () => {
    sb = sandbox();
    expect(cli(['add', 'claude-ai', '--name', 'Personal'], sb.env).code).toBe(0);
    expect(cli(['use', 'Personal'], sb.env).code).toBe(0);
    const seen = path.join(sb.home, 'theirs-saw');
    const line = wrappedLine(
      `cat > '${seen}'; printf '\\033[1;31mred\\033[0m café ✓ parent=%s\\nsecond line\\n' "$(cat /proc/$PPID/comm)"`,
    );
    expect(line).toContain(' statusline --wrapped');
    const r = runStatusLine(line);
    expect(r.code).toBe(0);
    // Their parent is the shell, not our Node process: theirs does not wait for Node to start.
    const theirs = '\u001b[1;31mred\u001b[0m café ✓ parent=sh';
    expect(r.stdout.startsWith(`${theirs}  │  `)).toBe(true);
    expect(r.stdout.slice(theirs.length)).toMatch(
      /^ {2}│ {2}Personal · subscription · 5h 62 % · resets \d\d:\d\d · week 18 % · resets \w{3} \d\d:\d\d\nsecond line\n$/,
    );
    expect(fs.readFileSync(seen, 'utf8')).toBe(`${INPUT}\n`); // what Claude Code wrote, as it wrote it
    // The reading is recorded as without a line of theirs.
    expect(fs.existsSync(path.join(sb.appDir, 'usage', 'default.json'))).toBe(true);
  });

  it('the shell line never fails Claude Code: a failing user line, a hanging one stopped with what it left in the background', async () => {
    sb = sandbox();
    const failing = runStatusLine(wrappedLine('echo partial; exit 7'));
    expect(failing.code).toBe(0);
    expect(failing.stdout).toMatch(/^partial {2}│ {2}subscription · 5h 62 %/);
    const silent = runStatusLine(wrappedLine('exit 0'));
    expect(silent.stdout).toMatch(/^subscription · 5h 62 %/);
    const m1 = path.join(sb.home, 'background-survived');
    const m2 = path.join(sb.home, 'foreground-survived');
    const hanging = runStatusLine(wrappedLine(`(sleep 6; touch '${m1}') & echo early; sleep 6; touch '${m2}'`));
    expect(hanging.code).toBe(0);
    expect(hanging.stdout).toMatch(/^early {2}│ {2}subscription · 5h 62 %/);
    expect(hanging.ms).toBeLessThan(4_900); // Claude Code gives up on a status line after 5 s
    await new Promise((r) => setTimeout(r, 2_500));
    expect(fs.existsSync(m2)).toBe(false); // stopped with its tree…
    expect(fs.existsSync(m1)).toBe(false); // …and with its group: what it left behind, reparented, too
  });

  it("Claude Code's status line prints over a pipe without node:net (no process.stdout stream), the same line", () => {
    sb = sandbox();
    const loaded = path.join(sb.home, 'loaded.txt');
    const probe = path.join(sb.home, 'probe.cjs');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.includes('NativeModule net') + '\\n'));\n`,
    );
    // Without the tests' offline guard (a preload that loads node:net itself); the line connects nowhere.
    const env = { ...sb.env, NODE_OPTIONS: '' };
    const plain = runStatusLine(`'${process.execPath}' '${CLI}' statusline`, INPUT, env);
    const probed = runStatusLine(`'${process.execPath}' --require '${probe}' '${CLI}' statusline`, INPUT, env);
    expect(probed.code).toBe(0);
    expect(probed.stdout).toBe(plain.stdout);
    expect(probed.stdout).not.toBe('');
    expect(fs.readFileSync(loaded, 'utf8')).toBe('false\n');
  });

  it('its bundle loads no schema library', () => {
    const bundle = fs.readFileSync(path.join(path.dirname(CLI), 'statusline.js'), 'utf8');
    // With the cache and the recorder (issue 15): 30 KB; 34 KB with the recorder's ordering of close
    // readings (session 8). The schema library alone is ≈457 KB: this bound is what catches it.
    expect(bundle.length).toBeLessThan(38_000);
    expect(bundle).not.toMatch(/ZodError|zod/);
  });
});
