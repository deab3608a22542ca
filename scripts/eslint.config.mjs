import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    // These two extend the workspace's configs, which are not a project.
    files: ['vitest.config.ts', 'eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Tooling: plain Node scripts and their tests read the environment they run in.
    files: ['**/*.mjs', '**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
