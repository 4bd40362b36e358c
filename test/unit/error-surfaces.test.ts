/**
 * One message per error, with wording per surface (issue 17): core errors carry a code and a next
 * step for each surface; the window's (and the tray's) never name a --flag, a command line or an
 * internal code; the CLI's never point at window controls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, errorLine, keyMissingStep } from '../../common/errors';
import { plaintextConsent } from '../../common/providers/shared';
import { explainError, trayFailureNotice } from '../../main/core/tray-actions';

const ROOT = path.resolve(__dirname, '..', '..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? files(rel) : /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** String literals (quotes or backticks) that follow `key:` in a file, with their line numbers. */
function literalsAfter(text: string, key: string): { line: number; value: string }[] {
  const re = new RegExp(`\\b${key}:\\s*(['"\`])((?:\\\\.|(?!\\1)[\\s\\S])*)\\1`, 'g');
  return [...text.matchAll(re)].map((m) => ({ line: text.slice(0, m.index).split('\n').length, value: m[2]! }));
}

const CLI_ADVICE = /(^|[\s`(])--[a-z]|claude-auth-tray |`claude /;
const WINDOW_CONTROLS = /in the window|the [A-Z][a-z]+ (screen|tab)|"(Add profile|Export bundle|Save)"|\bbutton\b/;

describe('AppError: one message, worded per surface', () => {
  const e = new AppError({
    kind: 'plaintext-consent-required',
    message: 'This key would be written in plain text.',
    nextStep: { cli: 'Add --allow-plaintext-secret.', window: 'Tick "Write this key … in plain text".' },
  });

  it('the CLI gets its flags, the window its controls; the message is the same', () => {
    expect(e.toLine('cli')).toBe('This key would be written in plain text. Add --allow-plaintext-secret.');
    expect(e.toLine('window')).toBe('This key would be written in plain text. Tick "Write this key … in plain text".');
    expect(e.toLine()).toBe(e.toLine('cli'));
    expect(e.shown('window')).toEqual({
      message: 'This key would be written in plain text.',
      nextStep: 'Tick "Write this key … in plain text".',
    });
  });

  it('no surface shows the internal code', () => {
    for (const s of ['cli', 'window'] as const) expect(e.toLine(s)).not.toContain('plaintext-consent-required');
    expect(errorLine(e.shown('window'))).not.toMatch(/\(.*-.*\)/);
  });

  it('a plain next step fits both, and a state detail keeps only such a step', () => {
    const plain = new AppError({
      kind: 'helper-exit',
      message: 'The helper failed.',
      nextStep: 'Run it in a terminal.',
    });
    expect(plain.toLine('window')).toBe(plain.toLine('cli'));
    expect(plain.commonLine()).toBe('The helper failed. Run it in a terminal.');
    expect(e.commonLine()).toBe('This key would be written in plain text.');
  });

  it('the tray (which opens the window) shows the window wording', () => {
    expect(explainError(plaintextConsent('AWS_BEARER_TOKEN_BEDROCK')).nextStep).not.toMatch(CLI_ADVICE);
    const notice = trayFailureNotice({ type: 'activate', profileId: 'p-1' }, e, { id: 'p-1', name: 'P' });
    expect(notice.body).toContain('Tick "Write this key');
    expect(notice.body).not.toMatch(/--[a-z]/);
    const missing = new AppError({ kind: 'secret-missing', message: 'gone', nextStep: keyMissingStep('P') });
    expect(explainError(missing).nextStep).toBe('Open the profile and paste its key again.');
    expect(missing.toLine('cli')).toContain('claude-auth-tray edit "P" --key-stdin');
  });
});

describe('the source: no CLI advice in a next step meant for every surface', () => {
  const core = [...files('common'), ...files('main/core')];

  it('a plain-string nextStep in common/ and main/core names no --flag and no command of ours', () => {
    const bad: string[] = [];
    for (const f of core) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const l of literalsAfter(text, 'nextStep'))
        if (CLI_ADVICE.test(l.value)) bad.push(`${f}:${l.line}: ${l.value}`);
    }
    // parseSecretInput is read by the CLI only (standard input): its words are the CLI's.
    expect(bad.filter((b) => !b.startsWith('main/core/secret-text.ts'))).toEqual([]);
  });

  it('a window: wording names no --flag, command line or internal code; a cli: wording no window control', () => {
    const bad: string[] = [];
    for (const f of core) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const l of literalsAfter(text, 'window'))
        if (CLI_ADVICE.test(l.value) || /\((helper|keychain|settings)-[a-z-]+\)/.test(l.value))
          bad.push(`${f}:${l.line}: ${l.value}`);
      for (const l of literalsAfter(text, 'cli'))
        if (WINDOW_CONTROLS.test(l.value)) bad.push(`${f}:${l.line}: ${l.value}`);
    }
    expect(bad).toEqual([]);
  });

  it("a finding's or warning's fix that names the CLI comes with its windowFix", () => {
    const bad: string[] = [];
    for (const f of core) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      const re = /\bfix:\s*(['"`])((?:\\.|(?!\1)[\s\S])*)\1/g;
      for (const m of text.matchAll(re)) {
        if (!/claude-auth-tray |(^|\s|`)--[a-z]/.test(m[2]!)) continue;
        const after = text.slice(m.index + m[0].length, m.index + m[0].length + 400);
        if (!/^\s*,\s*windowFix:/.test(after) && !/^[\s\S]*?windowFix:[\s\S]*?\}/.test(after.split(/\n\s*\}/)[0] + '}'))
          bad.push(`${f}:${text.slice(0, m.index).split('\n').length}: ${m[2]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the CLI never points at window controls', () => {
    const bad: string[] = [];
    for (const f of files('main/cli')) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/^\s*(\*|\/\/)/.test(line)) return; // comments
        if (WINDOW_CONTROLS.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });
});
