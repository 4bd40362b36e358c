/**
 * Polls (bounded) until ok() holds; an exception from ok() counts as "not yet" (a file not written
 * yet). Throws when `ms` pass first. For effects that happen after the call that caused them (a
 * detached recorder, the monitor's next tick).
 */
export async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (ok()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
