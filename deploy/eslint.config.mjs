// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's lint rules, extended for this folder
import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    // These two extend the workspace's configs, which are not a project.
    ignores: ['vitest.config.ts', 'eslint.config.mjs'],
    rules: {
      // The workspace's boundaries, plus this project's: deploy/ may use libs (its tests log through
      // @platform/logging) and is used by nothing.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Build and image tooling (like scripts/ at the root): plain Node scripts that
    // read the environment they run in; the healthcheck runs inside the image.
    files: ['image/**/*.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
