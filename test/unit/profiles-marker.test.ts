import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markValidated } from '../../main/core/profiles-trust';
import { markerOf, trusted } from '../../main/core/profiles-trusted';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-marker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('markValidated rewrites the validated copy in place', () => {
  const profiles = path.join(dir, 'profiles.json');
  const marker = markerOf(profiles);

  it('holds exactly the bytes given, whether they are longer, as long, or shorter than before', () => {
    const texts = [
      '{"a":1}\n',
      '{"a":1,"b":"long value"}\n',
      '{"a":2,"b":"long value"}\n',
      '{}\n',
      'é\uFEFF{"ü":1}\n',
      '',
    ];
    for (const t of texts) {
      markValidated(profiles, t);
      expect(fs.readFileSync(marker, 'utf8'), JSON.stringify(t)).toBe(t);
      expect(fs.statSync(marker).size).toBe(Buffer.byteLength(t));
    }
  });

  it('keeps the same file (rewritten in place, not replaced) and its mode 600', () => {
    markValidated(profiles, '{"x":1}\n');
    const ino = fs.statSync(marker).ino;
    markValidated(profiles, '{"x":2}\n');
    markValidated(profiles, '{"x":22}\n', '{"x":2}\n');
    expect(fs.statSync(marker).ino).toBe(ino);
    expect(fs.readFileSync(marker, 'utf8')).toBe('{"x":22}\n');
    expect(fs.statSync(marker).mode & 0o777).toBe(0o600);
  });
  it('a rewrite cut short (new bytes, then the old tail: a kill before the truncate) vouches for nothing', () => {
    const old = JSON.stringify({ version: 1, activeProfileId: 'b', profiles: [{ id: 'a' }, { id: 'bb' }] }) + '\n';
    const next = JSON.stringify({ version: 1, activeProfileId: 'a', profiles: [{ id: 'a' }] }) + '\n';
    fs.writeFileSync(profiles, old);
    markValidated(profiles, old);
    expect(trusted(profiles)?.raw).toBe(old);
    fs.writeFileSync(profiles, next);
    // The state a kill between the write and the truncate leaves: next's bytes, then old's rest.
    fs.writeFileSync(marker, next + old.slice(next.length));
    expect(trusted(profiles)).toBeUndefined();
    // The full path validates next and renews the copy: cut to length.
    fs.writeFileSync(profiles, next);
    markValidated(profiles, next);
    expect(fs.readFileSync(marker, 'utf8')).toBe(next);
    expect(trusted(profiles)?.raw).toBe(next);
  });
});
