#!/usr/bin/env node
// Runs @doyensec/electronegativity over main/, preload/ and renderer/ (offline), and fails on any
// finding that is not accepted with a reason in electronegativity.exceptions.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cfg = JSON.parse(readFileSync(path.join(root, 'electronegativity.exceptions.json'), 'utf8'));
const work = mkdtempSync(path.join(os.tmpdir(), 'cat-eneg-'));
for (const d of ['main', 'preload', 'renderer', 'package.json'])
  cpSync(path.join(root, d), path.join(work, d), { recursive: true });
const out = path.join(work, 'findings.sarif');
const r = spawnSync(
  process.execPath,
  [
    '-r',
    path.join(root, 'scripts', 'offline-guard.cjs'),
    path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'),
    '-i',
    work,
    '-r',
    '-o',
    out,
    '-v',
    'false',
    '-x',
    Object.keys(cfg.excludedChecks).join(','),
  ],
  { encoding: 'utf8', env: { ...process.env, LANG: 'en' } },
);
if (!existsSync(out)) {
  console.error(r.stdout, r.stderr);
  console.error('electronegativity: no report written');
  process.exit(1);
}
const sarif = JSON.parse(readFileSync(out, 'utf8'));
const findings = (sarif.runs?.[0]?.results ?? []).map((r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return {
    check: r.ruleId,
    file: loc?.artifactLocation?.uri ?? '',
    location: `${loc?.region?.startLine ?? 0}:${loc?.region?.startColumn ?? 0}`,
  };
});
const accepted = findings.filter((f) =>
  cfg.acceptedFindings.some((a) => a.check === f.check && f.file.replace(/^\/+/, '').endsWith(a.file)),
);
const open = findings.filter((f) => !accepted.includes(f));
rmSync(work, { recursive: true, force: true });
for (const f of open) console.log(`  ${f.check}  ${f.file}:${f.location}`);
console.log(
  `electronegativity: ${findings.length} findings, ${accepted.length} accepted with a reason (electronegativity.exceptions.json), ${open.length} open; checks excluded: ${Object.keys(cfg.excludedChecks).join(', ')}`,
);
process.exit(open.length === 0 ? 0 : 1);
