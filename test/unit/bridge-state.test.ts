import { describe, expect, it } from 'vitest';
import { parseBridgeState } from '../../main/core/claude-settings/settings-bridge';

describe('bridge-state.json, checked without the schema library', () => {
  const good = {
    version: 1,
    files: {
      '/h/.claude/settings.json': {
        entries: [
          { path: ['apiKeyHelper'], valueHash: 'abc' },
          { path: ['env', 'AWS_REGION'], valueHash: 'def', prior: '"eu-west-1"' },
        ],
        createdEnv: true,
      },
    },
  };
  it('accepts the shape the app writes, unchanged', () => {
    expect(parseBridgeState(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseBridgeState({ version: 1, files: {} })).toEqual({ version: 1, files: {} });
  });
  it('drops keys it does not know, as the schema did', () => {
    const extra = JSON.parse(JSON.stringify(good));
    extra.files['/h/.claude/settings.json'].entries[0].note = 'x';
    extra.files['/h/.claude/settings.json'].extra = 1;
    expect(parseBridgeState(extra)).toEqual(good);
  });
  it.each([
    ['not an object', null],
    ['another version', { ...good, version: 2 }],
    ['files not an object', { version: 1, files: [] }],
    ['createdEnv missing', { version: 1, files: { f: { entries: [] } } }],
    [
      'a path of three',
      { version: 1, files: { f: { entries: [{ path: ['a', 'b', 'c'], valueHash: 'x' }], createdEnv: false } } },
    ],
    [
      'a two-part path outside env',
      { version: 1, files: { f: { entries: [{ path: ['a', 'b'], valueHash: 'x' }], createdEnv: false } } },
    ],
    [
      'a hash that is no string',
      { version: 1, files: { f: { entries: [{ path: ['a'], valueHash: 1 }], createdEnv: false } } },
    ],
    [
      'a prior that is no string',
      { version: 1, files: { f: { entries: [{ path: ['a'], valueHash: 'x', prior: 2 }], createdEnv: false } } },
    ],
  ])('refuses %s', (_, v) => {
    expect(parseBridgeState(v)).toBeUndefined();
  });
});
