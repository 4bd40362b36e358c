import { describe, expect, it } from 'vitest';
import { after } from '../../main/core/after';
import { authAnswer, busQuestions, openingBatch, parseMessages } from '../../main/core/secret-service-read';

/** The Secret Service conversation's timeout (issue 16: not Node's timers, see `after`). */
describe('after (the conversation timeout)', () => {
  it('calls back once, no sooner than asked', async () => {
    let calls = 0;
    const t0 = Date.now();
    let firedAt = 0;
    after(40, () => {
      calls++;
      firedAt = Date.now();
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
    expect(firedAt - t0).toBeGreaterThanOrEqual(35);
  });

  it('in Electron (the tray) through setTimeout, with the same behaviour', async () => {
    const versions = process.versions as Record<string, string | undefined>;
    versions.electron = '45.4.1';
    expect(process.versions.electron).toBe('45.4.1'); // (so the setTimeout path is the one taken)
    const real = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((...a: Parameters<typeof setTimeout>) => {
      timers++;
      return real(...a);
    }) as typeof setTimeout;
    try {
      let calls = 0;
      after(30, () => calls++);
      const cancel = after(30, () => calls++);
      cancel();
      expect(timers).toBe(2); // Node's timers there, not Atomics.waitAsync
      await new Promise((r) => real(r, 150));
      expect(calls).toBe(1);
      delete versions.electron;
      after(30, () => calls++)(); // plain Node: no Node timer
      expect(timers).toBe(2);
    } finally {
      globalThis.setTimeout = real;
      delete versions.electron;
    }
  });

  it('never calls back once cancelled', async () => {
    let calls = 0;
    const cancel = after(40, () => calls++);
    cancel();
    cancel(); // twice is harmless
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(0);
  });
});

/** The opening written out as constant bytes (issue 16): the same bytes message() writes. */
describe('openingBatch', () => {
  it('is the AUTH line with the uid in hex, then the bus questions message() writes', () => {
    for (const uid of [0, 1000, 4_294_967_294]) {
      const hex = Buffer.from(String(uid), 'ascii').toString('hex');
      const expected = Buffer.concat([
        Buffer.from(`\0AUTH EXTERNAL ${hex}\r\nBEGIN\r\n`, 'ascii'),
        Buffer.from(busQuestions()),
      ]);
      expect(openingBatch(uid).equals(expected), String(uid)).toBe(true);
    }
  });
});

/** A METHOD_RETURN of one string, written by hand in either byte order (what a bus may send). */
function reply(le: boolean, serial: number, sender: string, text: string): Buffer {
  const out: number[] = [];
  const pad = (n: number): void => {
    while (out.length % n) out.push(0);
  };
  const u32 = (v: number): void => {
    pad(4);
    const b = [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
    out.push(...(le ? b : b.reverse()));
  };
  const str = (t: string): void => {
    const b = Buffer.from(t, 'utf8');
    u32(b.length);
    out.push(...b, 0);
  };
  const sig = (t: string): void => {
    out.push(t.length, ...Buffer.from(t, 'latin1'), 0);
  };
  const body: number[] = [];
  {
    const b = Buffer.from(text, 'utf8');
    const n = [b.length & 255, (b.length >>> 8) & 255, (b.length >>> 16) & 255, (b.length >>> 24) & 255];
    body.push(...(le ? n : n.reverse()), ...b, 0);
  }
  out.push(le ? 0x6c : 0x42, 2, 0, 1);
  u32(body.length);
  u32(99);
  u32(0); // header fields' length, filled in below
  const fieldsStart = out.length;
  pad(8);
  out.push(5);
  sig('u');
  u32(serial);
  pad(8);
  out.push(8);
  sig('g');
  sig('s');
  pad(8);
  out.push(7);
  sig('s');
  str(sender);
  const fieldsLen = out.length - fieldsStart;
  const n = [fieldsLen & 255, (fieldsLen >>> 8) & 255, 0, 0];
  out.splice(12, 4, ...(le ? n : n.reverse()));
  pad(8);
  return Buffer.from([...out, ...body]);
}

describe('parseMessages (plain byte arithmetic, not Buffer helpers)', () => {
  it('reads both byte orders, ASCII and UTF-8 strings, and leaves a partial message for later', () => {
    for (const le of [true, false]) {
      const a = reply(le, 5, ':1.42', '/org/freedesktop/secrets/collection/login/7');
      const b = reply(le, 6, ':1.42', 'sk-ant-api03-ü✓-canary');
      const { messages, rest } = parseMessages(Buffer.concat([a, b, b.subarray(0, 20)]));
      expect(rest.length, String(le)).toBe(20);
      expect(messages.map((m) => [m.type, m.replySerial, m.signature, m.sender])).toEqual([
        [2, 5, 's', ':1.42'],
        [2, 6, 's', ':1.42'],
      ]);
      expect(messages[0]!.body.str()).toBe('/org/freedesktop/secrets/collection/login/7');
      expect(messages[1]!.body.str()).toBe('sk-ant-api03-ü✓-canary');
      expect(() => messages[1]!.body.u32()).toThrow();
    }
  });
});

describe('parseMessages on a hostile bus', () => {
  // Review of issue 16's parser: an 8 MB ASCII string read character by character was a rope of 8
  // million strings (≈6x the memory of the old Buffer decode; a bus of the same user can send one).
  it('reads a long string in one piece, not as millions of concatenations', () => {
    const head = reply(true, 5, ':1.42', '');
    const text = 'a'.repeat(8 << 20);
    const body = Buffer.alloc(4 + text.length + 1);
    body.writeUInt32LE(text.length, 0);
    body.write(text, 4, 'latin1');
    const msg = Buffer.concat([head.subarray(0, head.length - 5), body]);
    msg.writeUInt32LE(body.length, 4);
    const [m] = parseMessages(msg).messages;
    const before = process.memoryUsage().heapUsed;
    const s = m!.body.str();
    const grew = process.memoryUsage().heapUsed - before;
    expect(s.length).toBe(text.length);
    expect(s === text).toBe(true);
    expect(grew).toBeLessThan(64 << 20);
  });
});

describe("authAnswer (the bus's answer to AUTH, read by both clients)", () => {
  it('takes an OK line with its CR LF, refuses anything else, waits for a whole line', () => {
    const b = (s: string): Buffer => Buffer.from(s, 'latin1');
    expect(authAnswer(b('OK 1234abcd\r\nl\x01'))).toBe(13);
    expect(authAnswer(b('REJECTED EXTERNAL\r\n'))).toBe(0);
    expect(authAnswer(b('OK\r\n'))).toBe(0);
    expect(authAnswer(b('OK 12'))).toBe(-1);
    expect(authAnswer(b(''))).toBe(-1);
  });
});
