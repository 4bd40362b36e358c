import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notAKeyInternals, notAKeyReason } from '../../main/core/secret-text';

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

describe('notAKeyReason without regular expressions for ASCII (issue 16: a cold helper run)', () => {
  const { errorText, asciiErrorText } = notAKeyInternals;
  const words = ['null', 'NULL', 'nil', 'error', 'Errors', 'ERRORS', 'fatal', 'invalid_grant', 'invalid_token'];
  const more = ['notfound', 'not_found', 'NotFound', 'expiredtoken', 'expired_token', 'Exception', 'TRACEBACK'];
  const anywhere = ['forbidden', 'denied', 'unauthorised', 'Unauthorized', 'none', 'undefined', 'true', 'FALSE'];
  const edges = ['', '-', '_', '0', 'a', 'Z', '.', ' ', '\t', '/', ':', 'é', 'x1', '9y'];

  it('answers as the three patterns do, word by word and at every edge', () => {
    const cases: string[] = [];
    for (const w of [...words, ...more, ...anywhere])
      for (const a of edges) for (const b of edges) cases.push(`${a}${w}${b}`, `${a}${w}`, `${w}${b}`);
    cases.push('error_error', 'xerror-error', 'errorerror', 'nulls', 'nil ', 'errors1', 'error.s');
    let flagged = 0;
    for (const s of cases) {
      const ascii = !/[\u0080-\uffff]/.test(s);
      if (ascii) expect(asciiErrorText(s.toLowerCase()), s).toBe(errorText(s));
      const reason = notAKeyReason(s);
      if (!s.startsWith('{') && !s.startsWith('[') && !s.startsWith('<'))
        expect(reason === 'it looks like an error message', s).toBe(errorText(s));
      if (errorText(s)) flagged++;
    }
    expect(flagged).toBeGreaterThan(500); // the comparison covers both answers
    expect(cases.length - flagged).toBeGreaterThan(200);
  });

  it('answers as the three patterns do for random printable tokens', () => {
    const alphabet = 'aeiorstnudlfgkcpx_-.0123456789ERNOTX';
    // A seeded generator (mulberry32): a failing token is the same on every run.
    let seed = 0x1600;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < 20000; i++) {
      let s = '';
      const n = 1 + (i % 24);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      expect(asciiErrorText(s.toLowerCase()), s).toBe(errorText(s));
    }
  });

  it('leaves text beyond ASCII to the patterns (toLowerCase folds a Kelvin sign into k, /i does not)', () => {
    expect(notAKeyReason('expired_to\u212Aen')).toBeUndefined();
    expect(errorText('expired_to\u212Aen')).toBe(false);
    expect(asciiErrorText('expired_to\u212Aen'.toLowerCase())).toBe(true); // why it is not used there
    expect(notAKeyReason('ÉRROR-error')).toBeDefined();
  });
});
