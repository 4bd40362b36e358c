import * as http from 'node:http';
import { describe, expect, it } from 'vitest';

// vitest.config.mts preloads scripts/offline-guard.cjs in every test worker, and test/support/cli.ts puts
// it in NODE_OPTIONS for every CLI child: a test that tries to leave the machine fails at once, loudly.
describe('tests are offline', () => {
  it('fetch to a cloud host is refused before any packet leaves', async () => {
    const err = await fetch('https://api.anthropic.com/v1/models').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String((err?.cause as Error | undefined)?.message)).toMatch(/offline-guard: refused connection/);
  });

  it('a raw socket to a non-loopback address is refused too', async () => {
    const err = await new Promise<Error>((resolve) => {
      http.get('http://10.255.255.1:9/', () => undefined).on('error', resolve);
    });
    expect(err.message).toMatch(/offline-guard: refused connection to 10\.255\.255\.1/);
  });

  it('loopback still works', async () => {
    const server = http.createServer((_, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    await new Promise<void>((r) => server.close(() => r()));
  });
});
