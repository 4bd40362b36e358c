/**
 * Boots the BUILT main bundle (dist/main/index.js, `electron` external) under plain Node with a
 * recording fake `electron`, over a real profiles.json, the real keychain (a private Secret Service),
 * a fake Anthropic API on 127.0.0.1 and an AWS SSO token cache in a temp HOME. It drives the app as
 * the OS and the user would: 'ready', tray clicks, quit. Nothing else executes main/electron/bootstrap.ts.
 */
import { createHash } from 'node:crypto';
import { parse } from 'jsonc-parser';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type IpcResult, type Snapshot } from '../../common/ipc-contract';
import { PROVIDER_LABEL } from '../../common/profile-kinds';
import { assertFreshBundle, bootMain, type BootedMain } from '../support/boot-main';
import { canaryKey, cli, ROOT, sandbox, sh, type Sandbox } from '../support/cli';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

interface MenuItem {
  readonly label?: string;
  readonly type?: string;
  readonly checked?: boolean;
  readonly enabled?: boolean;
}

const USER_SETTINGS = '{\n  // mine\n  "hooks": { "Stop": [] },\n  "permissions": { "allow": ["Bash(ls)"] }\n}\n';
const KEY = canaryKey('BOOT');

let kr: PrivateKeyring;
let api: FakeAnthropic;
let sb: Sandbox;
let main: BootedMain;
let ids: { work: string; prod: string; vault: string; keyOnly: string };
/** Children the app started that hang: `claude auth status` and the key helper write their pid here. */
const childPids = (): number[] =>
  fs.existsSync(path.join(sb.home, 'child-pids'))
    ? fs.readFileSync(path.join(sb.home, 'child-pids'), 'utf8').split('\n').filter(Boolean).map(Number)
    : [];

beforeAll(async () => {
  assertFreshBundle();
  [kr, api] = await Promise.all([startKeyring(), startFakeAnthropic()]);
  sb = sandbox(kr.env);
  // `claude auth status` that hangs, as a slow Claude Code start does: quit must end it.
  const fakeClaude = path.join(sb.home, 'fake-claude');
  fs.writeFileSync(fakeClaude, `#!/bin/sh\necho $$ >> '${sb.home}/child-pids'\nexec sleep 30\n`, { mode: 0o755 });
  // AWS: an SSO profile whose token cache expires in 50 minutes.
  fs.mkdirSync(path.join(sb.home, '.aws', 'sso', 'cache'), { recursive: true });
  fs.writeFileSync(
    path.join(sb.home, '.aws', 'config'),
    '[profile prod]\nsso_session = corp\nregion = us-west-2\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
  );
  fs.writeFileSync(
    path.join(sb.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
    JSON.stringify({ accessToken: 'aws-token', expiresAt: new Date(Date.now() + 50 * 60_000).toISOString() }),
  );
  // A real profiles.json and keychain, made by the CLI; Claude Code's settings.json has the user's own keys.
  fs.writeFileSync(path.join(sb.claudeDir, 'settings.json'), USER_SETTINGS);
  const cliEnv = { ...sb.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' }; // `use` asks Claude Code too
  const add = (args: string[], input?: string): string => {
    const r = cli(['add', ...args], cliEnv, input);
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };
  const work = add(['anthropic-api-key', '--name', 'Work key', '--base-url', api.url, '--key-stdin'], KEY);
  const prod = add(['bedrock', '--name', 'Bedrock prod', '--region', 'us-west-2', '--aws-profile', 'prod', '--sso']);
  // A key helper that hangs (a vault waiting for a network): the app runs it at once, and it is still
  // running at quit.
  const vault = add([
    'api-key-helper',
    '--name',
    'Vault',
    '--command',
    `echo $$ >> '${sb.home}/child-pids'; exec sleep 30`,
  ]);
  expect(cli(['use', 'Bedrock prod'], cliEnv).code).toBe(0);
  // A Bedrock API-key profile without plaintext consent, as an older profiles.json or a hand edit has it.
  const file = path.join(sb.appDir, 'profiles.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: unknown[] };
  const keyOnly = 'bedrock-key-0001';
  json.profiles.push({
    id: keyOnly,
    name: 'Bedrock key',
    createdAt: new Date().toISOString(),
    kind: 'bedrock',
    region: 'us-east-1',
    authMode: 'api-key',
  });
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  ids = { work, prod, vault, keyOnly };
  main = bootMain({ ...sb.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: fakeClaude }, path.join(sb.home, 'electron-calls.jsonl'));
}, 30_000);

afterAll(async () => {
  main?.kill();
  for (const pid of sb ? childPids() : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: what the test wants
    }
  }
  await Promise.all([kr?.stop(), api?.close()]);
  sb?.cleanup();
});

const menu = (): MenuItem[] => (main.calls('tray.setContextMenu').at(-1)?.args[0] as MenuItem[] | undefined) ?? [];
const shown = (): { title: string; body: string }[] =>
  main.calls('notification.show').map((e) => e.args[0] as { title: string; body: string });
const navigations = (): unknown[] =>
  main
    .calls('webContents.send')
    .filter((e) => e.args[0] === 'navigate')
    .map((e) => e.args[1]);
const sleep = (ms: number): Promise<undefined> => new Promise((r) => setTimeout(r, ms));
const settingsText = (): string => fs.readFileSync(path.join(sb.claudeDir, 'settings.json'), 'utf8');

describe('the built main bundle, booted under a recording fake electron', () => {
  it('waits for ready, then registers every contract channel and builds the tray menu', async () => {
    await main.until('whenReady', () => main.calls('app.whenReady').length === 1);
    expect(main.calls('app.requestSingleInstanceLock')).toHaveLength(1);
    expect(main.calls('new Tray')).toHaveLength(0);
    await main.send({ cmd: 'ready' });
    await main.until('the channels', () => main.calls('ipcMain.handle').length >= INVOKE_CHANNELS.length);
    const channels = main.calls('ipcMain.handle').map((e) => e.args[0]);
    expect([...channels].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(main.calls('new Tray')).toHaveLength(1);

    await main.until('the header', () => /^Bedrock prod · expires in (49|50) min$/.test(menu()[0]?.label ?? ''));
    const radios = menu().filter((i) => i.type === 'radio');
    expect(radios.map((i) => [i.label, i.checked])).toEqual([
      [`Work key (${PROVIDER_LABEL['anthropic-api-key']})`, false],
      [`Bedrock prod (${PROVIDER_LABEL.bedrock})`, true],
      [`Vault (${PROVIDER_LABEL['api-key-helper']})`, false],
      [`Bedrock key (${PROVIDER_LABEL.bedrock})`, false],
    ]);
    expect(menu().map((i) => i.label ?? i.type)).toEqual([
      menu()[0]!.label,
      PROVIDER_LABEL.bedrock,
      'separator',
      ...radios.map((i) => i.label),
      'separator',
      'Refresh now',
      'Sign in again…',
      'Add profile…',
      'Open Claude Auth Tray…',
      'separator',
      'Start at login',
      'Quit',
    ]);
  });

  it('an AWS SSO session expiring in 50 min fires one notification', async () => {
    await main.until('the notification', () => shown().length > 0);
    expect(shown()).toEqual([
      expect.objectContaining({
        title: expect.stringMatching(/^Bedrock prod expires in (49|50) min$/),
        body: 'Sign in again now to avoid an interruption.',
      }),
    ]);
  });

  it('a tray click switches the profile: settings.json gets the helper, the user keys stay byte for byte', async () => {
    await main.send({ cmd: 'click', label: `Work key (${PROVIDER_LABEL['anthropic-api-key']})` });
    await main.until('settings.json', () => settingsText().includes('apiKeyHelper'));
    const text = settingsText();
    // The user's comment and keys are kept (the merge engine may re-indent a neighbouring value).
    expect(text.startsWith('{\n  // mine\n  "hooks": { "Stop": [] },\n')).toBe(true);
    const helper = `${process.execPath} ${path.join(ROOT, 'dist/cli/index.js')} api-key --profile ${ids.work}`;
    expect(parse(text)).toEqual({
      hooks: { Stop: [] },
      permissions: { allow: ['Bash(ls)'] },
      env: { ANTHROPIC_BASE_URL: api.url },
      apiKeyHelper: helper,
    });
    expect(text).not.toMatch(/CLAUDE_CODE_USE_BEDROCK|AWS_PROFILE|awsAuthRefresh/);
    // The command the running app wrote gives Claude Code the key from the keychain.
    expect(sh(helper, sb.env).stdout.trimEnd()).toBe(KEY);
    await main.until('the menu after the switch', () => menu()[0]?.label === 'Work key · valid');
    expect(JSON.stringify(main.log())).not.toContain(KEY);
  });

  it('a switch that fails (no plaintext consent) becomes one clear notification, not a crash', async () => {
    const before = settingsText();
    await main.send({ cmd: 'click', label: `Bedrock key (${PROVIDER_LABEL.bedrock})` });
    await main.until('the failure notice', () => shown().length === 2);
    const notice = shown()[1]!;
    expect(notice.title).toBe('Could not switch to Bedrock key');
    expect(notice.body).toMatch(/plain text/);
    // The window's words, not the CLI's (issue 17): the checkbox to tick, never a --flag.
    expect(notice.body).toContain(
      `Edit the profile and tick "Write this key into Claude Code's settings.json in plain text"`,
    );
    expect(notice.body).not.toMatch(/--[a-z]/);
    expect(notice.body).not.toMatch(/\n\s+at |Error:/);
    expect(settingsText()).toBe(before);
    // Clicking the notice opens the window on that profile; the tray's "Open" brings it to the front.
    await main.send({ cmd: 'click-notification', index: 1 });
    await main.until('the window', () => navigations().length > 0);
    expect(main.calls('window.loadFile')).toHaveLength(1);
    expect(navigations()).toEqual([{ screen: 'edit', profileId: ids.keyOnly }]);
    await main.send({ cmd: 'click', label: 'Open Claude Auth Tray…' });
    await main.until('focus', () => main.calls('window.focus').length === 1);
    expect(navigations().at(-1)).toEqual({ screen: 'profiles' });
    expect(main.calls('new BrowserWindow')).toHaveLength(1);
    // The app serves its window over the contract.
    const r = (await main.send({ cmd: 'invoke', channel: 'app:snapshot' })).result as IpcResult<Snapshot>;
    expect(r.ok && r.value.activeProfileId).toBe(ids.work);
    // The app process reads the key from the keychain and checks it with the (fake) API.
    const check = (await main.send({ cmd: 'invoke', channel: 'keys:check', args: [{ profileId: ids.work }] })).result;
    expect(check).toMatchObject({ ok: true, value: { verdict: 'valid' } });
    expect(api.requests.some((q) => q.apiKey === KEY)).toBe(true);
    expect(JSON.stringify(main.log())).not.toContain(KEY);
    expect(main.stderr()).toBe('');
  });

  it('a CLI `use` in another process rebuilds the tray menu with the new active profile within ~1 s', async () => {
    expect(menu()[0]?.label).toBe('Work key · valid');
    const rebuilt = main.calls('tray.setContextMenu').length;
    const r = cli(['use', 'Bedrock prod'], { ...sb.env, CLAUDE_AUTH_TRAY_CLAUDE_BIN: '/bin/true' });
    expect(r.code).toBe(0);
    // From the moment `use` wrote profiles.json (an atomic rename keeps the temp file's mtime).
    const written = fs.statSync(path.join(sb.appDir, 'profiles.json')).mtimeMs;
    await main.until(
      'the menu after the CLI switch',
      () => /^Bedrock prod · /.test(menu()[0]?.label ?? ''),
      Math.max(0, written + 1000 - Date.now()),
    );
    console.log('CLI_TO_TRAY_MS', Math.round(Date.now() - written));
    expect(main.calls('tray.setContextMenu').length).toBeGreaterThan(rebuilt);
    const radios = menu().filter((i) => i.type === 'radio' && i.checked);
    expect(radios.map((i) => i.label)).toEqual([`Bedrock prod (${PROVIDER_LABEL.bedrock})`]);
    // The open window gets the same snapshot.
    const sent = main
      .calls('webContents.send')
      .filter((e) => e.args[0] === 'state:changed')
      .map((e) => (e.args[1] as Snapshot).activeProfileId);
    expect(sent.at(-1)).toBe(ids.prod);
    expect(main.stderr()).toBe('');
  });

  // Every leak this found kept the process alive for 15 s or more (a `claude auth status` timeout, a
  // helper's sleep, the minute tick). The budget leaves room for the work that finishes after quit (a
  // switch's last keychain reads, ~100 ms) on a loaded machine, where that has taken 1.6 s.
  it('quit disposes timers, watches and children: the process then ends by itself, within 3 s', async () => {
    // Switch to the helper profile and refresh it: the refresh waits on the hanging helper.
    await main.send({ cmd: 'click', label: `Vault (${PROVIDER_LABEL['api-key-helper']})` });
    await main.until('Vault active', () => /^Vault/.test(menu()[0]?.label ?? ''));
    await main.send({ cmd: 'click', label: 'Refresh now' });
    await main.until('Refreshing…', () => menu().some((i) => i.label === 'Refreshing…'));
    expect(childPids().length).toBeGreaterThanOrEqual(2); // `claude auth status` and the helper still run
    await main.send({ cmd: 'click', label: 'Quit' });
    await main.until('quit', () => main.calls('fake.quit-done').length === 1);
    const quitAt = Date.now();
    const exit = await Promise.race([main.exited, sleep(3_000)]);
    if (!exit) {
      const left = await main.send({ cmd: 'resources' }).then(
        (r) => JSON.stringify(r.resources),
        () => '(it exited meanwhile)',
      );
      const late = await Promise.race([main.exited, sleep(5_000)]);
      expect.fail(
        `still running 3 s after quit (ended after ${late ? `${late.at - quitAt} ms` : 'more than 8 s'}); active resources: ${left}`,
      );
    }
    expect(exit).toMatchObject({ code: 0, signal: null });
    console.log('EXIT_AFTER', exit.at - quitAt);
    expect(exit.at - quitAt).toBeLessThan(3_000);
    expect(main.calls('process.exit')).toEqual([]);
    expect(main.calls('tray.destroy')).toHaveLength(1);
    // The refresh ended by the quit touches neither the destroyed tray nor the user.
    const after = main.log().filter((e) => e.seq > main.calls('tray.destroy')[0]!.seq);
    expect(after.filter((e) => /^(tray|notification)\./.test(e.api))).toEqual([]);
    const watches = main.calls('fs.watch').map((e) => e.args[0]);
    expect(watches.length).toBeGreaterThan(0); // ~/.aws, the Claude config folder, …
    expect(main.calls('fs.watch.close').map((e) => e.args[0])).toEqual(expect.arrayContaining(watches));
    expect(
      main
        .calls('ipcMain.removeHandler')
        .map((e) => e.args[0])
        .sort(),
    ).toEqual([...INVOKE_CHANNELS].sort());
    for (const pid of childPids()) expect(() => process.kill(pid, 0), `claude (${pid}) still runs`).toThrow();
    expect(shown()).toHaveLength(2); // the SSO warning was not repeated by the later snapshots
    expect(main.stderr()).toBe('');
  });
});
