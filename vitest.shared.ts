import { defineConfig } from 'vitest/config';

/** Workspace libs resolve to their TypeScript source in tests (see each lib's exports map). */
// The rest is vite's defaultServerConditions, which a conditions list replaces.
const conditions = ['@platform/source', 'module', 'node', 'development|production'];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    // CI adds a JSON report per project; .ci/run adds them up into one closing line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
