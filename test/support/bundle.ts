import * as path from 'node:path';
import { build } from 'esbuild';

/** Bundles a test/support script (which imports the real core) into one CommonJS file a child node runs. */
export async function bundleSupportScript(name: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${name}.cjs`);
  await build({
    entryPoints: [path.join(__dirname, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return outfile;
}
