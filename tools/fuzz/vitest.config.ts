import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Each service file starts real processes and sends a few thousand requests.
export default defineConfig((env) =>
  mergeConfig(
    sharedConfig(env),
    defineConfig({ test: { testTimeout: 180_000, hookTimeout: 120_000, maxWorkers: 1 } }),
  ),
);
