import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/.nx/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: {
      // Apps may use libs; libs use only libs; tools use libs and tools; nothing imports an app.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is parsed once, by @platform/settings.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through @platform/settings.' },
      ],
    },
  },
  {
    // Tooling, benchmarks and tests may read the environment they run in.
    files: [
      'libs/settings/src/**/*.ts',
      'scripts/**',
      '**/vitest.config.ts',
      'vitest.shared.ts',
      '**/bench/**',
      '**/*.test.ts',
      '**/test/**',
      'libs/*/src/testing/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Test helpers ship as `testing` entry points (@platform/db/testing…), for tests only.
    files: ['**/*.ts'],
    ignores: [
      '**/*.test.ts',
      '**/test/**',
      '**/test-support/**',
      'libs/*/src/testing.ts',
      'libs/*/src/testing/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@platform/*/testing'], message: 'Testing entry points are for tests only.' }],
        },
      ],
    },
  },
  {
    // Test configs share the workspace's vitest settings, which are not a project.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    plugins: { vitest },
    rules: {
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ignores: ['**/public/**'],
    languageOptions: { globals: globals.node },
  },
  {
    // Scripts served to browsers.
    files: ['**/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
