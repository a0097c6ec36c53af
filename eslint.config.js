import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import { layersPlugin } from './scripts/layers/layer-imports-rule.js';

export default tseslint.config(
  {
    ignores: [
      'out/',
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.native-cache/',
      // The benchmarks' generated caches, builds and scratch files (git-ignored).
      '.bench-cache/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
  },
  {
    // design.md's layer table, on parsed imports (scripts/layers/layer-table.js).
    files: [
      '{src-shared,src-main,src-preload,src-renderer,fake-opencx}/**/*.{ts,mts,cts,js,mjs,cjs,svelte}',
    ],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': ['error', { root: import.meta.dirname }] },
  },
);
