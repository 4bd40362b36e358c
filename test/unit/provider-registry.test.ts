/**
 * Issue 13: a provider lives in its two registry files. This test proves no code outside them
 * branches on a profile kind, and that both registries agree with each other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../common/profile';
import { PROFILE_KINDS } from '../../common/profile-kinds';
import { LOGIN_KINDS, PROVIDERS, providerOf } from '../../common/providers';
import { CORE_PROVIDERS, coreOf } from '../../main/core/providers';

const root = path.resolve(__dirname, '..', '..');
const kinds = PROFILE_KINDS.join('|');

/** What counts as branching on a kind. */
const RULES: readonly { what: string; re: RegExp }[] = [
  { what: 'switch on a kind', re: /switch \([^)]*\bkind\)/ },
  { what: 'case of a profile kind', re: new RegExp(`case '(${kinds})'`) },
  { what: 'comparison with a profile kind', re: new RegExp(`[!=]==\\s*'(${kinds})'|'(${kinds})'\\s*[!=]==`) },
  {
    what: 'list of profile kinds tested',
    re: new RegExp(`\\[[^\\]]*'(${kinds})'[^\\]]*\\]\\s*\\.(includes|indexOf)\\(`),
  },
  { what: 'set of profile kinds', re: new RegExp(`new Set(<[^>]*>)?\\(\\[[^\\]]*'(${kinds})'`) },
  { what: 'table keyed by kind', re: /Record<ProfileKind\b/ },
];

/** Where kinds may be named: the two registries (and the kind list and schemas they build on). */
const REGISTRY = [/^common\/providers\//, /^main\/core\/providers\//];

/** Lines that look like a kind branch but are not one, with the reason. */
const ALLOWED: readonly { file: string; line: RegExp; why: string }[] = [
  { file: 'main/electron/tray.ts', line: /switch \(i\.kind\)/, why: 'tray menu item kinds, not profile kinds' },
  { file: 'main/core/expiry/aws.ts', line: /switch \(src\.kind\)/, why: 'AWS credential sources, not profile kinds' },
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe('provider registry (issue 13)', () => {
  it('no code outside common/providers and main/core/providers branches on a profile kind', () => {
    const offending: string[] = [];
    for (const file of ['main', 'common', 'renderer', 'preload'].flatMap(sources)) {
      if (REGISTRY.some((r) => r.test(file))) continue;
      fs.readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const rule = RULES.find((r) => r.re.test(text));
          if (!rule || ALLOWED.some((a) => a.file === file && a.line.test(text))) return;
          offending.push(`${file}:${i + 1}: ${rule.what}: ${text.trim()}`);
        });
    }
    expect(offending, 'move these into the provider registries (docs/architecture.md)').toEqual([]);
  });

  it('every allowlisted line still exists (a stale entry hides nothing)', () => {
    for (const a of ALLOWED) expect(fs.readFileSync(path.join(root, a.file), 'utf8')).toMatch(a.line);
  });

  it('the rules catch what they should', () => {
    const caught = (line: string): boolean => RULES.some((r) => r.re.test(line));
    expect(caught('switch (p.kind) {')).toBe(true);
    expect(caught("    case 'foundry':")).toBe(true);
    expect(caught("if (p.kind === 'bedrock' && x)")).toBe(true);
    expect(caught("k !== 'claude-ai' ||")).toBe(true);
    expect(caught("['bedrock', 'vertex'].includes(p.kind)")).toBe(true);
    expect(caught("new Set<ProfileKind>(['claude-ai', 'bedrock'])")).toBe(true);
    expect(caught('const NAME_HINT: Record<ProfileKind, string> = {')).toBe(true);
    expect(caught("if (m.how === 'helper')")).toBe(false);
  });

  it('both registries have every kind of the profile schema, each entry under its own kind', () => {
    const schemaKinds = profileSchema.options.map((o) => (o.shape.kind as { value: string }).value);
    expect([...PROFILE_KINDS].sort()).toEqual(schemaKinds.sort());
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROFILE_KINDS].sort());
    expect(Object.keys(CORE_PROVIDERS).sort()).toEqual([...PROFILE_KINDS].sort());
    for (const k of PROFILE_KINDS) {
      expect(providerOf(k).kind).toBe(k);
      expect(coreOf(k).kind).toBe(k);
    }
  });

  it('the two sides agree: shareable ⇔ bundle steps, login panel ⇔ login draft, sign-in ⇒ a sign-in command', () => {
    for (const k of PROFILE_KINDS) {
      const common = providerOf(k);
      const core = coreOf(k);
      expect(common.traits.shareable, k).toBe(core.bundle !== undefined);
      expect(LOGIN_KINDS.includes(k), k).toBe(core.loginDraft !== undefined);
      const modes = common.authModes?.map((m) => m.value) ?? [undefined];
      for (const authMode of modes)
        if (common.canSignIn({ authMode }))
          expect(core.signIn?.({ awsProfile: 'p' }), `${k} ${authMode}`).toBeDefined();
    }
  });

  it('every field of every provider is a CLI option with one meaning, and every form field has a label', () => {
    const flagOf = new Map<string, string>();
    for (const k of PROFILE_KINDS) {
      for (const f of providerOf(k).fields) {
        expect(flagOf.get(f.key) ?? f.flag, `${k}.${f.key}`).toBe(f.flag);
        flagOf.set(f.key, f.flag);
        if (providerOf(k).form === 'fields' && f.form !== false && f.type !== 'env-secret')
          expect(f.label, `${k}.${f.key}`).toBeTruthy();
      }
      for (const line of providerOf(k).cli.usage.slice(0, 1)) expect(line.startsWith(k)).toBe(true);
    }
  });
});
