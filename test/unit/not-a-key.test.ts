import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notAKeyReason } from '../../main/core/secret-text';

describe('notAKeyReason (issue 17: a helper output like a key)', () => {
  it('flags JSON, markup and error answers', () => {
    for (const s of [
      '{"error":"forbidden","code":403}',
      '[]',
      '<?xml?><Error/>',
      'Error:AccessDenied',
      'fatal:no_credentials',
      'AccessDeniedException',
      '403_Forbidden_by_policy',
      'null',
      'invalid_grant',
    ])
      expect(notAKeyReason(s), s).toBeDefined();
  });

  it('passes real-looking keys and tokens (random ones, JWTs, gateway tokens)', () => {
    for (let i = 0; i < 2000; i++) {
      const body = randomBytes(72).toString('base64url');
      expect(notAKeyReason(`sk-ant-api03-${body}AA`), body).toBeUndefined();
      expect(notAKeyReason(body), body).toBeUndefined();
    }
    expect(notAKeyReason('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_abc')).toBeUndefined();
    expect(notAKeyReason('gw_live_0123456789abcdef')).toBeUndefined();
  });
});
