/**
 * `npm run dist` cannot run here (electron-builder downloads Electron), so its configuration is
 * checked against the real build output instead: the globs match built files, every icon and
 * entitlement it names exists with the right sizes, and package.json's main is a built file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const cfg = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  mac: {
    icon: string;
    entitlements: string;
    entitlementsInherit: string;
    hardenedRuntime: boolean;
    category: string;
    target: string[];
    extendInfo: Record<string, unknown>;
  };
  win: { icon: string; target: string[] };
  nsis: { perMachine: boolean };
  linux: { icon: string; target: string[]; category: string };
  extraMetadata: { main: string };
};
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function pngSize(file: string): { w: number; h: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** electron-builder's file globs: `dir/**\/*`, `dir/**`, or a file path. */
function matches(glob: string, rel: string): boolean {
  if (glob.endsWith('/**/*') || glob.endsWith('/**')) return rel.startsWith(glob.replace(/\/\*\*(\/\*)?$/, '') + '/');
  return rel === glob;
}

describe('electron-builder.yml against the real build', () => {
  const built = fs.existsSync(path.join(ROOT, 'dist'))
    ? walk(path.join(ROOT, 'dist')).map((f) => path.relative(ROOT, f))
    : [];

  it('has the product, targets and platform settings the issue asks for', () => {
    expect(cfg).toMatchObject({ appId: expect.stringMatching(/^[a-z0-9.]+$/), productName: 'Claude Auth Tray' });
    expect(cfg.mac).toMatchObject({
      target: ['dmg', 'zip'],
      category: 'public.app-category.developer-tools',
      hardenedRuntime: true,
      extendInfo: { LSUIElement: true },
    });
    expect(cfg.win.target).toEqual(['nsis']);
    expect(cfg.nsis.perMachine).toBe(false);
    expect(cfg.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(cfg.asarUnpack).toContain('**/*.node');
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });

  it('every files glob matches built output, and every built entry point is shipped', () => {
    expect(built.length).toBeGreaterThan(0);
    for (const glob of cfg.files) {
      const shipped = [...built, ...walk(path.join(ROOT, 'assets')).map((f) => path.relative(ROOT, f)), 'package.json'];
      const hits = shipped.filter((f) => matches(glob, f));
      expect(hits.length, `glob ${glob}`).toBeGreaterThan(0);
    }
    for (const entry of [
      'dist/main/index.js',
      'dist/preload/index.js',
      'dist/renderer/index.html',
      'dist/cli/index.js',
      'dist/cli/api-key.js',
      'dist/cli/use.js',
      'dist/cli/use-switch.js',
      'dist/cli/commands.js',
    ]) {
      expect(built, entry).toContain(entry);
      expect(
        cfg.files.some((g) => matches(g, entry)),
        entry,
      ).toBe(true);
    }
    // Only built output and assets: no sources, tests or scripts.
    for (const g of cfg.files) expect(g).toMatch(/^(dist\/|assets\/|package\.json$)/);
  });

  it("package.json's main points at a built file, and only the native keychain module is a runtime dependency", () => {
    expect(cfg.extraMetadata.main).toBe(pkg.main);
    expect(fs.existsSync(path.join(ROOT, pkg.main))).toBe(true);
    expect(Object.keys(pkg.dependencies)).toEqual(['@napi-rs/keyring']);
  });

  it('every icon and entitlement it names exists with the right sizes', () => {
    const icon = (p: string) => pngSize(path.join(ROOT, p));
    expect(icon(cfg.mac.icon)).toEqual({ w: 1024, h: 1024 });
    expect(icon(cfg.win.icon)).toEqual({ w: 256, h: 256 });
    expect(icon(cfg.linux.icon)).toEqual({ w: 512, h: 512 });
    for (const f of [cfg.mac.entitlements, cfg.mac.entitlementsInherit]) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      expect(text).toContain('com.apple.security.cs.allow-jit');
      expect(text).toMatch(/^<\?xml/);
    }
    for (const state of ['ok', 'expiring', 'expired', 'error', 'refreshing']) {
      for (const v of ['', 'Template']) {
        expect(icon(`assets/tray/${state}${v}.png`)).toEqual({ w: 16, h: 16 });
        expect(icon(`assets/tray/${state}${v}@2x.png`)).toEqual({ w: 32, h: 32 });
      }
    }
  });
});
