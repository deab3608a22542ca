import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default defineConfig((env) =>
  mergeConfig(
    sharedConfig(env),
    // Each integration file generates into its own copy of the workspace and runs the new
    // project's checks there: minutes, and one file at a time on a small machine.
    env.mode === 'integration'
      ? { test: { testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } }
      : {},
  ),
);
