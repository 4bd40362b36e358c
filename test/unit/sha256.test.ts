import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../main/core/sha256';

const ref = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('sha256Hex (plain JavaScript, no node:crypto on the `use` path; issue 16)', () => {
  it('is the SHA-256 node:crypto computes, for every length around the block boundaries', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n < 300; n++) {
      const s = randomBytes(n).toString('latin1');
      expect(sha256Hex(s), `length ${n}`).toBe(ref(s));
    }
  });

  it('hashes the UTF-8 bytes of any text (paths, JSON values with non-ASCII characters)', () => {
    for (const s of ['/home/zoë/.claude/settings.json', '"ключ"', '🔑 𝒳', 'a\u0000b', 'x'.repeat(100_000)])
      expect(sha256Hex(s)).toBe(ref(s));
  });
});
