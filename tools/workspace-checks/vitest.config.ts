import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The scripts pick the folder: `test` runs src/ (unit tests: no child processes, no services),
// `test:integration` runs test/ (Nx, git and actionlint over the real workspace).
export default defineConfig({ ...sharedConfig, test: { ...sharedConfig.test, include: ['**/*.test.ts'] } });
