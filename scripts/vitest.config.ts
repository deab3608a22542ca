import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// The launcher's test builds and starts apps through Nx: a minute on a cold cache.
export default defineConfig((env) =>
  mergeConfig(sharedConfig(env), defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000 } })),
);
