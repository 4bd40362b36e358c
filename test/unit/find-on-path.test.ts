import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findOnPath } from '../../main/core/find-on-path';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-path-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const a = path.join(root, 'a');
const b = path.join(root, 'b');
fs.mkdirSync(a);
fs.mkdirSync(b);
fs.writeFileSync(path.join(a, 'aws'), 'x', { mode: 0o644 }); // not executable
fs.mkdirSync(path.join(a, 'gcloud')); // a folder, not a program
fs.writeFileSync(path.join(b, 'aws'), '#!/bin/sh\n', { mode: 0o755 });
fs.writeFileSync(path.join(b, 'gcloud.cmd'), '@echo off\n', { mode: 0o755 });
const env = { PATH: [a, '', b].join(path.delimiter) };

it('finds the first executable file on PATH, skipping non-executables and folders', () => {
  expect(findOnPath('aws', env, 'linux')).toBe(path.join(b, 'aws'));
  expect(findOnPath('gcloud', env, 'linux')).toBeUndefined();
  expect(findOnPath('claude', env, 'linux')).toBeUndefined();
});

it('on Windows also tries .exe and .cmd (how gcloud and npm shims are installed)', () => {
  expect(findOnPath('gcloud', env, 'win32')).toBe(path.join(b, 'gcloud.cmd'));
});
