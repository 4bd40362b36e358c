/**
 * A refused argument in the window's words (desktop audit): a name pasted with an invisible
 * direction mark (common in right-to-left text), 81 characters or only spaces showed "Invalid
 * argument for profiles:add: name: Too big: expected string to have <=80 characters" — an internal
 * channel name and zod's wording, with no next step.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../common/ipc-contract';
import type { Handlers } from '../../main/core/app-api';
import { registerIpc } from '../../main/electron/typed-ipc';
import { IpcMainTwin } from '../support/electron-twins';

function wired() {
  const ipc = new IpcMainTwin();
  const handlers = new Proxy({}, { get: () => async () => 'ran' }) as unknown as Handlers;
  registerIpc(ipc, () => true, handlers);
  return (channel: string, arg: unknown) =>
    ipc.invoke(channel, {} as IpcMainInvokeEvent, arg) as Promise<IpcResult<unknown>>;
}

const error = (r: IpcResult<unknown>) => {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('bad-request wording', () => {
  it.each([
    ['a direction mark', 'Work\u200fkey', /^The name must not contain control characters/],
    ['81 characters', 'x'.repeat(81), /^The name is too long \(at most 80 characters\)\.$/],
    ['only spaces', '   ', /^The name is empty\.$/],
  ])('a name with %s says what is wrong with the name and what to do', async (_what, name, message) => {
    const call = wired();
    for (const [channel, arg] of [
      ['profiles:add', { kind: 'anthropic-api-key', name }],
      ['profiles:update', { id: 'work-1', changes: { name } }],
      ['accounts:add', { name }],
    ] as const) {
      const e = error(await call(channel, arg));
      expect(e.kind).toBe('bad-request');
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(channel);
      expect(e.message).not.toMatch(/Invalid argument|expected string|<=|>=/);
      expect(e.nextStep).toBe('Correct it and try again.');
    }
  });

  it('a secret that is refused is never quoted back', async () => {
    const call = wired();
    const e = error(
      await call('profiles:add', { kind: 'anthropic-api-key', name: 'x', secret: 'sk-ant-CANARY'.repeat(2000) }),
    );
    expect(JSON.stringify(e)).not.toContain('CANARY');
    expect(e.message).toMatch(/^The key is too long/);
  });
});
