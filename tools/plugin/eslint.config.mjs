// The workspace's lint rules, extended for this folder.
import globals from 'globals';
import root from '../../eslint.config.mjs';

export default [
  ...root,
  {
    // The generators' templates are linted where they are generated, as the new project's code.
    ignores: ['src/generators/*/files/**'],
  },
  {
    // Test configs extend the workspace's vitest settings, which are not a project.
    files: ['vitest.*.ts', 'eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The CommonJS entry Nx require()s (see src/generators.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
