import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// Process-level tests: the real image builds (minutes the first time, mostly npm and tsc; their
// own hook allows for assembling the local bases) run beside the others rather than before them.
export default defineConfig((env) =>
  mergeConfig(
    sharedConfig(env),
    defineConfig({ test: { testTimeout: 120_000, hookTimeout: 300_000, maxWorkers: 2 } }),
  ),
);
