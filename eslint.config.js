// Lint with type information, and the process boundaries as import rules: src-shared imports
// nothing platform-specific, the core never imports electron, the renderer never imports
// src-main, node built-ins or electron.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins on this side of the boundary.' })) };

export default defineConfig(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.ts', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // CommonJS loaded by a worker thread with plain require() (no TypeScript there).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noNode, paths: [...noNode.paths, { name: 'electron', message: 'src-shared is platform-free.' }], patterns: [{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports neither side.' }] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/db/**/*.ts', 'src-main/host/**/*.ts', 'src-main/ipc/**/*.ts', 'src-main/devices/**/*.ts', 'src-main/documents/**/*.ts', 'src-main/export/**/*.ts', 'src-main/demo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core runs in plain Node; only src-main/electron may import electron.' }], patterns: [{ group: ['**/src-renderer/**', '**/electron/**'], message: 'The core does not import the renderer or the Electron shell.' }] }],
    },
  },
  {
    // Every write transaction begins IMMEDIATE (src-main/db/open-ledger.ts makes db.transaction()
    // do so); a hand-written BEGIN would be DEFERRED and fail with SQLITE_BUSY under a second writer.
    files: ['src-main/**/*.ts', 'scripts/**/*.{ts,mjs}', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\s*BEGIN(?!\\s+IMMEDIATE)/i]', message: 'Use db.transaction(fn) (it begins IMMEDIATE); never a hand-written BEGIN.' },
        { selector: 'TemplateElement[value.raw=/^\\s*BEGIN(?!\\s+IMMEDIATE)/i]', message: 'Use db.transaction(fn) (it begins IMMEDIATE); never a hand-written BEGIN.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { ...noNode, paths: [...noNode.paths, { name: 'electron', message: 'The renderer talks through window.towncounter only.' }], patterns: [{ group: ['**/src-main/**'], message: 'The renderer never imports src-main; use the IPC contract.' }] }],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
