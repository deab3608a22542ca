import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// Process-level tests (image build, nginx in front of replicas) take tens of seconds each.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } }),
);
