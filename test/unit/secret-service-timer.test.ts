import { describe, expect, it } from 'vitest';
import { after } from '../../main/core/secret-service-read';

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
