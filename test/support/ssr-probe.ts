/**
 * Run by secret-service-read.test.ts in a child process (one without node:net loaded by anyone
 * else): asks whether an item is there and reads it, then says whether node:net was loaded.
 */
import { readSecretServiceItem, secretServiceItemExists } from '../../main/core/secret-service-read';

const [service, account] = process.argv.slice(2) as [string, string];
void (async () => {
  const exists = await secretServiceItemExists(service, account);
  const value = await readSecretServiceItem(service, account);
  const net = (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes('NativeModule net');
  process.stdout.write(JSON.stringify({ exists: exists ?? null, read: value !== undefined, net }) + '\n');
})();
