// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's lint rules, extended for this folder
import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    // Build and image tooling (like scripts/ at the root): plain Node scripts that
    // read the environment they run in; the healthcheck runs inside the image.
    files: ['image/**/*.mjs'],
    languageOptions: {
      globals: { Buffer: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', setInterval: 'readonly' },
    },
    rules: { 'no-restricted-properties': 'off' },
  },
];
