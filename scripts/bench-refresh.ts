/**
 * Bench part 2 (bundled and run by scripts/bench.mjs inside a private keyring): 1,000 concurrent
 * refresh triggers on one helper profile, through the real AuthMonitor, keychain and /bin/sh.
 * Prints how many times the user's helper ran, and the time against a single refresh.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuthMonitor } from '../main/core/auth-monitor';
import { systemClock } from '../main/core/clock';
import { ProfileService } from '../main/core/profile-service';
import { KeyringSecretStore } from '../main/core/vault';

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-bench2-'));
  const env = {
    ...process.env,
    HOME: home,
    CLAUDE_AUTH_TRAY_HOME: path.join(home, 'app'),
    CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
  };
  const counter = path.join(home, 'runs');
  const helper = path.join(home, 'helper.sh');
  fs.writeFileSync(helper, `#!/bin/sh\necho x >> '${counter}'\necho sk-ant-api03-BENCHKEY-not-real-0000\n`, {
    mode: 0o755,
  });
  const store = new KeyringSecretStore();
  const svc = new ProfileService(
    store,
    { execPath: process.execPath, cliPath: 'cli.js', runAsNode: false, platform: process.platform },
    env,
  );
  const p = svc.add({ kind: 'api-key-helper', name: 'Bench', command: `'${helper}'` });
  // Key checks go to a closed loopback port: "unknown", fast, and never the internet.
  const monitor = new AuthMonitor({
    env,
    store,
    clock: systemClock({ unref: true }),
    dataDir: path.join(home, 'app'),
    apiBaseUrl: 'http://127.0.0.1:9',
  });
  monitor.reload();
  await monitor.refresh(p.id); // warm-up
  fs.rmSync(counter);
  let t = performance.now();
  await monitor.refresh(p.id);
  const single = performance.now() - t;
  fs.rmSync(counter);
  t = performance.now();
  await Promise.all(Array.from({ length: 1000 }, () => monitor.refresh(p.id, 'unauthorized')));
  const thousand = performance.now() - t;
  const runs = fs.readFileSync(counter, 'utf8').trim().split('\n').length;
  console.log('Concurrent refresh triggers (real AuthMonitor, keychain, /bin/sh helper):');
  console.log(`  1 trigger       ${single.toFixed(1).padStart(7)} ms   helper runs: 1`);
  console.log(
    `  1,000 triggers  ${thousand.toFixed(1).padStart(7)} ms   helper runs: ${runs}   (${(thousand / single).toFixed(2)}x one trigger)`,
  );
  monitor.stop();
  fs.rmSync(home, { recursive: true, force: true });
}
void main();
