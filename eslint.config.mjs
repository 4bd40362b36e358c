// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** The layer rule of architecture.md, as import restrictions per folder. */
const ours = (...layers) =>
  layers.map((l) => ({
    group: [`**/${l}`, `**/${l}/**`],
    message: `This layer may not import ${l}/ (architecture.md, layer rule).`,
  }));
const noElectron = {
  name: 'electron',
  message: "'electron' is imported only in main/index.ts, main/electron/** and preload/**.",
};
const noIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'ipcMain/ipcRenderer live only in main/electron/typed-ipc.ts and preload/index.ts.',
};
/** The App renders the screens: importing it back from a screen, component or hook is a cycle. */
const noAppRoot = {
  group: ['**/app', '**/app.tsx'],
  message: 'Only renderer/main.tsx imports the App; take Nav from renderer/nav.ts.',
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'],
  message: 'No Node APIs in this layer.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [...ours('main', 'renderer', 'preload', 'test'), nodeBuiltins] },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ours('cli', 'electron', 'renderer', 'preload', 'test') },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ours('electron', 'renderer', 'preload', 'test') },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts', 'main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noIpc], patterns: ours('cli', 'renderer', 'preload', 'test') }],
    },
  },
  {
    files: ['main/electron/typed-ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ours('cli', 'renderer', 'preload', 'test') }] },
  },
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: ours('main', 'renderer', 'test') }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [...ours('main', 'preload', 'test'), nodeBuiltins] },
      ],
    },
  },
  {
    // Repeats the renderer rule: a later block replaces a rule's options, it does not add to them.
    files: ['renderer/screens/**', 'renderer/components/**', 'renderer/hooks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [...ours('main', 'preload', 'test'), nodeBuiltins, noAppRoot] },
      ],
    },
  },
);
