import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../main/core/atomic-write';

// The mode an atomic write gives the new file is taken from the link resolution's lstat (issue 16):
// it must be the mode of the file the links end at, never a link's own (0777), and the links stay.
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-mode-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const modeOf = (f: string): number => fs.statSync(f).mode & 0o7777;

describe('writeFileAtomic keeps the mode of the file it replaces', () => {
  it.each([0o600, 0o640, 0o644, 0o400, 0o750])('a plain file with mode %o', (m) => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, m);
    writeFileAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(modeOf(file)).toBe(m);
  });

  it('a missing file gets newFileMode, else 0600', () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'sub', 'b.json');
    writeFileAtomic(a, 'x');
    writeFileAtomic(b, 'y', { newFileMode: 0o640 });
    expect(modeOf(a)).toBe(0o600);
    expect(modeOf(b)).toBe(0o640);
  });

  it("a chain of relative symlinks: the target's mode, not the link's 0777; the links stay links", () => {
    const repo = path.join(dir, 'dotfiles', 'claude');
    fs.mkdirSync(repo, { recursive: true });
    const real = path.join(repo, 'settings.json');
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o640);
    const home = path.join(dir, 'home', '.claude');
    fs.mkdirSync(home, { recursive: true });
    const mid = path.join(dir, 'home', 'mid.json');
    fs.symlinkSync(path.relative(path.dirname(mid), real), mid);
    const link = path.join(home, 'settings.json');
    fs.symlinkSync('../mid.json', link);
    expect(fs.lstatSync(link).mode & 0o777).toBe(0o777); // the link's own mode
    writeFileAtomic(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe('../mid.json');
    expect(fs.lstatSync(mid).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(fs.lstatSync(real).isFile()).toBe(true);
    expect(modeOf(real)).toBe(0o640);
    expect(fs.readdirSync(home)).toEqual(['settings.json']); // no temp left beside the link
    expect(fs.readdirSync(repo)).toEqual(['settings.json']);
  });

  it('a dangling link: written through with the default mode, the link kept', () => {
    const target = path.join(dir, 'repo', 'settings.json');
    fs.mkdirSync(path.dirname(target));
    const link = path.join(dir, 'settings.json');
    fs.symlinkSync(target, link);
    writeFileAtomic(link, 'new', { newFileMode: 0o640 });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    expect(modeOf(target)).toBe(0o640);
  });

  it('followLinks false: the link is replaced by a file (never written through)', () => {
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, 'theirs');
    fs.chmodSync(other, 0o600);
    const link = path.join(dir, 'cache.json');
    fs.symlinkSync(other, link);
    writeFileAtomic(link, 'mine', { followLinks: false });
    expect(fs.lstatSync(link).isFile()).toBe(true);
    expect(fs.readFileSync(other, 'utf8')).toBe('theirs');
    expect(modeOf(link)).toBe(0o600);
  });
});
