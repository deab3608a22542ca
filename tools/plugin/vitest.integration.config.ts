import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

/** Integration tests: each file generates into its own copy of the workspace and runs the result's checks. */
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['test/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // One file at a time: the copies share the machine's cores with their builds and servers.
    fileParallelism: false,
  },
});
