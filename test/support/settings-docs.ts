/**
 * Random JSONC settings documents in many styles (issue 12, item 3), from a seeded generator, and
 * one profile of every kind with its plan. Used by the byte-for-byte round-trip tests.
 */
import type { Profile } from '../../common/profile';
import { activationPlan } from '../../main/core/claude-settings/activation-plan';

const at = '2026-01-01T00:00:00.000Z';

export const PROFILES: readonly Profile[] = [
  { id: 'key-1', name: 'Key', createdAt: at, kind: 'anthropic-api-key', baseUrl: 'http://127.0.0.1:9999' },
  {
    id: 'helper-1',
    name: 'Helper',
    createdAt: at,
    kind: 'api-key-helper',
    command: 'vault read -field=key x',
    ttlMs: 60000,
  },
  { id: 'sub-1', name: 'Sub', createdAt: at, kind: 'claude-ai' },
  {
    id: 'bed-1',
    name: 'Bedrock SSO',
    createdAt: at,
    kind: 'bedrock',
    region: 'us-west-2',
    awsProfile: 'prod',
    authMode: 'sso',
    models: { model: 'us.anthropic.claude-sonnet-4-5', haikuModel: 'us.anthropic.claude-haiku-4-5' },
  },
  {
    id: 'bed-2',
    name: 'Bedrock key',
    createdAt: at,
    kind: 'bedrock',
    region: 'us-east-1',
    authMode: 'api-key',
    allowPlaintextSecret: true,
  },
  { id: 'vtx-1', name: 'Vertex', createdAt: at, kind: 'vertex', projectId: 'my-project-1', region: 'us-east5' },
  { id: 'fdy-1', name: 'Foundry', createdAt: at, kind: 'foundry', resource: 'my-resource', authMode: 'azure' },
  {
    id: 'fdy-2',
    name: 'Foundry URL',
    createdAt: at,
    kind: 'foundry',
    baseUrl: 'https://example.services.ai.azure.com/anthropic',
    authMode: 'api-key',
    allowPlaintextSecret: true,
  },
  {
    id: 'bed-3',
    name: 'Bedrock export',
    createdAt: at,
    kind: 'bedrock',
    region: 'eu-central-1',
    authMode: 'credential-export',
    credentialExport: '/opt/creds --profile x',
  },
];

export const PLAINTEXT_SECRET = 'bedrock-or-foundry-test-secret-0001';

export function planOf(p: Profile) {
  return activationPlan({
    profile: p,
    helperCommand: `'/opt/Claude Auth Tray/node' cli.js api-key --profile ${p.id}`,
    plaintextSecret: PLAINTEXT_SECRET,
  });
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Style {
  readonly unit: string;
  readonly eol: string;
  readonly colon: string;
  readonly minified: boolean;
  readonly comments: boolean;
  readonly trailingCommas: boolean;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export interface GeneratedDoc {
  readonly text: string;
  readonly trailingCommas: boolean;
}

/** One random settings document. Never holds a plaintext secret of its own (that is refused). */
export function randomSettingsDoc(r: () => number): GeneratedDoc {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const minified = r() < 0.1;
  const s: Style = {
    unit: pick(['  ', '    ', '\t']),
    eol: r() < 0.3 ? '\r\n' : '\n',
    colon: minified ? ':' : pick([': ', ': ', ':', ' : ']),
    minified,
    comments: !minified && r() < 0.35,
    trailingCommas: !minified && r() < 0.2,
  };
  const scalar = (): Json =>
    pick<() => Json>([
      () => Math.floor(r() * 1000),
      () => r() < 0.5,
      () => null,
      () => pick(['x', 'bär — ü ✓ 日本', 'Bash(ls)', 'eu\\u002dwest-1', 'a"b', '']),
    ])();
  const value = (depth: number): Json => {
    if (depth > 2 || r() < 0.5) return scalar();
    if (r() < 0.5) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, value(depth + 1)]));
  };
  const root: [string, Json | 'ENV'][] = [];
  const userKeys = ['model', 'permissions', 'hooks', 'statusLine', 'cleanupPeriodDays', 'n', 'm', 'x-future'];
  for (const k of userKeys) if (r() < 0.5) root.push([k, value(0)]);
  if (r() < 0.3) root.push(['permissions', { allow: ['Bash(ls)'], deny: [] }]);
  if (r() < 0.2) root.push(['apiKeyHelper', 'my-own-helper --flag']);
  if (r() < 0.7) root.splice(Math.floor(r() * (root.length + 1)), 0, ['env', 'ENV']);
  const env: [string, Json][] = [];
  if (r() < 0.7) env.push(['FOO', 'bär — ü']);
  if (r() < 0.4) env.push(['AWS_REGION', 'eu\\u002dwest-1']);
  if (r() < 0.3) env.push(['ANTHROPIC_MODEL', 'my-model']);
  if (r() < 0.3) env.push(['BAR', '1']);
  const deduped = root.filter(([k], i) => root.findIndex(([k2]) => k2 === k) === i);
  const text = emit(deduped, env, s, r);
  const bom = r() < 0.1 ? '\uFEFF' : '';
  const end = s.minified ? '' : r() < 0.85 ? s.eol : '';
  return { text: bom + text + end, trailingCommas: s.trailingCommas };
}

function emit(root: [string, Json | 'ENV'][], env: [string, Json][], s: Style, r: () => number): string {
  const str = (v: string): string => `"${v.replace(/"/g, '\\"')}"`;
  const container = (items: string[], open: string, close: string, depth: number, inline: boolean): string => {
    if (items.length === 0) {
      if (s.minified || r() < 0.6) return open + close;
      return open + (r() < 0.5 ? ' ' : s.eol + s.unit.repeat(depth)) + close;
    }
    if (inline || s.minified) {
      const pad = s.minified ? '' : r() < 0.5 ? ' ' : '';
      const sep = s.minified ? ',' : r() < 0.8 ? ', ' : ',';
      const c = s.comments && r() < 0.2 ? '/* c */ ' : '';
      return open + pad + c + items.join(sep) + pad + close;
    }
    const ind = s.unit.repeat(depth + 1);
    let out = open;
    items.forEach((it, i) => {
      const last = i === items.length - 1;
      const joinNext = !last && r() < 0.15; // "n": 1, "m": 2 on one line
      if (s.comments && r() < 0.2) out += s.eol + ind + '// about the next one';
      out += (out.endsWith(', ') ? '' : s.eol + ind) + it;
      if (!last || (s.trailingCommas && r() < 0.5)) out += ',';
      if (joinNext) out += ' ';
      else if (s.comments && r() < 0.15) out += ' // tail';
    });
    return out + s.eol + s.unit.repeat(depth) + close;
  };
  const val = (v: Json, depth: number, inline: boolean): string => {
    if (v === null || typeof v !== 'object') return typeof v === 'string' ? str(v) : String(v);
    const inl = inline || r() < 0.5;
    if (Array.isArray(v))
      return container(
        v.map((x) => val(x, depth + 1, inl)),
        '[',
        ']',
        depth,
        inl,
      );
    return container(
      Object.entries(v).map(([k, x]) => str(k) + s.colon + val(x, depth + 1, inl)),
      '{',
      '}',
      depth,
      inl,
    );
  };
  const envText = container(
    env.map(([k, v]) => str(k) + s.colon + val(v, 2, true)),
    '{',
    '}',
    1,
    r() < 0.4,
  );
  const items = root.map(([k, v]) => str(k) + s.colon + (v === 'ENV' ? envText : val(v, 1, false)));
  return container(items, '{', '}', 0, false);
}
