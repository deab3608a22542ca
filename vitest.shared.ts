import { configDefaults, defineConfig } from 'vitest/config';

/** Workspace libs resolve to their TypeScript source in tests (see each lib's exports map). */
// The rest is vite's defaultServerConditions, which a conditions list replaces.
const conditions = ['@platform/source', 'module', 'node', 'development|production'];
/**
 * Server-side (the tests' node environment, and the --conditions vitest hands to Node for
 * external packages) without 'module': Node ignores it in production, and under it Node would load
 * OpenTelemetry's ESM build, whose extensionless imports only a bundler resolves.
 */
const nodeConditions = conditions.filter((condition) => condition !== 'module');

/**
 * Two kinds of test, told apart by the file name alone:
 * - `*.test.ts` are unit tests (`test` target, `vitest run`): no services, no child processes, seconds;
 * - `*.integration.test.ts` are integration tests (`test:integration` target, `vitest run --mode
 *   integration`): real PostgreSQL, Redis, a browser, nginx, child processes.
 * Both live in `src/` or `test/`.
 */
export const integrationTests = '{src,test}/**/*.integration.test.ts';

export const sharedConfig = defineConfig(({ mode }) => {
  const integration = mode === 'integration';
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions: nodeConditions } },
    test: {
      environment: 'node',
      include: integration ? [integrationTests] : ['{src,test}/**/*.test.ts'],
      exclude: integration ? configDefaults.exclude : [...configDefaults.exclude, integrationTests],
      // A project may have no integration test (yet); its target passes with none.
      passWithNoTests: integration,
      testTimeout: 20_000,
      hookTimeout: 30_000,
      restoreMocks: true,
      // CI adds a JSON report per target; scripts/test-summary.mjs adds them up into one closing line.
      reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
      outputFile: { json: `test-results/${integration ? 'integration' : 'unit'}.json` },
    },
  };
});
