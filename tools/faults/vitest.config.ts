import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Each file starts an app as a child process and waits out bounded timeouts; one file at a time.
export default defineConfig((env) =>
  mergeConfig(
    sharedConfig(env),
    defineConfig({ test: { testTimeout: 60_000, hookTimeout: 90_000, maxWorkers: 1 } }),
  ),
);
