import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// Process-level tests: the image build emulation (a minute or more, mostly waiting on npm and
// tsc) runs beside the others rather than before them.
export default defineConfig((env) =>
  mergeConfig(
    sharedConfig(env),
    defineConfig({ test: { testTimeout: 120_000, hookTimeout: 300_000, maxWorkers: 2 } }),
  ),
);
