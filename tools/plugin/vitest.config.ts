import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

/** Unit tests: the generators on an in-memory tree, no child processes. */
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, include: ['src/**/*.test.ts'] },
});
