import { describe, expect, it } from 'vitest';
import { after, busQuestions, openingBatch } from '../../main/core/secret-service-read';

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
