import { describe, expect, it } from 'vitest';
import { maskSecret, redact } from '../../common/redact';

describe('redaction', () => {
  it('masks a key to a recognisable hint', () => {
    expect(maskSecret('sk-ant-api03-abcdefghijklmnop-a1b2')).toBe('sk-ant-…a1b2');
    expect(maskSecret('short')).toBe('••••');
  });
  it.each([
    ['error: key sk-ant-api03-AAAAAAAAAAAAAAAAAAAA rejected', 'sk-ant-api03-AAAAAAAAAAAAAAAAAAAA'],
    ['Authorization: Bearer abc.def.ghi-123456789', 'abc.def.ghi-123456789'],
    ['aws AKIAABCDEFGHIJKLMNOP denied', 'AKIAABCDEFGHIJKLMNOP'],
    ['token ya29.a0AfH6SMBxxxxxxxxxxxxxxxx', 'ya29.a0AfH6SMBxxxxxxxxxxxxxxxx'],
  ])('removes credentials from %j', (text, secret) => {
    expect(redact(text)).not.toContain(secret);
  });
  it('removes a known secret of any shape', () => {
    expect(redact('helper said: hunter2-but-longer', ['hunter2-but-longer'])).not.toContain('hunter2-but-longer');
  });
});
