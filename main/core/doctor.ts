import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError, stepFor } from '../../common/errors';
import type { DoctorFinding } from '../../common/ipc-contract';
import type { Profile } from '../../common/profile';
import { ENV_SECRET_VARIABLES, providerOf } from '../../common/providers';
import { maskSecret } from '../../common/redact';
import { readFileIfExists } from './atomic-write';
import { settingsIoError } from './claude-settings/settings-io';
import { parseSettings } from './claude-settings/settings-merge';
import { gitTracked, gitTrackedAsync, type GitTracked } from './git-tracked';
import { userSettingsPath, type Env } from './paths';

/** Variables that hold a credential and should live in the keychain, not in a file or a shell. */
export const SECRET_ENV_NAMES: readonly string[] = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  // Keys a provider can only give Claude Code through its environment (AWS_BEARER_TOKEN_BEDROCK, …).
  ...ENV_SECRET_VARIABLES,
];

/** A doctor finding; the same shape crosses IPC (masked hint only, never the value). */
export type Finding = DoctorFinding;

export interface SettingsLocation {
  readonly scope: 'user' | 'project' | 'local';
  readonly file: string;
}

export function settingsLocations(env: Env, cwd: string): SettingsLocation[] {
  return [
    { scope: 'user', file: userSettingsPath(env) },
    { scope: 'project', file: path.join(cwd, '.claude', 'settings.json') },
    { scope: 'local', file: path.join(cwd, '.claude', 'settings.local.json') },
  ];
}

/** Finds credentials where they do harm: plaintext in settings files, exported in the shell, committed to git. */
export function runDoctor(env: Env = process.env, cwd: string = process.cwd(), active?: Profile): Finding[] {
  const findings: Finding[] = [];
  for (const loc of uniqueLocations(env, cwd)) {
    let text: string | undefined;
    try {
      text = readFileIfExists(loc.file);
    } catch (e) {
      findings.push(unreadable(e, loc.file));
      continue;
    }
    const r = settingsFindings(loc, text);
    findings.push(...r.findings);
    if (r.asksGit) findings.push(...trackedFindings(loc.file, gitTracked(loc.file, env)));
  }
  findings.push(...environmentFindings(env, active));
  return findings;
}

/**
 * The same findings without blocking the thread (the tray's main process): the files are read and
 * git is asked asynchronously (doctor-cache.ts keeps the result until a file changes).
 */
export async function runDoctorAsync(env: Env, cwd: string, active?: Profile): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const loc of uniqueLocations(env, cwd)) {
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(loc.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') findings.push(unreadable(e, loc.file));
      continue;
    }
    const r = settingsFindings(loc, text);
    findings.push(...r.findings);
    if (r.asksGit) findings.push(...trackedFindings(loc.file, await gitTrackedAsync(loc.file, env)));
  }
  findings.push(...environmentFindings(env, active));
  return findings;
}

function uniqueLocations(env: Env, cwd: string): SettingsLocation[] {
  const seen = new Set<string>();
  const out: SettingsLocation[] = [];
  for (const loc of settingsLocations(env, cwd)) {
    const file = path.resolve(loc.file);
    if (seen.has(file)) continue;
    seen.add(file);
    out.push({ ...loc, file });
  }
  return out;
}

function unreadable(e: unknown, file: string): Finding {
  // The doctor only reads (issue 17): the parser's "then try again. It was not changed." is a write's.
  if (e instanceof AppError && (e.kind === 'settings-invalid-json' || e.kind === 'settings-not-object')) {
    const d = e.details as { line?: number; column?: number; reason?: string } | undefined;
    const where =
      d?.line !== undefined ? ` (line ${d.line}${d.reason ? `, column ${d.column}: ${d.reason}` : ''})` : '';
    return {
      kind: 'settings-unreadable',
      severity: 'error',
      file,
      message:
        e.kind === 'settings-invalid-json'
          ? `${file} is not valid JSON${where}: Claude Code may ignore it.`
          : `${file} does not hold a JSON object: Claude Code may ignore it.`,
      // The exact command that checks it again (it said "run `claude-auth-tray status` again" in
      // the doctor's own output, where the doctor is what tells whether it is fixed).
      fix:
        e.kind === 'settings-invalid-json'
          ? `Correct the JSON at ${d?.line !== undefined ? 'that line' : 'the place named'}, then run \`claude-auth-tray doctor\` again.`
          : 'Make it one JSON object ({ … }), then run `claude-auth-tray doctor` again.',
      windowFix:
        e.kind === 'settings-invalid-json'
          ? `Correct the JSON at ${d?.line !== undefined ? 'that line' : 'the place named'}, then check again.`
          : 'Make it one JSON object ({ … }), then check again.',
    };
  }
  const err = settingsIoError(e, file);
  const step = err instanceof AppError ? stepFor(err.nextStep, 'cli') : undefined;
  const done = step && WRITE_TAIL.test(step) ? step.replace(WRITE_TAIL, '') : undefined;
  return {
    kind: 'settings-unreadable',
    severity: 'error',
    file,
    message: (err as Error).message,
    // A file the app will not edit (too deep, a key given twice): the parser's step ends as a write's
    // ("then try again. The file was not changed."); the doctor changed nothing and checks again.
    ...(done
      ? { fix: `${done}, then run \`claude-auth-tray doctor\` again.`, windowFix: `${done}, then check again.` }
      : { fix: step ?? 'Fix the JSON syntax; Claude Code cannot read this file either.' }),
  };
}

/** How the settings parser's next step ends: a write's words (the doctor only reads). */
const WRITE_TAIL = /, then try again\. The file was not changed\.$/;

/** Parses as strict JSON (a BOM allowed): what Claude Code reads. */
function strictJson(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/**
 * Claude Code 2.1.197 ignores a settings file with comments (or trailing commas, which this app's parser refuses anyway) as a whole
 * (test/compat/claude-settings-jsonc.test.ts): this app keeps them byte for byte, but none of the
 * file's settings apply — the user's hooks and permissions, and a switch, neither.
 */
function notStrictJson(file: string): Finding {
  return {
    kind: 'settings-not-strict-json',
    severity: 'warning',
    file,
    message: `${file} has comments: Claude Code does not read such a file, so none of its settings apply (nor a switch of this app).`,
    fix: 'Remove the comments (Claude Code reads strict JSON only), then run `claude-auth-tray doctor` again.',
    windowFix: 'Remove the comments (Claude Code reads strict JSON only), then check again.',
  };
}

/** One settings file's findings (pure), and whether git must be asked if it tracks the file. */
function settingsFindings(loc: SettingsLocation, text: string | undefined): { findings: Finding[]; asksGit: boolean } {
  const file = loc.file;
  if (text === undefined) return { findings: [], asksGit: false };
  let json: Record<string, unknown>;
  try {
    json = parseSettings(text, file);
  } catch (e) {
    return { findings: [unreadable(e, file)], asksGit: false };
  }
  const findings: Finding[] = [];
  if (!strictJson(text)) findings.push(notStrictJson(file));
  const envBlock = json.env && typeof json.env === 'object' ? (json.env as Record<string, unknown>) : {};
  let holdsSecret = false;
  for (const name of SECRET_ENV_NAMES) {
    const v = envBlock[name];
    if (typeof v !== 'string' || v === '') continue;
    holdsSecret = true;
    const fixable = name === 'ANTHROPIC_API_KEY';
    findings.push({
      kind: 'plaintext-in-settings',
      severity: 'warning',
      file,
      variable: name,
      hint: maskSecret(v),
      message: `${name} is stored in plain text in ${loc.scope} settings (${file}).`,
      fix: fixable
        ? 'Move it into the keychain: `claude-auth-tray doctor --fix` adds it as a profile, points Claude Code at the helper and removes the plaintext copy.'
        : `Remove it from the file; keep the key in the keychain (Claude Code reads ${name} only from its environment).`,
      ...(fixable
        ? {
            fixable,
            windowFix:
              'Move it into the keychain with "Move this key into the keychain": it is added as a profile, Claude Code is pointed at the helper and the plaintext copy is removed.',
          }
        : {}),
    });
  }
  return { findings, asksGit: holdsSecret && loc.scope !== 'user' };
}

function trackedFindings(file: string, tracked: GitTracked): Finding[] {
  if (tracked === 'tracked')
    return [
      {
        kind: 'settings-tracked-by-git',
        severity: 'error',
        file,
        message: `${file} holds a secret and is tracked by git: anyone with the repository can read it.`,
        fix: 'Remove the secret from the file, commit that, and revoke the key in the Console (it is in your git history).',
      },
    ];
  if (tracked === 'unknown')
    return [
      {
        kind: 'settings-git-unknown',
        severity: 'warning',
        file,
        message: `${file} holds a secret, and git refused to answer whether it is tracked (a repository of another user, or one that is not safe to open).`,
        fix: 'If you trust the project, check with `git ls-files -- .claude` there; either way keep the key in the keychain, not in this file.',
      },
    ];
  return [];
}

/**
 * An exported key, worded for the active profile (issue 15; by its traits, Claude Code's order): it
 * beats a subscription login and a key Claude Code gets from apiKeyHelper, not a cloud provider.
 */
function exportedKeyMessage(name: string, active: Profile | undefined): string {
  // Without the profile (the tray's cached doctor): true whatever is active.
  if (!active)
    return `${name} is exported in this shell; Claude Code uses it before a Claude.ai login or an apiKeyHelper.`;
  const t = providerOf(active.kind).traits;
  if (t.billing === 'subscription')
    return `${name} is exported in this shell; Claude Code uses it (billed per token) instead of your Claude.ai subscription "${active.name}".`;
  if (t.helperServes)
    return `${name} is exported in this shell; Claude Code uses it instead of the active profile "${active.name}" (its apiKeyHelper).`;
  return `${name} is exported in this shell and is a plaintext credential (the active profile "${active.name}" ranks above it in Claude Code).`;
}

/** The credentials exported in this environment (no file is read). */
export function environmentFindings(env: Env = process.env, active?: Profile): Finding[] {
  const findings: Finding[] = [];
  for (const name of SECRET_ENV_NAMES) {
    const v = env[name];
    if (!v) continue;
    findings.push({
      kind: 'secret-in-environment',
      severity: 'warning',
      variable: name,
      hint: maskSecret(v),
      message:
        name === 'ANTHROPIC_API_KEY' || name === 'ANTHROPIC_AUTH_TOKEN'
          ? exportedKeyMessage(name, active)
          : `${name} is exported in this shell and is a plaintext credential.`,
      fix: `Remove the export of ${name} from your shell profile (e.g. ~/.zshrc, ~/.bashrc) and open a new terminal.`,
    });
  }
  return findings;
}
