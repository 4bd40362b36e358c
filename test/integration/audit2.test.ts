/**
 * The second audit pass (session 2026-11-29): the gaps the first audit (audit.test.ts) left. Each test
 * was red on the code before its fix. Real CLI child processes, a private Secret Service, real files;
 * every secret is a canary no output or file may hold.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, CLI, cli, filesContaining, sandbox, until, type Sandbox } from '../support/cli';
import { stopLoginAt } from '../support/login-stop';
import { coreApp } from '../support/core-app';
import { trayMenuModel } from '../../main/core/tray-menu-model';
import { cliInSession, NO_BUS } from '../support/kernel-keyring';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let kr: PrivateKeyring;
const started: PrivateKeyring[] = [];
const boxes: Sandbox[] = [];
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
beforeAll(async () => {
  kr = await startKeyring();
  // The AppApi of these tests reads the keychain in this process.
  process.env.DBUS_SESSION_BUS_ADDRESS = kr.env.DBUS_SESSION_BUS_ADDRESS;
});
afterEach(async () => {
  boxes.splice(0).forEach((b) => b.cleanup());
  await Promise.all(started.splice(0).map((k) => k.stop()));
});
afterAll(async () => {
  await kr.stop();
  process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

function box(extra: NodeJS.ProcessEnv = kr.env): Sandbox {
  const b = sandbox(extra);
  boxes.push(b);
  return b;
}
async function ownKeyring(): Promise<PrivateKeyring> {
  const k = await startKeyring();
  started.push(k);
  return k;
}
const read = (file: string): string => fs.readFileSync(file, 'utf8');
const settingsFile = (s: Sandbox): string => path.join(s.claudeDir, 'settings.json');

/** A helper profile whose command prints key and counts its runs in home/runs; its id. */
function addHelper(s: Sandbox, name: string, key: string): string {
  const script = path.join(s.home, 'helper.sh');
  fs.writeFileSync(script, `#!/bin/sh\necho run >> '${path.join(s.home, 'runs')}'\nprintf %s '${key}'\n`, {
    mode: 0o755,
  });
  const add = cli(['add', 'api-key-helper', '--name', name, '--command', `'${script}'`], s.env);
  expect(add.code, add.stderr).toBe(0);
  return add.stdout.trim();
}
const runs = (s: Sandbox): number =>
  fs.existsSync(path.join(s.home, 'runs')) ? read(path.join(s.home, 'runs')).trim().split('\n').length : 0;

describe("an api-key-helper profile serves the user's key with the keychain out of reach (cache off)", () => {
  it('keyring locked: the key on stdout, exit 0, one line on stderr that the cache is off; nothing stored', async () => {
    const own = await ownKeyring();
    const s = box(own.env);
    const key = canaryKey('HELPERLOCKED');
    const id = addHelper(s, 'Vault', key);
    own.lock();
    for (const n of [1, 2]) {
      const r = cli(['api-key', '--profile', id], { ...s.env, CLAUDE_CODE_ENTRYPOINT: 'cli' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${key}\n`);
      expect(r.stderr).toBe(
        'claude-auth-tray: the key cache is off: the keyring is locked. Unlock it to cache the key between runs.\n',
      );
      // Not cached: the user's command runs for every request.
      expect(runs(s)).toBe(n);
    }
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
  });

  it('no Secret Service: the same, saying there is no keyring', () => {
    const s = box();
    const key = canaryKey('HELPERNOBUS');
    const id = addHelper(s, 'Vault', key);
    const r = cliInSession(['api-key', '--profile', id], { ...s.env, ...NO_BUS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${key}\n`);
    expect(r.stderr).toBe(
      'claude-auth-tray: the key cache is off: no keyring (Secret Service) is available. Start one to cache the key between runs.\n',
    );
    expect(filesContaining([s.appDir, s.claudeDir], key)).toEqual([]);
  });

  it('an API-key profile still exits 3 when locked (its key lives only in the keychain)', async () => {
    const own = await ownKeyring();
    const s = box(own.env);
    const add = cli(['add', 'anthropic-api-key', '--name', 'K', '--key-stdin'], s.env, canaryKey('KEYLOCKED'));
    own.lock();
    expect(cli(['api-key', '--profile', add.stdout.trim()], s.env).code).toBe(3);
  });
});

describe('a switch that did not finish is said by the doctor and the tray, as by status', () => {
  // As audit.test.ts makes it: settings.json holds Cloud's keys, profiles.json names Key active
  // (a kill -9 between the two writes of `use`).
  function halfSwitched(): Sandbox {
    const s = box();
    const add = cli(['add', 'anthropic-api-key', '--name', 'Key', '--key-stdin'], s.env, canaryKey('HALFDOC'));
    expect(add.code, add.stderr).toBe(0);
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    expect(cli(['use', 'Cloud'], s.env).code).toBe(0);
    const profiles = path.join(s.appDir, 'profiles.json');
    fs.writeFileSync(profiles, JSON.stringify({ ...JSON.parse(read(profiles)), activeProfileId: add.stdout.trim() }));
    return s;
  }
  const message = (s: Sandbox): string =>
    `${settingsFile(s)} does not hold what "Key" writes (a switch that did not finish, or another program saved an older copy).`;

  it('CLI doctor: the same warning and fix as status', () => {
    const s = halfSwitched();
    const doctor = cli(['doctor'], s.env, undefined, s.home);
    expect(doctor.stdout).toContain(`warning: ${message(s)}\n  fix: Run \`claude-auth-tray use "Key"\` again.\n`);
    expect(doctor.code).toBe(4);
    expect(cli(['status'], s.env, undefined, s.home).stdout).toContain(
      `Warning: ${message(s)} Run \`claude-auth-tray use "Key"\` again.`,
    );
    expect(cli(['use', 'Key'], s.env).code).toBe(0);
    expect(cli(['doctor'], s.env, undefined, s.home).stdout).not.toMatch(/did not finish/);
  });

  it("the window's doctor and the tray's snapshot: the same message, the window's fix", async () => {
    const s = halfSwitched();
    const a = coreApp(s.env, s.home);
    const want = { kind: 'switch-unfinished', message: message(s), fix: 'Switch to "Key" again.' };
    expect(a.snapshot().warnings).toContainEqual(want);
    expect(await a.handlers['doctor:run'](undefined)).toContainEqual(expect.objectContaining(want));
    // The running tray follows a repair from the terminal.
    a.start();
    try {
      expect(cli(['use', 'Key'], s.env).code).toBe(0);
      await until(
        () => (a.snapshot().warnings.some((w) => w.kind === 'switch-unfinished') ? undefined : true),
        'the warning to go',
        20_000,
      );
      expect(await a.handlers['doctor:run'](undefined)).not.toContainEqual(expect.objectContaining(want));
    } finally {
      a.stop();
    }
  });
});

describe('a key this app has no check for is not "ok"', () => {
  it('status, status --json and the tray: a Bedrock API key and an Admin key are in the keychain, with no check for their kind', () => {
    const s = box();
    const bedrock = cli(
      ['add', 'bedrock', '--name', 'BR', '--region', 'us-east-1', '--key-stdin', '--allow-plaintext-secret'],
      s.env,
      canaryKey('BEDROCKNOCHECK'),
    );
    expect(bedrock.code, bedrock.stderr).toBe(0);
    const admin = cli(
      ['add', 'anthropic-admin-key', '--name', 'Org', '--key-stdin'],
      s.env,
      `sk-ant-admin01-${canaryKey('ADMINNOCHECK')}`,
    );
    expect(admin.code, admin.stderr).toBe(0);
    const status = cli(['status'], s.env);
    expect(status.stdout).toMatch(
      / BR: unknown · Bedrock API key in the keychain; no check for this kind; written to settings.json with your consent/,
    );
    expect(status.stdout).toMatch(
      / Org: unknown · Admin key in the keychain; no check for this kind; team management only/,
    );
    expect(status.stdout).not.toMatch(/(BR|Org): ok/);
    const json = JSON.parse(cli(['status', '--json'], s.env).stdout) as {
      profiles: { name: string; state: { status: string; detail: { kind: string }; next: string } }[];
    };
    for (const p of json.profiles)
      expect(p.state, p.name).toMatchObject({ status: 'unknown', detail: { kind: 'no-check' }, next: 'none' });
    // The tray: not "valid", and not "not checked" (that promises a check).
    expect(cli(['use', 'BR'], s.env).code).toBe(0);
    const a = coreApp(s.env, s.home);
    const active = a.snapshot().profiles.find((v) => v.active)!;
    expect(
      trayMenuModel({ profiles: [active], refreshing: false, startAtLogin: false, now: Date.now() }).items[0],
    ).toEqual({
      kind: 'header',
      label: 'BR · in the keychain, no check',
    });
  });
});

describe('add claude-ai --login stopped after the sign-in, while its identity is read, leaves nothing behind', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during `claude auth status`: no profile, no folder, Claude Code stopped', async (signal, code) => {
    const s = box();
    // A `claude` whose sign-in ends at once, and whose `auth status` (the identity read) hangs.
    const script =
      [
        '#!/bin/sh',
        '[ "$1 $2" = "auth login" ] && exit 0',
        '[ "$1 $2" = "auth status" ] || exit 2',
        'echo $$ > "$CLAUDE_SECURESTORAGE_CONFIG_DIR/status-started"',
        'exec sleep 60',
      ].join('\n') + '\n';
    await stopLoginAt(s, script, 'status-started', signal, code);
  });

  it('a folder adopted with --from-config-dir is never removed by a stop', async () => {
    const s = box();
    const adopted = path.join(s.home, 'my-claude');
    fs.mkdirSync(adopted);
    fs.writeFileSync(path.join(adopted, 'mine.txt'), 'keep\n');
    const fake = path.join(s.home, 'fake-claude');
    fs.writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1 $2" = "auth status" ] || exit 2\necho $$ > "$HOME/status-started"\nexec sleep 60\n',
      { mode: 0o755 },
    );
    const child = spawn(process.execPath, [CLI, 'add', 'claude-ai', '--name', 'Mine', '--from-config-dir', adopted], {
      env: { ...s.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fake },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const flag = path.join(s.home, 'status-started');
    const started = await until(
      () => (fs.existsSync(flag) && read(flag).trim() ? Number(read(flag).trim()) : undefined),
      'the identity read to start',
    );
    child.kill('SIGINT');
    await exited;
    try {
      process.kill(started, 'SIGKILL');
    } catch {
      // stopped already
    }
    expect(read(path.join(adopted, 'mine.txt'))).toBe('keep\n');
  });
});

describe('a folder name with a line break or an escape prints as one clean line', () => {
  it('use --project, status, whoami and unpin: no control character, no faked line', () => {
    const s = box();
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    const project = path.join(s.home, 'pro\nFAKE: ok\u001b[31m\u202e');
    fs.mkdirSync(project);
    const shown = path.join(s.home, 'proFAKE: ok');
    const pinned = cli(['use', 'Cloud', '--project', project], s.env);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain(`Pinned ${shown} to Cloud (Amazon Bedrock).`);
    const outputs = [
      pinned,
      cli(['status'], s.env),
      cli(['status'], s.env, undefined, project),
      cli(['whoami'], s.env, undefined, project),
    ];
    const unpinned = cli(['unpin', project], s.env);
    expect(unpinned.code, unpinned.stderr).toBe(0);
    for (const r of [...outputs, unpinned]) {
      // eslint-disable-next-line no-control-regex -- no escape, CR or bidi override may reach the terminal
      expect(r.stdout).not.toMatch(/[\u001b\r\u202e]/);
      expect(r.stdout).not.toMatch(/^FAKE: ok/m);
    }
  });
});

describe('use names the settings file it updated as one clean line', () => {
  it('a CLAUDE_CONFIG_DIR with a line break or an escape: no control character, no faked line', () => {
    const s = box();
    const dir = path.join(s.home, 'cfg\nFAKE: ok\u001b[31m\u202e');
    fs.mkdirSync(dir);
    const env = { ...s.env, CLAUDE_CONFIG_DIR: dir };
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], env).code).toBe(0);
    const r = cli(['use', 'Cloud'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Updated ');
    // eslint-disable-next-line no-control-regex -- no escape, CR or bidi override may reach the terminal
    expect(r.stdout + r.stderr).not.toMatch(/[\u001b\r\u202e]/);
    expect(r.stdout).not.toMatch(/^FAKE: ok/m);
  });
});

describe("the doctor's fix for a file it cannot edit says what is true (the doctor only reads)", () => {
  it('settings nested over 500 levels and a key given twice: run the doctor again, not "the file was not changed"', async () => {
    const s = box();
    const deep = `{"x": ${'['.repeat(600)}${']'.repeat(600)}}\n`;
    const twice = '{\n  "model": "a",\n  "model": "b"\n}\n';
    for (const [text, fix] of [
      [deep, 'Flatten that value (settings never need such depth)'],
      [twice, 'Delete the one you do not want'],
    ] as const) {
      fs.writeFileSync(settingsFile(s), text);
      const doctor = cli(['doctor'], s.env, undefined, s.home);
      expect(doctor.stdout).toContain(`  fix: ${fix}, then run \`claude-auth-tray doctor\` again.\n`);
      expect(doctor.stdout).not.toMatch(/was not changed|try again/);
      const findings = await coreApp(s.env, s.home).handlers['doctor:run'](undefined);
      const f = findings.find((x) => x.file === settingsFile(s));
      expect(f?.fix).toBe(`${fix}, then check again.`);
    }
  });
});

describe('reset goes on past a pin it refuses', () => {
  it('a pin whose settings.local.json became a link outside: refused and listed, the other pins reset, exit 1', () => {
    const s = box();
    expect(cli(['add', 'bedrock', '--name', 'Cloud', '--region', 'us-east-1'], s.env).code).toBe(0);
    expect(cli(['use', 'Cloud'], s.env).code).toBe(0);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => path.join(s.home, `repo-${n}`));
    for (const dir of [a!, b!, c!]) {
      fs.mkdirSync(dir);
      expect(cli(['use', 'Cloud', '--project', dir], s.env).code).toBe(0);
    }
    // Since: b's file was replaced by a link to a file elsewhere.
    const victim = path.join(s.home, 'victim.json');
    const victimText = '{"victim": true}\n';
    fs.writeFileSync(victim, victimText);
    const bFile = path.join(b!, '.claude', 'settings.local.json');
    fs.rmSync(bFile);
    fs.symlinkSync(victim, bFile);
    const r = cli(['reset', '--yes'], s.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `Refused: ${bFile} is a symbolic link to ${victim}, outside ${b}: a pin is written only inside its project. Remove that link (or pin the folder it points into), then run \`claude-auth-tray reset\` again.`,
    );
    expect(r.stdout).toMatch(/^Not everything was done: 1 pin refused \(above\)\./m);
    expect(read(victim)).toBe(victimText);
    // The user's file and the other pins were reset; the refused pin is still listed.
    expect(read(settingsFile(s))).not.toMatch(/CLAUDE_CODE_USE_BEDROCK/);
    for (const dir of [a!, c!]) expect(fs.existsSync(path.join(dir, '.claude', 'settings.local.json'))).toBe(false);
    const pins = cli(['status'], s.env)
      .stdout.split('\n')
      .filter((l) => l.startsWith('Pinned:'));
    expect(pins).toEqual([`Pinned: ${b} → Cloud`]);
  });
});
