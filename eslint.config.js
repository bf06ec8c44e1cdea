// Lint rules, including the layer rule of STYLE.md §1: an import may only point "down".
// shared = common (runs anywhere), renderer = browser, electron/booth = node (never 'electron'),
// electron/main + electron/preload = the Electron shell, server = its own world over shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'worker_threads', 'zlib'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'resources/**', 'test-output/**', '.data/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**'],
    rules: restrict(
      [...nodeBuiltins, 'electron', '**/electron/**', '**/renderer/**', '**/server/**', 'sharp', 'better-sqlite3'],
      'shared/ runs anywhere: no Node, DOM-host, Electron or server imports',
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict([...nodeBuiltins, 'electron', '**/electron/**', '**/server/**', 'sharp', 'better-sqlite3'], 'renderer/ is browser code: talk to the booth through the booth API'),
  },
  {
    files: ['electron/booth/**'],
    rules: restrict(['electron', '**/renderer/**', '**/server/**', '**/electron/main/**', '**/electron/preload/**'], 'electron/booth/ is plain Node: never import electron or UI code'),
  },
  {
    files: ['server/**'],
    rules: restrict(['electron', '**/electron/**', '**/renderer/**'], 'server/ depends on shared/ only'),
  },
);
